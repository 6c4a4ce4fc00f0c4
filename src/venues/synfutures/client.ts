/**
 * Chain reads for the SynFutures connector (docs/venues/synfutures.md §2, §3, §9, §13): preflight (chain id, contract
 * code, Observer fallback), discovery (Gate.getAllInstruments, then per ≤ 10 instruments one Multicall3 aggregate3 of
 * Observer.getInstrumentByAddressList + getSetting/fundingHour/placePaused per instrument), state ticks (all
 * getInstrumentByAddressList batches plus the head block in one JSON-RPC batch request) and depth
 * (liquidityDetails + two Instrument.inquire probes per market). Every request goes through the shared JSON-RPC client → kit.http.
 */
import { encodeFunctionData, type Hex } from 'viem';
import { VenueError } from '../../core/errors.js';
import { GATE_ABI, INSTRUMENT_ABI, OBSERVER_ABI } from './abi.js';
import { DEPTH_PER_CALL, DEPTH_TICK_DELTA, INSTRUMENTS_PER_CALL, KNOWN_OBSERVERS, PERP_EXPIRY } from './constants.js';
import type { LiquidityDetails } from './depth.js';
import type { Assembled, Setting } from './normalize.js';
import type { JsonRpcClient } from '../../transports/jsonrpc.js';
import { aggregate3, decodeAggregate3, decodeCall, decodeSub, ethCall, parse, type RpcCall, type Sub, type SubResult } from './rpc.js';
import { BlockResult, HexResult, QuantityResult } from './wire.js';

type Address = `0x${string}`;
export interface BlockStamp {
  number: number;
  /** Block time, epoch ms. */
  timestampMs: number;
}
export interface Discovered {
  data: SubResult<Assembled>;
  setting: SubResult<Setting>;
  fundingHour: SubResult<bigint>;
  placePaused: SubResult<boolean>;
}
export interface Quotation {
  entryNotional: bigint;
  sqrtPostFairPX96: bigint;
  fee: bigint;
}

const chunk = <T>(xs: readonly T[], n: number): T[][] =>
  Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));
/** getInstrumentByAddressList sub-calls per aggregate3 in state ticks (5 × 10 instruments). */
const LISTS_PER_MULTICALL = 5;

export class ChainClient {
  observer: Address;
  constructor(
    private readonly rpc: JsonRpcClient,
    private readonly o: { chainId: number; gate: Address; observer: Address; multicall: Address },
  ) {
    this.observer = o.observer;
  }

  /**
   * Startup checks (docs/venues/synfutures.md §2 "Observer drift"), two requests: (1) chain id, the code of Gate, Multicall3
   * and both known Base Observers, and the instrument list; (2) for each Observer with code, whether
   * getInstrumentByAddressList and getSetting on the first instrument decode with the pinned ABI. Wrong chain or a
   * missing Gate/Multicall3 is a config error; the configured Observer failing either check falls back to the other
   * known address, reported by the returned note.
   */
  async preflight(signal?: AbortSignal): Promise<{ observer: Address; note: string | null }> {
    const alt = KNOWN_OBSERVERS.find((a) => a.toLowerCase() !== this.o.observer.toLowerCase()) as Address;
    const code = (a: string): RpcCall => ({ method: 'eth_getCode', params: [a, 'latest'] });
    const [chain, gate, mc, obs, altObs, list] = await this.rpc.batch(
      [
        { method: 'eth_chainId', params: [] },
        code(this.o.gate),
        code(this.o.multicall),
        code(this.o.observer),
        code(alt),
        ethCall(this.o.gate, encodeFunctionData({ abi: GATE_ABI, functionName: 'getAllInstruments' })),
      ],
      signal,
    );
    const id = Number(parse('eth_chainId', QuantityResult, chain));
    if (id !== this.o.chainId)
      throw new VenueError('synfutures', 'INVALID_CONFIG', `RPC chain id ${id}, expected SYNFUTURES_CHAIN_ID ${this.o.chainId}`);
    const has = (v: unknown, what: string) => parse(`eth_getCode ${what}`, HexResult, v).length > 2;
    if (!has(gate, 'Gate'))
      throw new VenueError('synfutures', 'INVALID_CONFIG', `no contract code at SYNFUTURES_GATE_ADDRESS ${this.o.gate}`);
    if (!has(mc, 'Multicall3'))
      throw new VenueError('synfutures', 'INVALID_CONFIG', `no contract code at SYNFUTURES_MULTICALL_ADDRESS ${this.o.multicall}`);
    const candidates = [
      { address: this.o.observer, code: has(obs, 'Observer') },
      { address: alt, code: has(altObs, 'Observer (fallback)') },
    ].filter((c) => c.code);
    if (candidates.length === 0)
      throw new VenueError('synfutures', 'INVALID_CONFIG', `no contract code at the Observer ${this.o.observer} nor at ${alt}`);
    const first = decodeCall<readonly Address[]>(list, GATE_ABI, 'getAllInstruments', 'Gate.getAllInstruments')[0];
    let usable = candidates.map((c) => ({ ...c, why: null as string | null }));
    if (first) {
      const answers = await this.rpc.batch(
        candidates.map((c) =>
          aggregate3(this.o.multicall, [
            { ...this.observerSub('getInstrumentByAddressList', [[first]]), target: c.address },
            { ...this.observerSub('getSetting', [first]), target: c.address },
          ]),
        ),
        signal,
      );
      usable = candidates.map((c, k) => {
        const subs = decodeAggregate3(answers[k]);
        const a = decodeSub(subs[0], OBSERVER_ABI, 'getInstrumentByAddressList', 'getInstrumentByAddressList');
        const b = decodeSub(subs[1], OBSERVER_ABI, 'getSetting', 'getSetting');
        const bad = [a, b].find((r) => !r.ok);
        return { ...c, why: bad && !bad.ok ? `${bad.error.code}: ${bad.error.message}` : null };
      });
    }
    const pick = usable.find((c) => c.why === null);
    if (!pick)
      throw new VenueError(
        'synfutures',
        'SCHEMA',
        `no Observer answers the pinned ABI: ${usable.map((c) => `${c.address}: ${c.why}`).join('; ')}`,
      );
    this.observer = pick.address;
    if (pick.address === this.o.observer) return { observer: pick.address, note: null };
    const why = usable.find((c) => c.address === this.o.observer)?.why ?? 'no contract code';
    return {
      observer: pick.address,
      note: `SYNFUTURES_OBSERVER_ADDRESS ${this.o.observer} unusable (${why}); using the other known Base Observer ${pick.address}`,
    };
  }

  /** Gate.getAllInstruments(): every listed instrument, in listing order. */
  async instruments(signal?: AbortSignal): Promise<Address[]> {
    const [r] = await this.rpc.batch(
      [ethCall(this.o.gate, encodeFunctionData({ abi: GATE_ABI, functionName: 'getAllInstruments' }))],
      signal,
    );
    return [...decodeCall<readonly Address[]>(r, GATE_ABI, 'getAllInstruments', 'Gate.getAllInstruments')];
  }

  /** Full description of instruments: one aggregate3 per ≤ 10 instruments, all in one JSON-RPC batch. */
  async discover(addrs: readonly Address[], signal?: AbortSignal): Promise<{ items: Map<string, Discovered>; at: BlockStamp | null }> {
    const batches = chunk(addrs, INSTRUMENTS_PER_CALL);
    const calls = batches.map((b) =>
      aggregate3(this.o.multicall, [
        this.observerSub('getInstrumentByAddressList', [b]),
        ...b.map((a) => this.observerSub('getSetting', [a])),
        ...b.map((a) => instrumentSub(a, 'fundingHour')),
        ...b.map((a) => instrumentSub(a, 'placePaused')),
      ]),
    );
    const results = await this.rpc.batch(calls, signal);
    const out = new Map<string, Discovered>();
    let at: BlockStamp | null = null;
    batches.forEach((b, bi) => {
      const subs = decodeAggregate3(results[bi]);
      const list = decodeSub<readonly [readonly Assembled[], { timestamp: number; height: number }]>(
        subs[0],
        OBSERVER_ABI,
        'getInstrumentByAddressList',
        'Observer.getInstrumentByAddressList',
      );
      if (list.ok) at = { number: list.value[1].height, timestampMs: list.value[1].timestamp * 1000 };
      b.forEach((a, i) => {
        const data: SubResult<Assembled> = list.ok
          ? list.value[0][i]
            ? { ok: true, value: list.value[0][i]! }
            : { ok: false, error: new VenueError('synfutures', 'SCHEMA', `getInstrumentByAddressList: no entry for ${a}`) }
          : list;
        out.set(a.toLowerCase(), {
          data,
          setting: decodeSub<Setting>(subs[1 + i], OBSERVER_ABI, 'getSetting', `Observer.getSetting(${a})`),
          fundingHour: decodeSub<bigint>(subs[1 + b.length + i], INSTRUMENT_ABI, 'fundingHour', `${a}.fundingHour()`),
          placePaused: decodeSub<boolean>(subs[1 + 2 * b.length + i], INSTRUMENT_ABI, 'placePaused', `${a}.placePaused()`),
        });
      });
    });
    return { items: out, at };
  }

  /** The state of `addrs` (≤ 10 per Observer call) and the head block, in one HTTP request. */
  async states(
    addrs: readonly Address[],
    signal?: AbortSignal,
  ): Promise<{ head: BlockStamp; at: BlockStamp | null; data: Map<string, Assembled>; errors: VenueError[] }> {
    const lists = chunk(addrs, INSTRUMENTS_PER_CALL);
    const groups = chunk(lists, LISTS_PER_MULTICALL);
    const [block, ...results] = await this.rpc.batch(
      [
        { method: 'eth_getBlockByNumber', params: ['latest', false] },
        ...groups.map((g) =>
          aggregate3(
            this.o.multicall,
            g.map((l) => this.observerSub('getInstrumentByAddressList', [l])),
          ),
        ),
      ],
      signal,
    );
    const b = parse('eth_getBlockByNumber', BlockResult, block);
    const head = { number: Number(b.number), timestampMs: Number(b.timestamp) * 1000 };
    const data = new Map<string, Assembled>();
    const errors: VenueError[] = [];
    let at: BlockStamp | null = null;
    groups.forEach((g, gi) => {
      const subs = decodeAggregate3(results[gi]);
      g.forEach((l, li) => {
        const r = decodeSub<readonly [readonly Assembled[], { timestamp: number; height: number }]>(
          subs[li],
          OBSERVER_ABI,
          'getInstrumentByAddressList',
          'Observer.getInstrumentByAddressList',
        );
        if (!r.ok) return void errors.push(r.error);
        at = { number: r.value[1].height, timestampMs: r.value[1].timestamp * 1000 };
        l.forEach((a, i) => {
          const d = r.value[0][i];
          if (d) data.set(a.toLowerCase(), d);
        });
      });
    });
    return { head, at, data, errors };
  }

  /** liquidityDetails + inquire(±probe) per market; one aggregate3 per ≤ 10 markets, one HTTP request. */
  async depth(
    markets: ReadonlyArray<{ address: Address; probe: bigint | null }>,
    signal?: AbortSignal,
  ): Promise<Map<string, { details: SubResult<LiquidityDetails>; buy: SubResult<Quotation> | null; sell: SubResult<Quotation> | null }>> {
    const batches = chunk(markets, DEPTH_PER_CALL);
    const results = await this.rpc.batch(
      batches.map((b) =>
        aggregate3(
          this.o.multicall,
          b.flatMap((m) => [
            this.observerSub('liquidityDetails', [m.address, PERP_EXPIRY, DEPTH_TICK_DELTA]),
            ...(m.probe
              ? [
                  instrumentSub(m.address, 'inquire', [PERP_EXPIRY, m.probe], true),
                  instrumentSub(m.address, 'inquire', [PERP_EXPIRY, -m.probe], true),
                ]
              : []),
          ]),
        ),
      ),
      signal,
    );
    const out = new Map<
      string,
      { details: SubResult<LiquidityDetails>; buy: SubResult<Quotation> | null; sell: SubResult<Quotation> | null }
    >();
    batches.forEach((b, bi) => {
      const subs = decodeAggregate3(results[bi]);
      let k = 0;
      for (const m of b) {
        const raw = decodeSub<
          readonly [LiquidityDetails['amm'], readonly number[], LiquidityDetails['pearls'], LiquidityDetails['blockInfo']]
        >(subs[k++], OBSERVER_ABI, 'liquidityDetails', `Observer.liquidityDetails(${m.address})`);
        const details: SubResult<LiquidityDetails> = raw.ok
          ? { ok: true, value: { amm: raw.value[0], tids: raw.value[1], pearls: raw.value[2], blockInfo: raw.value[3] } }
          : raw;
        const q = () => decodeSub<Quotation>(subs[k++], INSTRUMENT_ABI, 'inquire', `${m.address}.inquire`);
        const buy = m.probe ? q() : null;
        const sell = m.probe ? q() : null;
        out.set(m.address.toLowerCase(), { details, buy, sell });
      }
    });
    return out;
  }

  private observerSub(functionName: 'getInstrumentByAddressList' | 'getSetting' | 'liquidityDetails', args: readonly unknown[]): Sub {
    return {
      target: this.observer,
      allowFailure: true,
      callData: encodeFunctionData({ abi: OBSERVER_ABI, functionName, args } as Parameters<typeof encodeFunctionData>[0]),
    };
  }
}

function instrumentSub(
  address: Address,
  functionName: 'fundingHour' | 'placePaused' | 'inquire',
  args: readonly unknown[] = [],
  allowFailure = true,
): Sub {
  const callData: Hex = encodeFunctionData({ abi: INSTRUMENT_ABI, functionName, args } as Parameters<typeof encodeFunctionData>[0]);
  return { target: address, allowFailure, callData };
}
