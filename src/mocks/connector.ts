/**
 * The mock connector: the same Connector interface as the live ones, over the shipped datasets (mocks/perp_feeds),
 * replayed in real time from "now" (see replay.ts). Emits metadata at start and every metadata cadence, funding every
 * funding cadence, and stats + a changed book for every market every depth cadence. Every record is stamped
 * source MOCK with asOf = now; health is MOCK/MOCK/MOCK. No network, no module-level state beyond the parse cache.
 */
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
import { loadDataset, rebase, type Dataset, type Rebased, type Series } from './dataset.js';
import { bookAt, fundingAt, fundingRowAt, replayOffset, seedOf, snapAt, statsFrom, type Snap } from './replay.js';
import { weeklyFxHours } from './schedule.js';

export interface MockConnectorOptions {
  /** Clock, epoch ms. The newest stored row is rebased to the time of construction. */
  now: () => number;
  /** Cadences and SLAs. Default DEFAULT_TIMINGS (funding 1 min, depth 10 s, metadata 10 min). */
  timings?: Timings;
  /** Directory holding <venue>.24h.json. Default: the shipped mocks/perp_feeds. */
  datasetDir?: string;
}

interface Market {
  meta: MarketMeta;
  series: Series;
  seed: number;
}

export class MockConnector implements Connector {
  private readonly d: Dataset;
  private readonly timings: Timings;
  private readonly t0: number;
  private readonly time: Rebased;
  private readonly markets = new Map<string, Market>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly last = new Map<Channel, number>();
  private emit: ((e: ConnectorEvent) => void) | null = null;

  constructor(
    readonly venue: Venue,
    private readonly o: MockConnectorOptions,
  ) {
    this.d = loadDataset(venue, o.datasetDir);
    this.timings = o.timings ?? DEFAULT_TIMINGS;
    this.t0 = o.now();
    this.time = rebase(this.d, this.t0);
    for (const meta of this.d.markets) this.markets.set(meta.id, { meta, series: this.d.series[meta.id]!, seed: seedOf(meta.id) });
  }

  /** ms before the dataset's newest row that time `t` replays. */
  private offset(t: number): number {
    return replayOffset(t - this.t0, this.time.spanMs);
  }

  private stamp(channel: Channel, t: number): Stamp {
    return { asOf: t, slaMs: this.timings[channel].slaMs, source: 'MOCK' };
  }

  private bucket(t: number): number {
    return Math.floor(t / this.timings.DEPTH.cadenceMs);
  }

  private snap(m: Market, t: number): Snap {
    return snapAt(this.d, m.series, this.offset(t), this.bucket(t), m.seed);
  }

  private meta(m: Market, t: number): MarketMeta {
    return m.series.schedule === 'WEEKLY_FX' ? { ...m.meta, marketHours: weeklyFxHours(t) } : m.meta;
  }

  private fundingOf(m: Market, t: number, snap = this.snap(m, t)): FundingRate {
    const s = m.series;
    const h = s.intervalHours * 3_600_000;
    // Periodic venues settle on interval boundaries (UTC); continuous venues have no settlement time.
    const next = this.venue === 'aster' ? Math.floor(t / h) * h + h : null;
    return fundingAt(this.venue, m.meta.id, s, fundingRowAt(this.d, s, this.offset(t)), snap, this.stamp('FUNDING', t), next);
  }

  private bookOf(m: Market, t: number, levels = this.d.levels, snap = this.snap(m, t)): OrderBook {
    let ref = snap.mark;
    // SynFutures' book sits around the AMM fair price, and (fair − mark) / mark is the funding rate (venues/synfutures.md §7).
    if (this.venue === 'synfutures') ref = snap.mark * (1 + (this.fundingOf(m, t, snap).rate ?? 0));
    const b = bookAt(this.d, m.meta.id, this.venue, m.series, this.offset(t), ref, this.bucket(t), this.stamp('DEPTH', t));
    return levels >= this.d.levels ? b : { ...b, bids: b.bids.slice(0, levels), asks: b.asks.slice(0, levels) };
  }

  private statsOf(m: Market, t: number, snap = this.snap(m, t)): MarketStats {
    return statsFrom(this.venue, m.series, snap);
  }

  private tick(channel: 'DEPTH' | 'FUNDING' | 'METADATA'): void {
    const emit = this.emit;
    if (!emit) return;
    const t = this.o.now();
    const venue = this.venue;
    this.last.set(channel, t);
    if (channel === 'METADATA') {
      emit({ type: 'metadata', venue, markets: [...this.markets.values()].map((m) => this.meta(m, t)), asOf: t, source: 'MOCK' });
      return;
    }
    if (channel === 'DEPTH') this.last.set('MARK', t);
    for (const m of this.markets.values()) {
      const snap = this.snap(m, t);
      if (channel === 'FUNDING') {
        emit({ type: 'funding', venue, funding: this.fundingOf(m, t, snap) });
      } else {
        emit({ type: 'stats', venue, market: m.meta.id, stats: this.statsOf(m, t, snap), asOf: t, source: 'MOCK' });
        emit({ type: 'book', venue, book: this.bookOf(m, t, this.d.levels, snap) });
      }
    }
  }

  start(opts: ConnectorStartOptions): Promise<void> {
    if (this.emit) return Promise.resolve();
    this.emit = opts.emit;
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
    return Promise.resolve();
  }

  private each<T>(ids: readonly string[], f: (m: Market) => T): Promise<Array<T | Error>> {
    return Promise.resolve(
      ids.map((id) => {
        const m = this.markets.get(id);
        return m ? f(m) : new VenueError(this.venue, 'NOT_FOUND', `${id}: not a ${this.venue} market of the mock dataset`);
      }),
    );
  }

  listMarkets(): Promise<MarketMeta[]> {
    const t = this.o.now();
    return Promise.resolve([...this.markets.values()].map((m) => this.meta(m, t)));
  }
  getStats(ids: readonly string[]): Promise<Array<MarketStats | Error>> {
    return this.each(ids, (m) => this.statsOf(m, this.o.now()));
  }
  getFunding(ids: readonly string[]): Promise<Array<FundingRate | Error>> {
    return this.each(ids, (m) => this.fundingOf(m, this.o.now()));
  }
  getBooks(ids: readonly string[], levels: number): Promise<Array<OrderBook | Error>> {
    return this.each(ids, (m) => this.bookOf(m, this.o.now(), levels));
  }
  watchBook(): void {}
  unwatchBook(): void {}

  /**
   * Funding points on the minute grid of the rebased dataset, within [from, to] and the last span before now: at
   * start exactly the stored rows rebased so the newest is now, later the rows the replay actually served.
   */
  fundingHistory(id: string, from: number, to: number): Promise<FundingPoint[] | null> {
    const m = this.markets.get(id);
    if (!m) return Promise.resolve(null);
    const now = this.o.now();
    const step = this.d.fundingStepMs;
    const lo = Math.max(from, now - this.time.spanMs);
    const hi = Math.min(to, now);
    const out: FundingPoint[] = [];
    for (let k = Math.ceil((lo - this.t0) / step); this.t0 + k * step <= hi; k++) {
      const time = this.t0 + k * step;
      const f = this.fundingOf(m, time);
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
    return Promise.resolve(out);
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
      rateLimit: { budgetPerMinute: 0, usedLastMinute: 0, remaining: 0, throttled: false, lastRetryAfterMs: null, bannedUntil: null },
      marketsExpected: this.markets.size,
      marketsReturned: this.markets.size,
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
