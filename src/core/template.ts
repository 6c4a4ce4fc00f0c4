/**
 * The connector template: the one lifecycle every venue connector shares. A venue describes itself with
 * `defineConnector(options, build)`; `build` receives a `ConnectorContext` (rate limiter, HTTP client, scheduler,
 * health, demand, streams, timers) and returns the venue's parts (jobs, optional stream start, demand hooks,
 * funding history). The template owns:
 *
 * - attach: the app's sink and history writer are attached on `start`;
 * - first metadata: `start` resolves after the first job (the metadata job) ran once, success or failure;
 * - fast recovery: a failed metadata job retries after a capped, jittered exponential backoff (RECOVERY_BACKOFF,
 *   seconds) until it succeeds, then returns to its cadence; the retry and its next attempt show in health (source
 *   `recovery`, counters `recovery.*`), and on recovery the other jobs run at once so the venue is live again;
 * - prune after metadata: maps made with `ctx.perMarket()` lose the ids a new metadata event no longer lists;
 * - demand: `watchBook`/`unwatchBook` are ref-counted; the venue hears only the first watch and the last unwatch;
 * - failure policy for secondary sources: `ctx.secondary(name, fn)` types, counts and labels a failure and
 *   returns null, but an AbortError always propagates;
 * - dispose is terminal: streams never restart, timers made with `ctx.later` are cleared, in-flight jobs are
 *   aborted, the HTTP client refuses new requests and nothing is emitted afterwards.
 *
 * There is no latest state here: a connector is an event source plus health, history and demand. The app's
 * store (src/store/latest.ts) is the only latest state.
 */
import { RECOVERY_BACKOFF, type BackoffOptions } from './backoff.js';
import { DEFAULT_TIMINGS, type Timings } from './cadence.js';
import type { Connector, ConnectorIO, ConnectorStartOptions, HistoryWriter } from './connector.js';
import { isAbortError, toVenueError, type VenueError } from './errors.js';
import { HealthTracker } from './health.js';
import { HttpClient, type HttpClientOptions } from './http.js';
import { RateLimiter } from './rate-limit.js';
import { Scheduler, type Job } from './scheduler.js';
import { ResilientStream, type ResilientStreamOptions } from './stream.js';
import type { Channel, ConnectorEvent, FundingPoint, Transport, Venue } from './types.js';

export interface TemplateOptions {
  venue: Venue;
  io: ConnectorIO;
  /** Requests per rolling minute (hard cap). */
  budgetPerMinute: number;
  /** The rolling window of the budget, ms; default 60 000 (a test knob to scale time). */
  rateWindowMs?: number;
  burst?: { limit: number; windowMs: number };
  preferredTransport: Transport;
  timings?: Partial<Timings>;
  http?: Partial<Omit<HttpClientOptions, 'venue' | 'fetch' | 'limiter' | 'now'>>;
  channels?: Channel[];
  /** Backoff of the metadata job's retries after a failure. Default RECOVERY_BACKOFF (1 s doubling to 20 s). */
  recovery?: BackoffOptions;
}

/** What a venue hands the template. The first job is the metadata job (awaited on start). */
export interface VenueParts {
  jobs: Job[];
  /** Run once after the first metadata attempt (e.g. open the stream). Not run after dispose. */
  afterStart?(): void;
  /** First watch of a market (demand appeared). */
  onWatch?(id: string): void;
  /** Last unwatch of a market (demand gone). */
  onUnwatch?(id: string): void;
  /** Venue-native funding history between two times, ascending; null if the venue has none. Default null. */
  fundingHistory?(id: string, from: number, to: number): Promise<FundingPoint[] | null>;
  /** Refresh counters before a health snapshot. */
  beforeHealth?(): void;
  /** Venue cleanup beyond what the template owns (e.g. a queue or a second client). */
  dispose?(): void;
}

const abortError = (): Error => Object.assign(new Error('connector disposed'), { name: 'AbortError' });

export class ConnectorContext {
  readonly venue: Venue;
  readonly io: ConnectorIO;
  readonly limiter: RateLimiter;
  readonly http: HttpClient;
  readonly health: HealthTracker;
  readonly timings: Timings;
  readonly scheduler: Scheduler;
  /** Ids of the markets in the latest metadata (for pruning and demand lookups, not a served state). */
  readonly marketIds = new Set<string>();
  /** Markets a client asked depth for (queries/subscriptions), with a reference count. */
  readonly watched = new Map<string, number>();
  history: HistoryWriter | undefined;
  private readonly streams: ResilientStream[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly pruned: Array<Map<string, unknown>> = [];
  private sink: ((e: ConnectorEvent) => void) | null = null;
  private disposed = false;

  constructor(o: TemplateOptions) {
    this.venue = o.venue;
    this.io = o.io;
    this.timings = { ...DEFAULT_TIMINGS, ...o.timings };
    this.limiter = new RateLimiter({
      budgetPerMinute: o.budgetPerMinute,
      now: o.io.now,
      ...(o.burst ? { burst: o.burst } : {}),
      ...(o.rateWindowMs ? { windowMs: o.rateWindowMs } : {}),
    });
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

  /** Throw an AbortError when the connector was disposed (call after an await that a dispose may have raced). */
  throwIfDisposed(): void {
    if (this.disposed) throw abortError();
  }

  attach(opts: ConnectorStartOptions): void {
    this.sink = opts.emit;
    this.history = opts.history;
  }

  /** A per-market map that loses the ids a new metadata event no longer lists. */
  perMarket<T>(): Map<string, T> {
    const m = new Map<string, T>();
    this.pruned.push(m as Map<string, unknown>);
    return m;
  }

  /** Mark the event's channel fresh in health and forward it. Nothing passes after dispose. */
  emit(e: ConnectorEvent): void {
    if (this.disposed) return;
    const now = this.io.now();
    switch (e.type) {
      case 'metadata':
        this.marketIds.clear();
        for (const m of e.markets) this.marketIds.add(m.id);
        for (const map of this.pruned) for (const id of [...map.keys()]) if (!this.marketIds.has(id)) map.delete(id);
        this.health.marketsReturned = e.markets.length;
        if (this.health.marketsExpected < e.markets.length) this.health.marketsExpected = e.markets.length;
        this.health.success('METADATA', now);
        break;
      case 'stats':
        this.health.success('MARK', now);
        break;
      case 'funding':
        this.health.success('FUNDING', now);
        break;
      case 'book':
        this.health.success('DEPTH', now);
        break;
    }
    this.sink?.(e);
  }

  /** Record a failure (typed) in health and log it. */
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

  /**
   * Run a secondary source: its answer, or null after a failure that is recorded in `sources` (the primary path's
   * health is untouched). An abort (dispose, job cancelled) always propagates.
   */
  async secondary<T>(name: string, run: () => Promise<T>, o: { okReason?: string | null; note?: string } = {}): Promise<T | null> {
    try {
      const r = await run();
      this.throwIfDisposed();
      this.sourceOk(name, o.okReason ?? null);
      return r;
    } catch (err) {
      this.throwIfDisposed();
      this.sourceFailed(name, err, o.note);
      return null;
    }
  }

  job(name: string, channel: Channel, run: (signal: AbortSignal) => Promise<void>, when?: () => boolean, cadenceMs?: number): Job {
    const j: Job = { name, cadenceMs: cadenceMs ?? this.timings[channel].cadenceMs, run };
    if (when) j.when = when;
    return j;
  }

  /** Create a resilient stream whose reconnects are counted in health; dispose stops it for good. */
  stream(o: ResilientStreamOptions): ResilientStream {
    const s = new ResilientStream({
      ...o,
      onClose: (reason) => {
        this.health.reconnected();
        this.io.logger.info('stream restart', { venue: this.venue, stream: o.name, reason });
        o.onClose?.(reason);
      },
    });
    if (this.disposed) s.stop();
    this.streams.push(s);
    return s;
  }

  /** A one-shot timer the template clears on dispose; returns a cancel function. No-op after dispose. */
  later(fn: () => void, ms: number): () => void {
    if (this.disposed) return () => undefined;
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.disposed) fn();
    }, ms);
    t.unref?.();
    this.timers.add(t);
    return () => {
      clearTimeout(t);
      this.timers.delete(t);
    };
  }

  /** Reference-count demand; true on the first watch of a market. */
  watch(id: string): boolean {
    const n = this.watched.get(id) ?? 0;
    this.watched.set(id, n + 1);
    return n === 0;
  }

  /** Release demand; true when the last watch of a market went away. */
  unwatch(id: string): boolean {
    const n = (this.watched.get(id) ?? 0) - 1;
    if (n <= 0) this.watched.delete(id);
    else this.watched.set(id, n);
    return n === 0;
  }

  /** The metadata job failed `attempt` times in a row: show the retry and when it runs in health. */
  retrying(job: string, attempt: number, delayMs: number, err: unknown): void {
    const at = this.io.now() + delayMs;
    const ve = toVenueError(this.venue, err);
    this.health.count('recovery.retries');
    this.health.setCounter('recovery.attempt', attempt);
    this.health.setCounter('recovery.nextAttemptAt', at);
    const next = `next attempt ${attempt + 1} in ${(delayMs / 1000).toFixed(1)} s at ${new Date(at).toISOString()}`;
    this.health.setSource({
      name: 'recovery',
      status: 'UNAVAILABLE',
      reason: `${job} failed ${attempt}× (${ve.code}: ${ve.message}); ${next}`,
      lastSuccessAt: this.health.sources.get('recovery')?.lastSuccessAt ?? null,
    });
    this.io.logger.info('metadata retry scheduled', { venue: this.venue, job, attempt, delayMs });
  }

  /** The metadata job succeeded after `failed` failures. */
  recovered(job: string, failed: number): void {
    this.health.setCounter('recovery.attempt', 0);
    this.health.setCounter('recovery.nextAttemptAt', 0);
    const reason = `${job} recovered after ${failed} failed attempt${failed === 1 ? '' : 's'}; back to its cadence`;
    this.health.setSource({ name: 'recovery', status: 'AVAILABLE', reason, lastSuccessAt: this.io.now() });
    this.io.logger.info('metadata recovered', { venue: this.venue, job, failed });
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.sink = null;
    for (const s of this.streams) s.stop();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.http.dispose();
    await this.scheduler.stop();
  }
}

/** Assemble a `Connector` from a venue's parts; the template owns the lifecycle (see the file comment). */
export function defineConnector(o: TemplateOptions, build: (ctx: ConnectorContext) => VenueParts): Connector {
  const ctx = new ConnectorContext(o);
  const parts = build(ctx);
  withRecovery(ctx, parts.jobs, o.recovery ?? RECOVERY_BACKOFF);
  let started = false;
  return {
    venue: o.venue,
    async start(opts: ConnectorStartOptions) {
      if (started || ctx.isDisposed) return;
      started = true;
      ctx.attach(opts);
      await ctx.scheduler.start(parts.jobs);
      if (!ctx.isDisposed) parts.afterStart?.();
    },
    watchBook(id) {
      if (ctx.watch(id) && !ctx.isDisposed) parts.onWatch?.(id);
    },
    unwatchBook(id) {
      if (ctx.unwatch(id) && !ctx.isDisposed) parts.onUnwatch?.(id);
    },
    fundingHistory: (id, from, to) => (parts.fundingHistory ? parts.fundingHistory(id, from, to) : Promise.resolve(null)),
    health() {
      parts.beforeHealth?.();
      return ctx.health.snapshot();
    },
    rateLog: () => ctx.limiter.exportLog(),
    seedRateLog: (times) => ctx.limiter.seed(times),
    async dispose() {
      if (ctx.isDisposed) return;
      parts.dispose?.();
      await ctx.dispose();
    },
  };
}

/** Give the first job (metadata/discovery) the fast-recovery policy; on recovery the other jobs run at once. */
function withRecovery(ctx: ConnectorContext, jobs: Job[], backoff: BackoffOptions): void {
  const [first, ...rest] = jobs;
  if (!first || first.retry) return;
  first.retry = {
    ...backoff,
    onRetry: (attempt, delayMs, err) => ctx.retrying(first.name, attempt, delayMs, err),
    onRecovered: (failed) => {
      ctx.recovered(first.name, failed);
      for (const j of rest) void ctx.scheduler.trigger(j);
    },
  };
}
