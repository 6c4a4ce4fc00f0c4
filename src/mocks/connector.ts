/**
 * The mock connector: implements the same Connector interface as the live ones over the shipped 24 h datasets,
 * replayed in real time (ping-pong from "now", see replay.ts). Every record is stamped source MOCK with asOf = now;
 * books change every depth cadence, funding every funding cadence. Health is MOCK/MOCK/MOCK.
 */
import { DEFAULT_TIMINGS, type Timings } from '../core/cadence.js';
import type { Connector, ConnectorStartOptions } from '../core/connector.js';
import { VenueError } from '../core/errors.js';
import { historyRatePerHour } from '../core/funding.js';
import type {
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
import { FUNDING_STEP_MS, loadDataset, type Dataset } from './dataset.js';
import { bookAt, fundingFrom, fundingRow, markAt, replayOffset } from './replay.js';

export interface MockOptions {
  now: () => number;
  timings?: Timings;
  datasetDir?: string;
}

const DAY = 86_400_000;

export class MockConnector implements Connector {
  private readonly d: Dataset;
  private readonly timings: Timings;
  private readonly t0: number;
  private readonly markets: MarketMeta[];
  private readonly timers: NodeJS.Timeout[] = [];
  private emit: ((e: ConnectorEvent) => void) | null = null;
  private readonly last = new Map<string, number>();

  constructor(
    readonly venue: Venue,
    private readonly o: MockOptions,
  ) {
    this.d = loadDataset(venue, o.datasetDir);
    this.timings = o.timings ?? DEFAULT_TIMINGS;
    this.t0 = o.now();
    const shift = this.t0 - this.d.endTime;
    this.markets = this.d.markets.map((m) => ({
      ...m,
      marketHours: {
        isOpen: m.marketHours.isOpen,
        nextOpen: m.marketHours.nextOpen === null ? null : m.marketHours.nextOpen + shift,
        nextClose: m.marketHours.nextClose === null ? null : m.marketHours.nextClose + shift,
      },
    }));
  }

  private offset(t: number): number {
    return replayOffset(t - this.t0);
  }

  private stamp(channel: keyof Timings, t: number): Stamp {
    return { asOf: t, slaMs: this.timings[channel].slaMs, source: 'MOCK' };
  }

  book(id: string, t = this.o.now()): OrderBook {
    const s = this.d.series[id]!;
    return bookAt(id, this.venue, s, this.offset(t), Math.floor(t / this.timings.DEPTH.cadenceMs), this.stamp('DEPTH', t));
  }

  funding(id: string, t = this.o.now()): FundingRate {
    const s = this.d.series[id]!;
    const h = s.intervalHours * 3_600_000;
    const next = this.venue === 'aster' ? Math.ceil((t + 1) / h) * h : null;
    return fundingFrom(this.venue, id, s, fundingRow(s, this.offset(t)), this.stamp('FUNDING', t), next);
  }

  stats(id: string, t = this.o.now()): MarketStats {
    const s = this.d.series[id]!;
    const m = markAt(s, this.offset(t));
    const usd = (x: number) => Math.round(x);
    const q = s.quoteUsd;
    const split = this.venue !== 'aster';
    return {
      markPrice: m.mark,
      indexPrice: m.index,
      priceSource:
        this.venue === 'aster'
          ? 'mock: premiumIndex markPrice'
          : this.venue === 'synfutures'
            ? 'mock: Observer mark price'
            : 'mock: oracle price (no separate mark)',
      volume24hUsd: s.volume24hUsd,
      openInterest: {
        base: (m.oiLong + m.oiShort) / (m.mark * q),
        usd: usd(m.oiLong + m.oiShort),
        long: split ? usd(m.oiLong) : null,
        short: split ? usd(m.oiShort) : null,
        longBase: split ? m.oiLong / (m.mark * q) : null,
        shortBase: split ? m.oiShort / (m.mark * q) : null,
        provenance: 'mock dataset',
      },
    };
  }

  private tick(kind: 'DEPTH' | 'FUNDING' | 'METADATA'): void {
    const emit = this.emit;
    if (!emit) return;
    const t = this.o.now();
    this.last.set(kind, t);
    if (kind === 'METADATA') {
      emit({ type: 'metadata', venue: this.venue, markets: this.markets, asOf: t, source: 'MOCK' });
      return;
    }
    for (const m of this.markets) {
      if (kind === 'DEPTH') {
        this.last.set('MARK', t);
        emit({ type: 'stats', venue: this.venue, market: m.id, stats: this.stats(m.id, t), asOf: t, source: 'MOCK' });
        emit({ type: 'book', venue: this.venue, book: this.book(m.id, t) });
      } else {
        emit({ type: 'funding', venue: this.venue, funding: this.funding(m.id, t) });
      }
    }
  }

  start(opts: ConnectorStartOptions): Promise<void> {
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

  private known(id: string): boolean {
    return id in this.d.series;
  }

  private nf(id: string): VenueError {
    return new VenueError(this.venue, 'NOT_FOUND', `${id}: unknown ${this.venue} market in the mock dataset`);
  }

  listMarkets(): Promise<MarketMeta[]> {
    return Promise.resolve(this.markets);
  }
  getStats(ids: readonly string[]): Promise<Array<MarketStats | Error>> {
    return Promise.resolve(ids.map((id) => (this.known(id) ? this.stats(id) : this.nf(id))));
  }
  getFunding(ids: readonly string[]): Promise<Array<FundingRate | Error>> {
    return Promise.resolve(ids.map((id) => (this.known(id) ? this.funding(id) : this.nf(id))));
  }
  getBooks(ids: readonly string[], levels: number): Promise<Array<OrderBook | Error>> {
    return Promise.resolve(
      ids.map((id) => {
        if (!this.known(id)) return this.nf(id);
        const b = this.book(id);
        return { ...b, bids: b.bids.slice(0, levels), asks: b.asks.slice(0, levels) };
      }),
    );
  }
  watchBook(): void {}
  unwatchBook(): void {}

  /** The stored 24 h of funding, rebased so the newest row is now, within [from, to]. */
  fundingHistory(id: string, from: number, to: number): Promise<FundingPoint[] | null> {
    if (!this.known(id)) return Promise.resolve(null);
    const s = this.d.series[id]!;
    const now = this.o.now();
    const out: FundingPoint[] = [];
    const n = s.funding.length;
    for (let k = 0; k < n; k++) {
      const time = now - (n - 1 - k) * FUNDING_STEP_MS;
      if (time < from || time > to || time < now - DAY) continue;
      const f = fundingFrom(this.venue, id, s, s.funding[k]!, this.stamp('FUNDING', time), null);
      const ph = historyRatePerHour(f);
      if (ph === null) continue;
      out.push({
        time,
        rate: f.rate,
        intervalHours: f.intervalHours,
        ratePerHour: ph,
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
    const started = this.emit !== null;
    return {
      venue: this.venue,
      status: 'MOCK',
      dataSource: 'MOCK',
      transport: 'MOCK',
      channels: (['METADATA', 'MARK', 'FUNDING', 'DEPTH'] as const).map((channel) => {
        const last = this.last.get(channel) ?? null;
        return {
          channel,
          cadenceMs: this.timings[channel].cadenceMs,
          slaMs: this.timings[channel].slaMs,
          lastSuccessAt: last,
          ageMs: last === null ? null : t - last,
          stale: !started,
        };
      }),
      lastError: null,
      consecutiveFailures: 0,
      reconnects: 0,
      resyncs: 0,
      rateLimit: { budgetPerMinute: 0, usedLastMinute: 0, remaining: 0, throttled: false, lastRetryAfterMs: null, bannedUntil: null },
      marketsExpected: this.markets.length,
      marketsReturned: this.markets.length,
      sources: [{ name: 'mock-dataset', status: 'AVAILABLE', reason: `mocks/perp_feeds/${this.venue}.24h.json`, lastSuccessAt: this.t0 }],
      counters: {},
      leader: null,
    };
  }

  dispose(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers.length = 0;
    this.emit = null;
    return Promise.resolve();
  }
}

export function createMockConnector(venue: Venue, o: MockOptions): Connector {
  return new MockConnector(venue, o);
}
