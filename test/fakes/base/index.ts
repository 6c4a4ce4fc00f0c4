/**
 * A fake Base node for the SynFutures connector: JSON-RPC 2.0 over HTTP (single and batched) answering eth_chainId,
 * eth_blockNumber, eth_getBlockByNumber, eth_getCode and eth_call (decoded by selector with viem from the connector's
 * own ABI module, including Multicall3 aggregate3), plus a fake subgraph (hourlyAmmDatas). State is built in tests
 * (instruments added/removed at runtime, head frozen, JSON-RPC errors and reverts injected); faults on HTTP come from
 * the generic FakeServer on path `/rpc` (RPC) and `/subgraph`.
 */
import { decodeFunctionData, encodeErrorResult, encodeFunctionResult, type Abi, type Hex } from 'viem';
import { AGGREGATOR_V3_ABI } from '../../../src/oracles/chainlink.js';
import { ERROR_ABI, GATE_ABI, INSTRUMENT_ABI, MULTICALL3_ABI, OBSERVER_ABI } from '../../../src/venues/synfutures/abi.js';
import { FakeHermes } from '../pyth/index.js';
import type { FakeServer } from '../server.js';
import { startFake } from '../server.js';
import { inquire, liquidityDetails, PERP, Revert, tickOf, type FakeInstrument } from './amm.js';
import { hourlyAnswer, type HourlySeries } from './subgraph.js';

export const BASE = {
  chainId: 8453,
  gate: '0x208B443983D8BcC8578e9D86Db23FbA547071270',
  observer: '0x16Ae357dFe705D1B9862132Dca02e07150876e3E',
  observerOld: '0xDb166a6E454d2a273Cd50CCD6420703564B2a830',
  multicall: '0xcA11bde05977b3631167028862bE2a173976CA11',
  usdc: '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913',
  weth: '0x4200000000000000000000000000000000000006',
} as const;

interface RpcReq {
  id?: unknown;
  method?: string;
  params?: unknown[];
}
type RpcErr = { code: number; message: string; data?: unknown };

const lc = (a: string) => a.toLowerCase();
const hex = (n: number | bigint) => `0x${n.toString(16)}`;

export class FakeBase {
  readonly instruments = new Map<string, FakeInstrument>();
  /** Gate listing order (append-only, like the real Gate). */
  readonly listing: string[] = [];
  /** Address the fake Observer lives at (the other known address has no code unless moved). */
  observerAt: string = BASE.observer;
  /** An Observer with code that answers another ABI layout (32 zero bytes) at this address, if set. */
  driftedObserverAt: string | null = null;
  chainId: number = BASE.chainId;
  /** Frozen head: block number/timestamp stop moving (a lagging node). */
  frozenHead: { number: number; timestamp: number } | null = null;
  /** JSON-RPC errors answered (once each) instead of the next requests' results. */
  readonly rpcErrors: RpcErr[] = [];
  /** Revert these calls: `${address}:${functionName}` (lower-case address). */
  readonly reverts = new Set<string>();
  readonly hourly = new Map<string, HourlySeries>();
  subgraphDown = false;
  /** Other contracts (e.g. another venue's), by lower-case address: calldata in, return data out (throw Revert to revert). */
  readonly contracts = new Map<string, (data: Hex) => Hex>();
  /** Chainlink aggregators (AggregatorV3Interface) by lower-case address: answer, decimals, updatedAt (unix s). */
  readonly aggregators = new Map<string, { answer: bigint; decimals: number; updatedAt: number; roundId: bigint }>();
  readonly methods: string[] = [];
  /** When each JSON-RPC call arrived (one entry per call, batched or not: the connector's limiter weight). */
  readonly callTimes: number[] = [];
  private readonly t0 = Date.now();

  /** Pyth Hermes for the oracle cross-check (SYNFUTURES_HERMES_URL), on a server of its own: another host, its own faults. */
  private constructor(
    readonly server: FakeServer,
    readonly hermes: FakeHermes,
  ) {}

  static async start(): Promise<FakeBase> {
    const f = new FakeBase(await startFake(), await FakeHermes.start());
    f.server.route('POST', '/rpc', (req) => f.rpc(req.body));
    f.server.route('POST', '/subgraph', (req) =>
      f.subgraphDown ? { status: 503, body: { errors: [{ message: 'down' }] } } : hourlyAnswer(f.hourly, req.body),
    );
    return f;
  }

  get rpcUrl(): string {
    return `${this.server.url}/rpc`;
  }
  get subgraphUrl(): string {
    return `${this.server.url}/subgraph`;
  }
  env(extra: Record<string, string> = {}): Record<string, string> {
    return { SYNFUTURES_RPC_URL: this.rpcUrl, SYNFUTURES_SUBGRAPH_URL: this.subgraphUrl, SYNFUTURES_HERMES_URL: this.hermes.url, ...extra };
  }

  add(i: FakeInstrument, series?: HourlySeries): this {
    const k = lc(i.address);
    if (!this.instruments.has(k)) this.listing.push(k);
    this.instruments.set(k, i);
    if (series) this.hourly.set(`${k}-${PERP}`, series);
    return this;
  }

  /** Put a Chainlink aggregator at `address` answering `price` (8 decimals) updated at `updatedAtS`. */
  aggregator(address: string, price: number, updatedAtS = Math.floor(Date.now() / 1000)): this {
    const prev = this.aggregators.get(lc(address));
    const roundId = (prev?.roundId ?? 0n) + 1n;
    this.aggregators.set(lc(address), { answer: BigInt(Math.round(price * 1e8)), decimals: 8, updatedAt: updatedAtS, roundId });
    return this;
  }

  get(address: string): FakeInstrument {
    const i = this.instruments.get(lc(address));
    if (!i) throw new Error(`no fake instrument ${address}`);
    return i;
  }

  block(): { number: number; timestamp: number } {
    if (this.frozenHead) return this.frozenHead;
    return { number: 30_000_000 + Math.floor((Date.now() - this.t0) / 100), timestamp: Math.floor(Date.now() / 1000) };
  }

  async close(): Promise<void> {
    await Promise.all([this.server.close(), this.hermes.close()]);
  }

  private rpc(body: string): unknown {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse error' } };
    }
    return Array.isArray(parsed) ? parsed.map((r) => this.one(r as RpcReq)) : this.one(parsed as RpcReq);
  }

  private one(r: RpcReq): unknown {
    const id = r.id ?? null;
    this.methods.push(r.method ?? '?');
    this.callTimes.push(Date.now());
    const injected = this.rpcErrors.shift();
    if (injected) return { jsonrpc: '2.0', id, error: injected };
    try {
      return { jsonrpc: '2.0', id, result: this.dispatch(r.method ?? '', r.params ?? []) };
    } catch (err) {
      if (err instanceof Revert)
        return { jsonrpc: '2.0', id, error: { code: 3, message: 'execution reverted', data: revertData(err.reason) } };
      return { jsonrpc: '2.0', id, error: { code: -32602, message: (err as Error).message } };
    }
  }

  private dispatch(method: string, params: unknown[]): unknown {
    const b = this.block();
    switch (method) {
      case 'eth_chainId':
        return hex(this.chainId);
      case 'eth_blockNumber':
        return hex(b.number);
      case 'eth_getBlockByNumber':
        return { number: hex(b.number), timestamp: hex(b.timestamp), hash: `0x${'ab'.repeat(32)}`, transactions: [] };
      case 'eth_getCode':
        return this.hasCode(String(params[0])) ? '0x6080604052' : '0x';
      case 'eth_call': {
        const tx = params[0] as { to: string; data: Hex };
        return this.call(tx.to, tx.data);
      }
      default:
        throw new Error(`method ${method} not supported by the fake`);
    }
  }

  private hasCode(a: string): boolean {
    const k = lc(a);
    return (
      k === lc(BASE.gate) ||
      k === lc(BASE.multicall) ||
      k === lc(this.observerAt) ||
      k === lc(this.driftedObserverAt ?? '') ||
      this.aggregators.has(k) ||
      this.contracts.has(k) ||
      this.instruments.has(k)
    );
  }

  private call(to: string, data: Hex): Hex {
    const k = lc(to);
    if (k === lc(BASE.multicall)) {
      const { args } = decodeFunctionData({ abi: MULTICALL3_ABI, data });
      const out = args[0].map((c) => {
        try {
          return { success: true, returnData: this.call(c.target, c.callData) };
        } catch (err) {
          if (!(err instanceof Revert) || !c.allowFailure) throw err instanceof Revert ? new Revert('Multicall3: call failed') : err;
          return { success: false, returnData: revertData(err.reason) };
        }
      });
      return encodeFunctionResult({ abi: MULTICALL3_ABI, functionName: 'aggregate3', result: out });
    }
    if (k === lc(BASE.gate)) {
      if (this.reverts.has(`${k}:getAllInstruments`)) throw new Revert('getAllInstruments reverted');
      return enc(
        GATE_ABI,
        'getAllInstruments',
        this.listing.map((a) => this.get(a).address),
      );
    }
    if (k === lc(this.observerAt)) return this.observer(data);
    if (this.driftedObserverAt && k === lc(this.driftedObserverAt)) return `0x${'00'.repeat(32)}`;
    const inst = this.instruments.get(k);
    if (inst) return this.instrument(inst, data);
    const other = this.contracts.get(k);
    if (other) return other(data);
    const agg = this.aggregators.get(k);
    if (agg) {
      const { functionName } = decodeFunctionData({ abi: AGGREGATOR_V3_ABI, data });
      if (functionName === 'decimals') return enc(AGGREGATOR_V3_ABI, functionName, agg.decimals);
      const u = BigInt(agg.updatedAt);
      return enc(AGGREGATOR_V3_ABI, functionName, [agg.roundId, agg.answer, u, u, agg.roundId]);
    }
    return '0x'; // no code: an EOA answers empty data
  }

  private observer(data: Hex): Hex {
    const { functionName, args } = decodeFunctionData({ abi: OBSERVER_ABI, data });
    const b = this.block();
    const blockInfo = { timestamp: b.timestamp, height: b.number };
    if (this.reverts.has(`${lc(this.observerAt)}:${functionName}`)) throw new Revert(`${functionName} paused`);
    switch (functionName) {
      case 'getInstrumentByAddressList': {
        const list = (args[0] as readonly string[]).map((a) => assembled(this.get(a)));
        return enc(OBSERVER_ABI, functionName, [list, blockInfo]);
      }
      case 'getSetting': {
        const i = this.get(args[0] as string);
        return enc(OBSERVER_ABI, functionName, {
          symbol: i.symbol,
          config: BASE.gate,
          gate: BASE.gate,
          market: BASE.gate,
          quote: i.quote.address,
          decimals: i.quote.decimals,
          initialMarginRatio: i.imrBps,
          maintenanceMarginRatio: i.mmrBps,
          param: quoteParam(i),
        });
      }
      case 'liquidityDetails': {
        const i = this.get(args[0] as string);
        const amm = i.amms.find((a) => a.expiry === Number(args[1]));
        if (!amm) throw new Revert('no such pair');
        const d = liquidityDetails(amm, Number(args[2]));
        return enc(OBSERVER_ABI, functionName, [d.amm, d.tids, d.pearls, blockInfo]);
      }
    }
  }

  private instrument(i: FakeInstrument, data: Hex): Hex {
    const { functionName, args } = decodeFunctionData({ abi: INSTRUMENT_ABI, data });
    if (this.reverts.has(`${lc(i.address)}:${functionName}`)) throw new Revert(`${functionName} reverted`);
    switch (functionName) {
      case 'placePaused':
        return enc(INSTRUMENT_ABI, functionName, i.placePaused);
      case 'fundingHour':
        if (i.fundingHour === null) throw new Revert('');
        return enc(INSTRUMENT_ABI, functionName, BigInt(i.fundingHour));
      case 'inquire': {
        const amm = i.amms.find((a) => a.expiry === Number(args[0]));
        if (!amm) throw new Revert('no such pair');
        const q = inquire(amm, args[1] as bigint);
        const entry = q.entryNotional;
        return enc(INSTRUMENT_ABI, functionName, {
          benchmark: i.spot,
          sqrtFairPX96: amm.sqrtPX96,
          tick: tickOf(amm.sqrtPX96),
          mark: amm.mark,
          entryNotional: entry,
          fee: (entry * BigInt(i.tradingFeeRatio + i.protocolFeeRatio)) / 10_000n,
          minAmount: 0n,
          sqrtPostFairPX96: q.sqrtPostFairPX96,
          postTick: q.postTick,
        });
      }
    }
  }
}

function enc(abi: Abi, functionName: string, result: unknown): Hex {
  return encodeFunctionResult({ abi, functionName, result } as Parameters<typeof encodeFunctionResult>[0]);
}

function revertData(reason: string): Hex {
  return encodeErrorResult({ abi: ERROR_ABI, errorName: 'Error', args: [reason] });
}

function quoteParam(i: FakeInstrument) {
  return {
    minMarginAmount: i.minMarginAmount,
    tradingFeeRatio: i.tradingFeeRatio,
    protocolFeeRatio: i.protocolFeeRatio,
    stabilityFeeRatioParam: 0n,
    qtype: i.quote.stable ? 1 : 2,
    tip: 0n,
  };
}

const ZERO = '0x0000000000000000000000000000000000000000';

/** AssembledInstrumentData as the Observer returns it (amms[i] ↔ markPrices[i]). */
function assembled(i: FakeInstrument) {
  return {
    instrumentAddr: i.address,
    symbol: i.symbol,
    market: BASE.gate,
    dexV2Feeder: { ftype: 0, isToken0Quote: false, pair: ZERO, scaler0: 0n, scaler1: 0n },
    priceFeeder: {
      ftype: 1,
      scaler0: 1n,
      aggregator0: i.aggregator?.address ?? ZERO,
      heartBeat0: i.aggregator?.heartbeatS ?? 1200,
      scaler1: 0n,
      aggregator1: ZERO,
      heartBeat1: 0,
    },
    initialMarginRatio: i.imrBps,
    maintenanceMarginRatio: i.mmrBps,
    param: quoteParam(i),
    spotPrice: i.spot,
    condition: i.condition,
    amms: i.amms.map((a) => ({
      expiry: a.expiry,
      timestamp: a.timestamp,
      status: a.status,
      tick: tickOf(a.sqrtPX96),
      sqrtPX96: a.sqrtPX96,
      liquidity: a.liquidity,
      totalLiquidity: a.liquidity,
      totalShort: a.totalShort,
      openInterests: a.openInterests,
      totalLong: a.totalLong,
      involvedFund: 0n,
      feeIndex: 0n,
      protocolFee: 0n,
      longSocialLossIndex: 0n,
      shortSocialLossIndex: 0n,
      longFundingIndex: 0n,
      shortFundingIndex: 0n,
      insuranceFund: a.insuranceFund,
      settlementPrice: 0n,
    })),
    markPrices: i.amms.map((a) => a.mark),
  };
}
