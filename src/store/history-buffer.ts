/**
 * A write-behind buffer in front of a history store whose database can go away (PostgreSQL when scaled out).
 * While the database is unreachable, writes are queued in memory (bounded by point count: past the bound the
 * oldest queued points are dropped and counted), retried with capped exponential backoff, and written in order
 * once the database answers again. Reads say how they were answered (`storage`, `pendingPoints`): queued points
 * are merged into the answer, and with the database down only the queued points are served, labelled
 * UNAVAILABLE. The behaviour does not depend on how long the outage lasts, only on how many points arrive.
 */
import { isAbortError } from '../core/errors.js';
import type { FundingPoint, HistorySource } from '../core/types.js';
import type { Logger } from '../core/logger.js';
import {
  HistoryStoreBase,
  parseResolution,
  summarizeHistory,
  WINDOW_MS,
  type FundingHistoryModel,
  type HistoryStorage,
  type HistoryStore,
  type HistoryWindow,
  type StoredPoint,
} from './history-core.js';

export interface HistoryBufferOptions {
  /** Most points held while the database is unreachable; past it the oldest queued are dropped. Default 100 000. */
  maxPoints?: number;
  /** First retry delay after a failed write, ms; doubles on every failure up to `maxRetryMs`. Default 1000. */
  retryMs?: number;
  /** Longest retry delay, ms. Default 30 000. */
  maxRetryMs?: number;
  /** Points per write while draining the queue. Default 1000. */
  batch?: number;
  now?: () => number;
  logger?: Logger;
}

export interface HistoryBufferStatus {
  /** False from the first failed call until a call succeeds again. */
  reachable: boolean;
  /** Points waiting to be written. */
  queuedPoints: number;
  /** The bound on queuedPoints (`maxPoints`). */
  maxPoints: number;
  /** Points dropped because the queue was full (oldest first), since start. */
  droppedPoints: number;
  /** Points the database refused (not a connectivity error), since start. */
  rejectedPoints: number;
  /** Points written from the queue after an outage, since start. */
  flushedPoints: number;
  /** When the current outage began (epoch ms), or null. */
  outageSince: number | null;
  lastError: { message: string; at: number } | null;
}

/**
 * Connectivity (retry later) vs a refusal of the data (retrying cannot help). PostgreSQL SQLSTATE classes 08
 * (connection), 57P (shutdown), 53 (resources) and 40 (serialization) are transient; errors without a SQLSTATE
 * are socket-level (refused, reset, timeout, "Connection terminated").
 */
export function isTransientStoreError(err: unknown): boolean {
  if (err instanceof TypeError || err instanceof RangeError) return false;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return true;
  if (/^[0-9A-Z]{5}$/.test(code)) return /^(08|57P|53|40)/.test(code);
  if (code.startsWith('SQLITE_')) return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
  return true;
}

const keyOf = (market: string, p: FundingPoint): string => `${market}\u0000${p.source}\u0000${p.time}`;
const finite = (p: FundingPoint): boolean => Number.isFinite(p.ratePerHour) && Number.isFinite(p.time);

export class BufferedHistoryStore implements HistoryStore {
  /** Insertion-ordered: the first entry is the oldest queued point. A rewrite of a key replaces it in place. */
  private readonly queue = new Map<string, { market: string; point: FundingPoint }>();
  private readonly maxPoints: number;
  private readonly now: () => number;
  private reachable = true;
  private dropped = 0;
  private rejected = 0;
  private flushed = 0;
  private outageSince: number | null = null;
  private lastError: { message: string; at: number } | null = null;
  private delay: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private draining: Promise<void> | null = null;
  private closed = false;

  constructor(
    readonly inner: HistoryStore,
    private readonly o: HistoryBufferOptions = {},
  ) {
    this.maxPoints = o.maxPoints ?? 100_000;
    this.now = o.now ?? Date.now;
    this.delay = o.retryMs ?? 1000;
  }

  status(): HistoryBufferStatus {
    return {
      reachable: this.reachable,
      queuedPoints: this.queue.size,
      maxPoints: this.maxPoints,
      droppedPoints: this.dropped,
      rejectedPoints: this.rejected,
      flushedPoints: this.flushed,
      outageSince: this.outageSince,
      lastError: this.lastError,
    };
  }

  async write(market: string, points: FundingPoint[]): Promise<void> {
    const ok = points.filter(finite);
    if (!ok.length) return;
    // Once anything is queued, new points queue behind it, so a later write never lands before an earlier one.
    if (this.queue.size > 0 || this.draining) {
      this.enqueue(market, ok);
      return;
    }
    try {
      await this.inner.write(market, ok);
      this.up();
    } catch (err) {
      if (!this.transient(err)) {
        this.rejected += ok.length;
        throw err;
      }
      this.enqueue(market, ok);
    }
  }

  /** Write everything queued now (also runs on its own after each failure, with backoff). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
      // A transient failure left points behind: retry after the (grown) delay.
      if (this.queue.size > 0) this.schedule();
    });
    return this.draining;
  }

  private enqueue(market: string, points: FundingPoint[]): void {
    for (const point of points) {
      const k = keyOf(market, point);
      this.queue.delete(k);
      this.queue.set(k, { market, point });
    }
    let over = this.queue.size - this.maxPoints;
    if (over > 0) {
      this.dropped += over;
      this.o.logger?.warn('history buffer full: oldest points dropped', { dropped: over, maxPoints: this.maxPoints });
      for (const k of this.queue.keys()) {
        if (over-- <= 0) break;
        this.queue.delete(k);
      }
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.draining || this.closed) return;
    this.timer = setTimeout(() => void this.flush(), this.reachable ? 0 : this.delay);
    this.timer.unref?.();
  }

  private async drain(): Promise<void> {
    const batch = this.o.batch ?? 1000;
    while (this.queue.size > 0) {
      const groups = new Map<string, Array<[string, { market: string; point: FundingPoint }]>>();
      let n = 0;
      for (const e of this.queue) {
        if (n++ >= batch) break;
        const g = groups.get(e[1].market) ?? [];
        g.push(e);
        groups.set(e[1].market, g);
      }
      for (const [market, entries] of groups) {
        try {
          await this.inner.write(
            market,
            entries.map(([, v]) => v.point),
          );
          this.up();
          this.flushed += entries.length;
        } catch (err) {
          if (this.transient(err)) {
            this.delay = Math.min(this.delay * 2, this.o.maxRetryMs ?? 30_000);
            return;
          }
          this.rejected += entries.length;
          this.o.logger?.error('history buffer: points refused by the database', { market, points: entries.length });
        }
        // Only entries not rewritten meanwhile (a rewrite replaced the object and still has to be written).
        for (const [k, v] of entries) if (this.queue.get(k) === v) this.queue.delete(k);
      }
    }
  }

  /** Record a failure; true when it is a connectivity error (queue and retry), false for a refusal. */
  private transient(err: unknown): boolean {
    if (isAbortError(err)) throw err;
    const message = (err as Error)?.message ?? String(err);
    this.lastError = { message, at: this.now() };
    if (!isTransientStoreError(err)) return false;
    if (this.reachable) {
      this.reachable = false;
      this.outageSince = this.now();
      this.o.logger?.warn('history database unreachable: buffering writes', { message, maxPoints: this.maxPoints });
    }
    return true;
  }

  private up(): void {
    if (this.reachable) return;
    this.o.logger?.info('history database reachable again', { queued: this.queue.size, outageMs: this.now() - (this.outageSince ?? 0) });
    this.reachable = true;
    this.outageSince = null;
    this.delay = this.o.retryMs ?? 1000;
  }

  private pending(market: string, from: number, to: number): FundingPoint[] {
    const out: FundingPoint[] = [];
    for (const { market: m, point } of this.queue.values()) if (m === market && point.time >= from && point.time <= to) out.push(point);
    return out;
  }

  private async extreme(which: 'latestTime' | 'earliestTime', market: string, source: HistorySource): Promise<number | null> {
    const queued = this.pending(market, -Infinity, Infinity)
      .filter((p) => p.source === source)
      .map((p) => p.time);
    const pick = (xs: number[]) => (xs.length ? (which === 'latestTime' ? Math.max(...xs) : Math.min(...xs)) : null);
    try {
      const stored = await this.inner[which](market, source);
      this.up();
      return pick([...queued, ...(stored === null ? [] : [stored])]);
    } catch (err) {
      if (!this.transient(err) || !queued.length) throw err;
      return pick(queued);
    }
  }

  latestTime(market: string, source: HistorySource): Promise<number | null> {
    return this.extreme('latestTime', market, source);
  }

  earliestTime(market: string, source: HistorySource): Promise<number | null> {
    return this.extreme('earliestTime', market, source);
  }

  async query(market: string, from: number, to: number, resolution?: string | null): Promise<FundingHistoryModel> {
    parseResolution(resolution);
    const pending = this.pending(market, from, to);
    let stored: { source: HistorySource; points: StoredPoint[] };
    let storage: HistoryStorage = this.queue.size > 0 ? 'BUFFERING' : 'OK';
    try {
      stored =
        this.inner instanceof HistoryStoreBase
          ? await this.inner.readPoints(market, from, to)
          : await this.inner.query(market, from, to).then((m) => ({ source: m.source, points: [] }));
      this.up();
    } catch (err) {
      if (!this.transient(err)) throw err;
      stored = { source: 'GATEWAY_SAMPLED', points: [] };
      storage = 'UNAVAILABLE';
    }
    // The preferred source, as the stores choose it: venue history when there is any.
    const source: HistorySource =
      stored.source === 'VENUE_HISTORY' || pending.some((p) => p.source === 'VENUE_HISTORY') ? 'VENUE_HISTORY' : 'GATEWAY_SAMPLED';
    const mine = pending.filter((p) => p.source === source);
    const byTime = new Map<number, StoredPoint | FundingPoint>(stored.source === source ? stored.points.map((p) => [p.time, p]) : []);
    for (const p of mine) byTime.set(p.time, p);
    const model = summarizeHistory(market, source, from, to, [...byTime.values()], resolution);
    return { ...model, storage, pendingPoints: mine.length };
  }

  window(market: string, window: HistoryWindow, now: number, resolution?: string | null): Promise<FundingHistoryModel> {
    return this.query(market, now - WINDOW_MS[window], now, resolution);
  }

  range(market: string, from: number, to: number): Promise<FundingHistoryModel> {
    return this.query(market, from, to);
  }

  async downsample(now: number): Promise<void> {
    try {
      await this.inner.downsample(now);
      this.up();
    } catch (err) {
      if (!this.transient(err)) throw err;
    }
  }

  /** One last drain (bounded by `graceMs`, default 2 s), then close the inner store; what is left is logged as lost. */
  async close(graceMs = 2000): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.queue.size > 0) {
      let t: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([this.flush(), new Promise<void>((r) => (t = setTimeout(r, graceMs)))]);
      clearTimeout(t);
      if (this.queue.size > 0) this.o.logger?.error('history buffer closed with points unwritten', { points: this.queue.size });
    }
    await this.inner.close();
  }
}

/** The buffer's status when `store` is buffered, else null (SQLite is embedded and needs no buffer). */
export function historyBufferStatus(store: HistoryStore | null | undefined): HistoryBufferStatus | null {
  return store instanceof BufferedHistoryStore ? store.status() : null;
}
