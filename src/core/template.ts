/**
 * ConnectorKit: the shared machinery a venue connector is built from. It owns the venue's rate limiter,
 * HTTP client, scheduler, health tracker and latest state, and implements the state-reading half of the
 * Connector contract (DataLoader-shaped batched getters). A venue supplies jobs/streams and calls `emit`.
 */
import { DEFAULT_TIMINGS, type Timings } from './cadence.js';
import type { Connector, ConnectorIO, ConnectorStartOptions, HistoryWriter } from './connector.js';
import { isAbortError, VenueError, toVenueError } from './errors.js';
import { HealthTracker } from './health.js';
import { HttpClient, type HttpClientOptions } from './http.js';
import { RateLimiter } from './rate-limit.js';
import { Scheduler, type Job } from './scheduler.js';
import { ResilientStream, type ResilientStreamOptions } from './stream.js';
import type {
  Channel,
  ConnectorEvent,
  ConnectorHealth,
  FundingRate,
  MarketMeta,
  MarketStats,
  OrderBook,
  Transport,
  Venue,
} from './types.js';

export interface KitOptions {
  venue: Venue;
  io: ConnectorIO;
  /** Requests per rolling minute (hard cap). */
  budgetPerMinute: number;
  burst?: { limit: number; windowMs: number };
  preferredTransport: Transport;
  timings?: Partial<Timings>;
  http?: Partial<Omit<HttpClientOptions, 'venue' | 'fetch' | 'limiter' | 'now'>>;
  channels?: Channel[];
}

export class ConnectorKit {
  readonly venue: Venue;
  readonly io: ConnectorIO;
  readonly limiter: RateLimiter;
  readonly http: HttpClient;
  readonly health: HealthTracker;
  readonly timings: Timings;
  readonly scheduler: Scheduler;
  readonly markets = new Map<string, MarketMeta>();
  readonly stats = new Map<string, MarketStats & { asOf: number }>();
  readonly funding = new Map<string, FundingRate>();
  readonly books = new Map<string, OrderBook>();
  readonly streams: ResilientStream[] = [];
  /** Markets a client asked depth for (queries/subscriptions), with a reference count. */
  readonly watched = new Map<string, number>();
  history: HistoryWriter | undefined;
  private sink: ((e: ConnectorEvent) => void) | null = null;
  private disposed = false;

  constructor(o: KitOptions) {
    this.venue = o.venue;
    this.io = o.io;
    this.timings = { ...DEFAULT_TIMINGS, ...o.timings };
    this.limiter = new RateLimiter({ budgetPerMinute: o.budgetPerMinute, now: o.io.now, ...(o.burst ? { burst: o.burst } : {}) });
    this.health = new HealthTracker(o.venue, this.timings, this.limiter, o.io.now, {
      preferred: o.preferredTransport,
      ...(o.channels ? { channels: o.channels } : {}),
    });
    this.http = new HttpClient({
      venue: o.venue,
      fetch: o.io.fetch,
      limiter: this.limiter,
      now: o.io.now,
      ...o.http,
      onRequest: (outcome, code) => this.health.count(outcome === 'ok' ? 'requests.ok' : `requests.error.${code ?? 'UNKNOWN'}`),
    });
    this.scheduler = new Scheduler((job, err) => this.fail(job, err));
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Attach the gateway's sink; call from Connector.start. */
  attach(opts: ConnectorStartOptions): void {
    this.sink = opts.emit;
    this.history = opts.history;
  }

  /** Record a normalized event in the latest state, mark its channel fresh, and forward it. */
  emit(e: ConnectorEvent): void {
    if (this.disposed) return;
    switch (e.type) {
      case 'metadata':
        this.markets.clear();
        for (const m of e.markets) this.markets.set(m.id, m);
        this.health.marketsReturned = e.markets.length;
        if (this.health.marketsExpected < e.markets.length) this.health.marketsExpected = e.markets.length;
        this.health.success('METADATA', this.io.now());
        break;
      case 'stats':
        this.stats.set(e.market, { ...e.stats, asOf: e.asOf });
        this.health.success('MARK', this.io.now());
        break;
      case 'funding':
        this.funding.set(e.funding.market, e.funding);
        this.health.success('FUNDING', this.io.now());
        break;
      case 'book':
        this.books.set(e.book.market, e.book);
        this.health.success('DEPTH', this.io.now());
        break;
    }
    this.sink?.(e);
  }

  /** Record a failure (typed) in health and log it. Abort errors pass through untouched. */
  fail(where: string, err: unknown): VenueError {
    const ve = toVenueError(this.venue, err);
    this.health.failure(ve);
    this.io.logger.warn('connector error', { venue: this.venue, where, code: ve.code, message: ve.message });
    return ve;
  }

  /**
   * A secondary source failed: typed, counted (`errors.<name>.<code>`) and shown as UNAVAILABLE in `sources` with the
   * reason, without touching the primary path's health. Aborts pass through. Returns the typed error.
   */
  sourceFailed(name: string, err: unknown, note = ''): VenueError {
    if (isAbortError(err)) throw err;
    const ve = toVenueError(this.venue, err);
    this.health.count(`errors.${name}.${ve.code}`);
    this.health.setSource({
      name,
      status: 'UNAVAILABLE',
      reason: `${ve.code}: ${ve.message}${note}`,
      lastSuccessAt: this.health.sources.get(name)?.lastSuccessAt ?? null,
    });
    this.io.logger.warn('secondary source failed', { venue: this.venue, source: name, code: ve.code, message: ve.message });
    return ve;
  }

  /** A secondary source answered. */
  sourceOk(name: string, reason: string | null = null): void {
    this.health.setSource({ name, status: 'AVAILABLE', reason, lastSuccessAt: this.io.now() });
  }

  job(name: string, channel: Channel, run: (signal: AbortSignal) => Promise<void>, when?: () => boolean, cadenceMs?: number): Job {
    const j: Job = { name, cadenceMs: cadenceMs ?? this.timings[channel].cadenceMs, run };
    if (when) j.when = when;
    return j;
  }

  /** Create a resilient stream whose reconnects are counted in health. */
  stream(o: ResilientStreamOptions): ResilientStream {
    const s = new ResilientStream({
      ...o,
      onClose: (reason) => {
        this.health.reconnected();
        this.io.logger.info('stream restart', { venue: this.venue, stream: o.name, reason });
        o.onClose?.(reason);
      },
    });
    this.streams.push(s);
    return s;
  }

  watch(id: string): boolean {
    const n = this.watched.get(id) ?? 0;
    this.watched.set(id, n + 1);
    return n === 0;
  }

  unwatch(id: string): void {
    const n = (this.watched.get(id) ?? 0) - 1;
    if (n <= 0) this.watched.delete(id);
    else this.watched.set(id, n);
  }

  // ---- DataLoader-shaped getters over the latest state ----
  private notFound(id: string, what: string): Error {
    return this.markets.has(id)
      ? new VenueError(this.venue, 'UNAVAILABLE', `${id}: no ${what} received yet`)
      : new VenueError(this.venue, 'NOT_FOUND', `${id}: unknown ${this.venue} market`);
  }

  listMarkets(): Promise<MarketMeta[]> {
    return Promise.resolve([...this.markets.values()]);
  }

  getStats(ids: readonly string[]): Promise<Array<MarketStats | Error>> {
    return Promise.resolve(ids.map((id) => this.stats.get(id) ?? this.notFound(id, 'mark/stats')));
  }

  getFunding(ids: readonly string[]): Promise<Array<FundingRate | Error>> {
    return Promise.resolve(ids.map((id) => this.funding.get(id) ?? this.notFound(id, 'funding')));
  }

  getBooks(ids: readonly string[], levels: number): Promise<Array<OrderBook | Error>> {
    return Promise.resolve(
      ids.map((id) => {
        const b = this.books.get(id);
        if (!b) return this.notFound(id, 'order book');
        return levels >= b.bids.length && levels >= b.asks.length
          ? b
          : { ...b, bids: b.bids.slice(0, levels), asks: b.asks.slice(0, levels) };
      }),
    );
  }

  snapshot(): ConnectorHealth {
    return this.health.snapshot();
  }

  /** The Connector members a venue usually hands to the kit unchanged (spread them into the connector object). */
  delegates(): Pick<Connector, 'listMarkets' | 'getStats' | 'getFunding' | 'getBooks' | 'health' | 'rateLog' | 'seedRateLog'> {
    return {
      listMarkets: () => this.listMarkets(),
      getStats: (ids) => this.getStats(ids),
      getFunding: (ids) => this.getFunding(ids),
      getBooks: (ids, levels) => this.getBooks(ids, levels),
      health: () => this.snapshot(),
      rateLog: () => this.limiter.exportLog(),
      seedRateLog: (times) => this.limiter.seed(times),
    };
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    for (const s of this.streams) s.stop();
    this.http.dispose();
    await this.scheduler.stop();
    this.sink = null;
  }
}
