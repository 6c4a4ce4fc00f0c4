/**
 * Chain reads for the SynFutures connector (docs/venues/synfutures.md §2, §3, §9, §13) on the shared EVM transport
 * (src/transports/evm.ts: viem `readContract` / `multicall` over the rate-limited JSON-RPC client): preflight (chain
 * id, contract code, Observer fallback), discovery (Gate.getAllInstruments, then per ≤ 10 instruments one Multicall3
 * aggregate3 of Observer.getInstrumentByAddressList + getSetting/fundingHour/placePaused per instrument), state ticks
 * (all getInstrumentByAddressList batches plus the head block in one JSON-RPC batch request) and depth
 * (liquidityDetails + two Instrument.inquire probes per market). Reads of one call share one HTTP request.
 */
import { VenueError } from '../../core/errors.js';
import type { ContractRead, EvmReader, SubResult } from '../../transports/evm.js';
import { parseResult } from '../../transports/jsonrpc.js';
import { GATE_ABI, INSTRUMENT_ABI, OBSERVER_ABI } from './abi.js';
import { DEPTH_PER_CALL, DEPTH_TICK_DELTA, INSTRUMENTS_PER_CALL, KNOWN_OBSERVERS, PERP_EXPIRY } from './constants.js';
import type { LiquidityDetails } from './depth.js';
import type { Assembled, Discovered, Setting } from './normalize.js';
import { BlockResult } from './wire.js';

export type { SubResult } from '../../transports/evm.js';
type Address = `0x${string}`;
export interface BlockStamp {
  number: number;
  /** Block time, epoch ms. */
  timestampMs: number;
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

type ListAnswer = readonly [readonly Assembled[], { timestamp: number; height: number }];
type DepthAnswer = { details: SubResult<LiquidityDetails>; buy: SubResult<Quotation> | null; sell: SubResult<Quotation> | null };
const stampOf = (b: { timestamp: number; height: number }): BlockStamp => ({ number: b.height, timestampMs: b.timestamp * 1000 });

export class ChainClient {
  observer: Address;
  constructor(
    private readonly evm: EvmReader,
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
    const s = this.evm.scope(signal);
    const [id, gate, mc, obs, altObs, list] = await Promise.all([
      s.chainId(),
      s.hasCode(this.o.gate, 'Gate'),
      s.hasCode(this.o.multicall, 'Multicall3'),
      s.hasCode(this.o.observer, 'Observer'),
      s.hasCode(alt, 'Observer (fallback)'),
      s.read<readonly Address[]>(this.gateRead()),
    ]);
    if (id !== this.o.chainId)
      throw new VenueError('synfutures', 'INVALID_CONFIG', `RPC chain id ${id}, expected SYNFUTURES_CHAIN_ID ${this.o.chainId}`);
    if (!gate) throw new VenueError('synfutures', 'INVALID_CONFIG', `no contract code at SYNFUTURES_GATE_ADDRESS ${this.o.gate}`);
    if (!mc) throw new VenueError('synfutures', 'INVALID_CONFIG', `no contract code at SYNFUTURES_MULTICALL_ADDRESS ${this.o.multicall}`);
    const candidates = [
      { address: this.o.observer, code: obs },
      { address: alt, code: altObs },
    ].filter((c) => c.code);
    if (candidates.length === 0)
      throw new VenueError('synfutures', 'INVALID_CONFIG', `no contract code at the Observer ${this.o.observer} nor at ${alt}`);
    const first = list[0];
    let usable = candidates.map((c) => ({ ...c, why: null as string | null }));
    if (first) {
      const s2 = this.evm.scope(signal);
      const answers = await Promise.all(
        candidates.map((c) =>
          s2.multicall([
            { ...this.observerRead('getInstrumentByAddressList', [[first]], 'getInstrumentByAddressList'), address: c.address },
            { ...this.observerRead('getSetting', [first], 'getSetting'), address: c.address },
          ]),
        ),
      );
      usable = candidates.map((c, k) => {
        const bad = answers[k]!.find((r) => !r.ok);
        return { ...c, why: bad && !bad.ok ? `${bad.error.code}: ${bad.error.message}` : null };
      });
    }
    return this.pickObserver(usable);
  }

  private pickObserver(usable: Array<{ address: Address; why: string | null }>): { observer: Address; note: string | null } {
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
    return [...(await this.evm.scope(signal).read<readonly Address[]>(this.gateRead()))];
  }

  /** Full description of instruments: one aggregate3 per ≤ 10 instruments, all in one JSON-RPC batch. */
  async discover(addrs: readonly Address[], signal?: AbortSignal): Promise<{ items: Map<string, Discovered>; at: BlockStamp | null }> {
    const batches = chunk(addrs, INSTRUMENTS_PER_CALL);
    const s = this.evm.scope(signal);
    const results = await Promise.all(
      batches.map((b) =>
        s.multicall([
          this.observerRead('getInstrumentByAddressList', [b], 'Observer.getInstrumentByAddressList'),
          ...b.map((a) => this.observerRead('getSetting', [a], `Observer.getSetting(${a})`)),
          ...b.map((a) => instrumentRead(a, 'fundingHour', [], `${a}.fundingHour()`)),
          ...b.map((a) => instrumentRead(a, 'placePaused', [], `${a}.placePaused()`)),
        ]),
      ),
    );
    const out = new Map<string, Discovered>();
    let at: BlockStamp | null = null;
    batches.forEach((b, bi) => {
      const subs = results[bi]!;
      const list = subs[0] as SubResult<ListAnswer>;
      if (list.ok) at = stampOf(list.value[1]);
      b.forEach((a, i) => {
        const entry = list.ok ? list.value[0][i] : undefined;
        const data: SubResult<Assembled> = !list.ok
          ? list
          : entry
            ? { ok: true, value: entry }
            : { ok: false, error: new VenueError('synfutures', 'SCHEMA', `getInstrumentByAddressList: no entry for ${a}`) };
        out.set(a.toLowerCase(), {
          data,
          setting: subs[1 + i] as SubResult<Setting>,
          fundingHour: subs[1 + b.length + i] as SubResult<bigint>,
          placePaused: subs[1 + 2 * b.length + i] as SubResult<boolean>,
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
    const s = this.evm.scope(signal);
    const [block, ...results] = await Promise.all([
      s.raw('eth_getBlockByNumber', ['latest', false]),
      ...groups.map((g) =>
        s.multicall(g.map((l) => this.observerRead('getInstrumentByAddressList', [l], 'Observer.getInstrumentByAddressList'))),
      ),
    ]);
    const b = parseResult('synfutures', 'eth_getBlockByNumber', BlockResult, block);
    const head = { number: Number(b.number), timestampMs: Number(b.timestamp) * 1000 };
    const data = new Map<string, Assembled>();
    const errors: VenueError[] = [];
    let at: BlockStamp | null = null;
    groups.forEach((g, gi) => {
      const subs = results[gi] as Array<SubResult<ListAnswer>>;
      g.forEach((l, li) => {
        const r = subs[li]!;
        if (!r.ok) return void errors.push(r.error);
        at = stampOf(r.value[1]);
        l.forEach((a, i) => {
          const d = r.value[0][i];
          if (d) data.set(a.toLowerCase(), d);
        });
      });
    });
    return { head, at, data, errors };
  }

  /** liquidityDetails + inquire(±probe) per market; one aggregate3 per ≤ 10 markets, one HTTP request. */
  async depth(markets: ReadonlyArray<{ address: Address; probe: bigint | null }>, signal?: AbortSignal): Promise<Map<string, DepthAnswer>> {
    const batches = chunk(markets, DEPTH_PER_CALL);
    const s = this.evm.scope(signal);
    const results = await Promise.all(
      batches.map((b) =>
        s.multicall(
          b.flatMap((m) => [
            this.observerRead('liquidityDetails', [m.address, PERP_EXPIRY, DEPTH_TICK_DELTA], `Observer.liquidityDetails(${m.address})`),
            ...(m.probe
              ? [
                  instrumentRead(m.address, 'inquire', [PERP_EXPIRY, m.probe], `${m.address}.inquire`),
                  instrumentRead(m.address, 'inquire', [PERP_EXPIRY, -m.probe], `${m.address}.inquire`),
                ]
              : []),
          ]),
        ),
      ),
    );
    const out = new Map<string, DepthAnswer>();
    batches.forEach((b, bi) => {
      const subs = results[bi]!;
      let k = 0;
      for (const m of b) {
        const raw = subs[k++] as SubResult<
          readonly [LiquidityDetails['amm'], readonly number[], LiquidityDetails['pearls'], LiquidityDetails['blockInfo']]
        >;
        const details: SubResult<LiquidityDetails> = raw.ok
          ? { ok: true, value: { amm: raw.value[0], tids: raw.value[1], pearls: raw.value[2], blockInfo: raw.value[3] } }
          : raw;
        const buy = m.probe ? (subs[k++] as SubResult<Quotation>) : null;
        const sell = m.probe ? (subs[k++] as SubResult<Quotation>) : null;
        out.set(m.address.toLowerCase(), { details, buy, sell });
      }
    });
    return out;
  }

  private gateRead(): ContractRead {
    return { address: this.o.gate, abi: GATE_ABI, functionName: 'getAllInstruments', what: 'Gate.getAllInstruments' };
  }

  private observerRead(
    functionName: 'getInstrumentByAddressList' | 'getSetting' | 'liquidityDetails',
    args: readonly unknown[],
    what: string,
  ): ContractRead {
    return { address: this.observer, abi: OBSERVER_ABI, functionName, args, what };
  }
}

function instrumentRead(
  address: Address,
  functionName: 'fundingHour' | 'placePaused' | 'inquire',
  args: readonly unknown[],
  what: string,
): ContractRead {
  return { address, abi: INSTRUMENT_ABI, functionName, args, what };
}
