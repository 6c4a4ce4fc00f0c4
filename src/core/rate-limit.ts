/**
 * Rate-limit guardrail: a rolling 60-second window that is a HARD cap (never more than `budgetPerMinute`
 * request weight in any 60 s window), plus venue pauses (429 Retry-After, 418 bans) and venue-reported usage
 * headers (e.g. a Binance-style X-MBX-USED-WEIGHT-1M). Pure logic over an injected clock; waiting is done by callers.
 */
import type { RateLimitStatus } from './types.js';

const WINDOW_MS = 60_000;

/** The rate-limit status of a venue that sends no request (mock plane, not running): nothing used, nothing paused. */
export function idleRateLimit(): RateLimitStatus {
  return {
    budgetPerMinute: 0,
    usedLastMinute: 0,
    remaining: 0,
    throttled: false,
    lastRetryAfterMs: null,
    bannedUntil: null,
    pausedUntil: null,
    pauseReason: null,
  };
}

export interface RateLimiterOptions {
  /** Requests (weight units) allowed in any rolling 60 s window. */
  budgetPerMinute: number;
  /** Length of the rolling window `budgetPerMinute` applies to, ms. Default 60 000 (a test knob to scale time). */
  windowMs?: number;
  /** Optional secondary window, e.g. Pyth Hermes 30 per 10 s. */
  burst?: { limit: number; windowMs: number };
  now: () => number;
}

export class RateLimiter {
  readonly budgetPerMinute: number;
  /** The rolling window the budget applies to, ms (60 000 but in time-scaled tests). */
  readonly windowMs: number;
  private readonly burst: { limit: number; windowMs: number } | undefined;
  private readonly now: () => number;
  /** [time, weight] of requests in the last window, ascending. */
  private readonly log: Array<[number, number]> = [];
  private pausedUntil = 0;
  private bannedUntilMs = 0;
  private lastRetryAfter: number | null = null;
  private pauseReason: string | null = null;
  /** Weight the venue says we used in its own window (header), at a time. */
  private reported: { used: number; at: number; limit: number } | null = null;

  constructor(opts: RateLimiterOptions) {
    if (!(opts.budgetPerMinute > 0)) throw new RangeError(`budgetPerMinute must be > 0, got ${opts.budgetPerMinute}`);
    this.budgetPerMinute = opts.budgetPerMinute;
    this.windowMs = opts.windowMs ?? WINDOW_MS;
    this.burst = opts.burst;
    this.now = opts.now;
  }

  private prune(t: number): void {
    while (this.log.length > 0 && this.log[0]![0] <= t - Math.max(this.windowMs, this.burst?.windowMs ?? 0)) this.log.shift();
  }

  private usedIn(windowMs: number, t: number): number {
    let used = 0;
    for (let i = this.log.length - 1; i >= 0; i--) {
      const e = this.log[i]!;
      if (e[0] <= t - windowMs) break;
      used += e[1];
    }
    return used;
  }

  /** Weight used in the last 60 s (ours, or the venue's report if larger and recent). */
  used(): number {
    const t = this.now();
    this.prune(t);
    const ours = this.usedIn(this.windowMs, t);
    return ours;
  }

  /**
   * How long to wait (ms) before a request of `weight` may be sent; 0 = now.
   * Accounts for pauses, bans, the 60 s window and the burst window.
   */
  delayFor(weight = 1): number {
    const t = this.now();
    this.prune(t);
    let wait = Math.max(0, this.pausedUntil - t, this.bannedUntilMs - t);
    if (weight > this.budgetPerMinute) weight = this.budgetPerMinute;
    wait = Math.max(wait, this.windowWait(this.windowMs, this.budgetPerMinute, weight, t));
    if (this.burst) wait = Math.max(wait, this.windowWait(this.burst.windowMs, this.burst.limit, weight, t));
    if (this.reported && t - this.reported.at < WINDOW_MS && this.reported.used + weight > this.reported.limit) {
      // The venue says we're at its limit: wait for its window (minute boundary) to roll.
      wait = Math.max(wait, WINDOW_MS - (t % WINDOW_MS));
    }
    return wait;
  }

  private windowWait(windowMs: number, limit: number, weight: number, t: number): number {
    let used = this.usedIn(windowMs, t);
    if (used + weight <= limit) return 0;
    // Walk forward through the log until enough weight has expired.
    for (const [time, w] of this.log) {
      if (time <= t - windowMs) continue;
      used -= w;
      if (used + weight <= limit) return time + windowMs - t + 1;
    }
    return windowMs;
  }

  /** Times of the requests in the last 60 s, one entry per weight unit (to hand the budget over to a new leader). */
  exportLog(): number[] {
    const t = this.now();
    this.prune(t);
    return this.log.flatMap(([time, w]) => Array.from({ length: w }, () => time));
  }

  /** Seed requests another process made (scale-out failover), so the rolling window counts them too. */
  seed(times: number[]): void {
    const t = this.now();
    for (const x of times) if (Number.isFinite(x) && x > t - this.windowMs && x <= t) this.log.push([x, 1]);
    this.log.sort((a, b) => a[0] - b[0]);
  }

  /** Try to take `weight` now; returns false (and takes nothing) if it would exceed a limit. */
  tryAcquire(weight = 1): boolean {
    if (this.delayFor(weight) > 0) return false;
    this.log.push([this.now(), Math.min(weight, this.budgetPerMinute)]);
    return true;
  }

  /** Pause every call to this venue for `ms` (429 Retry-After; absent → caller's backoff), with why (health). */
  pause(ms: number, reason: string | null = null): void {
    this.lastRetryAfter = ms;
    if (this.now() + ms >= this.pausedUntil) this.pauseReason = reason;
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  /** 418-style ban until an absolute time, with why (health). */
  ban(untilMs: number, reason: string | null = null): void {
    if (untilMs >= this.bannedUntilMs) this.pauseReason = reason;
    this.bannedUntilMs = Math.max(this.bannedUntilMs, untilMs);
    this.lastRetryAfter = Math.max(0, untilMs - this.now());
  }

  /** Venue-reported usage (e.g. X-MBX-USED-WEIGHT-1M) against the venue's own limit. */
  report(used: number, limit: number): void {
    if (Number.isFinite(used) && Number.isFinite(limit) && limit > 0) this.reported = { used, at: this.now(), limit };
  }

  status(): RateLimitStatus {
    const t = this.now();
    const used = this.used();
    const throttled = this.pausedUntil > t || this.bannedUntilMs > t || used >= this.budgetPerMinute;
    const until = Math.max(this.pausedUntil, this.bannedUntilMs);
    return {
      budgetPerMinute: this.budgetPerMinute,
      usedLastMinute: used,
      remaining: Math.max(0, this.budgetPerMinute - used),
      throttled,
      lastRetryAfterMs: this.lastRetryAfter,
      bannedUntil: this.bannedUntilMs > t ? this.bannedUntilMs : null,
      pausedUntil: until > t ? until : null,
      pauseReason: until > t ? this.pauseReason : null,
    };
  }
}
