/**
 * The mock connector: the same Connector interface as the live ones, over the shipped datasets (mocks/perp_feeds),
 * replayed in real time from "now" (see replay.ts). Emits metadata at start and every metadata cadence, funding every
 * funding cadence, and stats + a changed book for every market every depth cadence. Every record is stamped
 * source MOCK with asOf = now; health is MOCK/MOCK/MOCK. No network, no module-level state beyond the parse cache.
 */
import { idleRateLimit } from '../core/rate-limit.js';
import { DEFAULT_TIMINGS, type Timings } from '../core/cadence.js';
import type { Connector, ConnectorStartOptions } from '../core/connector.js';
import { VenueError } from '../core/errors.js';
import { historyRatePerHour } from '../core/funding.js';
import type {
  Channel,
  ConnectorEvent,
  ConnectorHealth,
  FundingPoint,
  FundingRate,
  MarketMeta,
  MarketStats,
  OrderBook,
  Stamp,
  Venue,
} from '../core/types.js';
import { checkFundingColumns, loadDataset, rebase, type Dataset, type Rebased, type Series } from './dataset.js';
import { fundingColumnsAt, fundingRowAt, replayOffset, seedOf, snapAt, storedBook } from './replay.js';
import { weeklyFxHours } from './schedule.js';
import type { MockTick, Snap, VenueMock } from './venue-mock.js';

export interface MockConnectorOptions {
  /** Clock, epoch ms. The newest stored row is rebased to the time of construction. */
  now: () => number;
  /** Cadences and SLAs. Default DEFAULT_TIMINGS (funding 1 min, depth 10 s, metadata 10 min). */
  timings?: Timings;
  /** Directory holding <venue>.24h.json. Default: the shipped mocks/perp_feeds. */
  datasetDir?: string;
  /** Imports the venue's mock (the registry's `mock`, handed in by the app: the mock plane names no venue module). */
  mock: () => Promise<VenueMock>;
}

interface Market {
  meta: MarketMeta;
  series: Series;
  seed: number;
}

interface Loaded {
  d: Dataset;
  mock: VenueMock;
  time: Rebased;
  markets: Map<string, Market>;
}

export class MockConnector implements Connector {
  private readonly timings: Timings;
  private readonly t0: number;
  private loaded: Loaded | null = null;
  private loading: Promise<Loaded> | null = null;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly last = new Map<Channel, number>();
  private emit: ((e: ConnectorEvent) => void) | null = null;

  constructor(
    readonly venue: Venue,
    private readonly o: MockConnectorOptions,
  ) {
    this.timings = o.timings ?? DEFAULT_TIMINGS;
    this.t0 = o.now();
  }

  /** The venue's mock and dataset, loaded once (the dataset is checked against the mock's funding columns). */
  private load(): Promise<Loaded> {
    this.loading ??= this.o.mock().then((mock) => {
      const d = loadDataset(this.venue, this.o.datasetDir);
      checkFundingColumns(d, mock.fundingColumns);
      const markets = new Map<string, Market>();
      for (const meta of d.markets) markets.set(meta.id, { meta, series: d.series[meta.id]!, seed: seedOf(meta.id) });
      this.loaded = { d, mock, time: rebase(d, this.t0), markets };
      return this.loaded;
    });
    return this.loading;
  }

  /** ms before the dataset's newest row that time `t` replays. */
  private offset(L: Loaded, t: number): number {
    return replayOffset(t - this.t0, L.time.spanMs);
  }

  private stamp(channel: Channel, t: number): Stamp {
    return { asOf: t, slaMs: this.timings[channel].slaMs, source: 'MOCK' };
  }

  private bucket(t: number): number {
    return Math.floor(t / this.timings.DEPTH.cadenceMs);
  }

  /** One market at time t, as the venue's mock sees it. */
  private tickOf(L: Loaded, m: Market, t: number): MockTick {
    const offset = this.offset(L, t);
    const bucket = this.bucket(t);
    const snap: Snap = snapAt(L.d, m.series, offset, bucket, m.seed);
    return {
      meta: this.storedMeta(m, t),
      series: m.series,
      snap,
      funding: fundingColumnsAt(m.series, fundingRowAt(L.d, m.series, offset)),
      t,
      bucket,
      storedBook: (ref, stamp) => storedBook(L.d, m.meta.id, this.venue, m.series, offset, ref, bucket, stamp),
    };
  }

  private storedMeta(m: Market, t: number): MarketMeta {
    return m.series.schedule === 'WEEKLY_FX' ? { ...m.meta, marketHours: weeklyFxHours(t) } : m.meta;
  }

  /** Served metadata: the venue's normalizer over the tick when its mock has one, else the stored row. */
  private metaOf(L: Loaded, m: Market, t: number): MarketMeta {
    return L.mock.meta ? L.mock.meta(this.tickOf(L, m, t)) : this.storedMeta(m, t);
  }

  private fundingOf(L: Loaded, m: Market, t: number): FundingRate {
    return L.mock.funding(this.tickOf(L, m, t), this.stamp('FUNDING', t));
  }

  private bookOf(L: Loaded, m: Market, t: number, levels: number): OrderBook {
    return this.cut(L.mock.book(this.tickOf(L, m, t), this.stamp('DEPTH', t)), levels);
  }

  private cut(b: OrderBook, levels: number): OrderBook {
    return levels >= b.bids.length && levels >= b.asks.length ? b : { ...b, bids: b.bids.slice(0, levels), asks: b.asks.slice(0, levels) };
  }

  private statsOf(L: Loaded, m: Market, t: number): MarketStats {
    return L.mock.stats(this.tickOf(L, m, t));
  }

  private tick(channel: 'DEPTH' | 'FUNDING' | 'METADATA'): void {
    const emit = this.emit;
    const L = this.loaded;
    if (!emit || !L) return;
    const t = this.o.now();
    const venue = this.venue;
    this.last.set(channel, t);
    if (channel === 'METADATA') {
      emit({ type: 'metadata', venue, markets: [...L.markets.values()].map((m) => this.metaOf(L, m, t)), asOf: t, source: 'MOCK' });
      return;
    }
    if (channel === 'DEPTH') this.last.set('MARK', t);
    for (const m of L.markets.values()) {
      const at = this.tickOf(L, m, t);
      if (channel === 'FUNDING') {
        emit({ type: 'funding', venue, funding: L.mock.funding(at, this.stamp('FUNDING', t)) });
      } else {
        emit({ type: 'stats', venue, market: m.meta.id, stats: L.mock.stats(at), asOf: t, source: 'MOCK' });
        emit({ type: 'book', venue, book: this.cut(L.mock.book(at, this.stamp('DEPTH', t)), L.mock.pushedLevels ?? Infinity) });
      }
    }
  }

  async start(opts: ConnectorStartOptions): Promise<void> {
    if (this.emit) return;
    this.emit = opts.emit;
    await this.load();
    if (this.emit !== opts.emit) return; // disposed while loading
    this.tick('METADATA');
    this.tick('FUNDING');
    this.tick('DEPTH');
    const every = (ms: number, fn: () => void) => {
      const h = setInterval(fn, ms);
      h.unref();
      this.timers.push(h);
    };
    every(this.timings.DEPTH.cadenceMs, () => this.tick('DEPTH'));
    every(this.timings.FUNDING.cadenceMs, () => this.tick('FUNDING'));
    every(this.timings.METADATA.cadenceMs, () => this.tick('METADATA'));
  }

  private async each<T>(ids: readonly string[], f: (L: Loaded, m: Market) => T): Promise<Array<T | Error>> {
    const L = await this.load();
    return ids.map((id) => {
      const m = L.markets.get(id);
      return m ? f(L, m) : new VenueError(this.venue, 'NOT_FOUND', `${id}: not a ${this.venue} market of the mock dataset`);
    });
  }

  async listMarkets(): Promise<MarketMeta[]> {
    const L = await this.load();
    const t = this.o.now();
    return [...L.markets.values()].map((m) => this.metaOf(L, m, t));
  }
  getStats(ids: readonly string[]): Promise<Array<MarketStats | Error>> {
    return this.each(ids, (L, m) => this.statsOf(L, m, this.o.now()));
  }
  getFunding(ids: readonly string[]): Promise<Array<FundingRate | Error>> {
    return this.each(ids, (L, m) => this.fundingOf(L, m, this.o.now()));
  }
  getBooks(ids: readonly string[], levels: number): Promise<Array<OrderBook | Error>> {
    return this.each(ids, (L, m) => this.bookOf(L, m, this.o.now(), levels));
  }
  watchBook(): void {}
  unwatchBook(): void {}

  /**
   * Funding points on the minute grid of the rebased dataset, within [from, to] and the last span before now: at
   * start exactly the stored rows rebased so the newest is now, later the rows the replay actually served.
   */
  async fundingHistory(id: string, from: number, to: number): Promise<FundingPoint[] | null> {
    const L = await this.load();
    const m = L.markets.get(id);
    if (!m) return null;
    const now = this.o.now();
    const step = L.d.fundingStepMs;
    const lo = Math.max(from, now - L.time.spanMs);
    const hi = Math.min(to, now);
    const out: FundingPoint[] = [];
    for (let k = Math.ceil((lo - this.t0) / step); this.t0 + k * step <= hi; k++) {
      const time = this.t0 + k * step;
      const f = this.fundingOf(L, m, time);
      const ratePerHour = historyRatePerHour(f);
      if (ratePerHour === null) continue;
      out.push({
        time,
        rate: f.rate,
        intervalHours: f.intervalHours,
        ratePerHour,
        longCostPerHour: f.longCostPerHour,
        shortCostPerHour: f.shortCostPerHour,
        longBorrowPerHour: f.longBorrowRatePerHour,
        shortBorrowPerHour: f.shortBorrowRatePerHour,
        source: 'MOCK',
      });
    }
    return out;
  }

  health(): ConnectorHealth {
    const t = this.o.now();
    return {
      venue: this.venue,
      status: 'MOCK',
      dataSource: 'MOCK',
      transport: 'MOCK',
      channels: (['METADATA', 'MARK', 'FUNDING', 'DEPTH'] as const).map((channel) => {
        const last = this.last.get(channel) ?? null;
        const ageMs = last === null ? null : Math.max(0, t - last);
        return {
          channel,
          cadenceMs: this.timings[channel].cadenceMs,
          slaMs: this.timings[channel].slaMs,
          lastSuccessAt: last,
          ageMs,
          stale: ageMs === null || ageMs > this.timings[channel].slaMs,
        };
      }),
      lastError: null,
      consecutiveFailures: 0,
      reconnects: 0,
      resyncs: 0,
      rateLimit: idleRateLimit(),
      marketsExpected: this.loaded?.markets.size ?? 0,
      marketsReturned: this.loaded?.markets.size ?? 0,
      sources: [{ name: 'mock-dataset', status: 'AVAILABLE', reason: `mocks/perp_feeds/${this.venue}.24h.json`, lastSuccessAt: this.t0 }],
      counters: {},
      leader: null,
    };
  }

  dispose(): Promise<void> {
    for (const h of this.timers) clearInterval(h);
    this.timers.length = 0;
    this.emit = null;
    return Promise.resolve();
  }
}

export function createMockConnector(venue: Venue, o: MockConnectorOptions): MockConnector {
  return new MockConnector(venue, o);
}
