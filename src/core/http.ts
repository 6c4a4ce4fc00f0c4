/**
 * Resilient REST/JSON-RPC client over an injected fetch: every call passes the venue's rate limiter,
 * has a timeout (AbortSignal), retries retryable failures only (network, 5xx, 429) with capped jittered
 * backoff, honours Retry-After, and validates the payload with zod (a payload that fails validation is a
 * typed SCHEMA error, never a half-filled record). Cancellation is never swallowed.
 */
import type { z } from 'zod';
import { backoffDelay, sleep } from './backoff.js';
import type { FetchFn } from './connector.js';
import { isAbortError, messageWithCause, VenueError } from './errors.js';
import type { RateLimiter } from './rate-limit.js';
import type { Venue } from './types.js';

export interface HttpClientOptions {
  venue: Venue;
  fetch: FetchFn;
  limiter: RateLimiter;
  now: () => number;
  /** Per-request timeout, ms. Default 10 000. */
  timeoutMs?: number;
  /** Retries after the first attempt for retryable errors. Default 2. */
  retries?: number;
  /** Backoff base/cap, ms. Defaults 250 / 5 000. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Longest we will wait for rate budget before failing with RATE_LIMITED. Default 15 000. */
  maxQueueWaitMs?: number;
  /** Called for every response (headers → limiter, e.g. X-MBX-USED-WEIGHT-1M). */
  onResponse?: (res: Response) => void;
  /** Called with every request outcome (for metrics). */
  onRequest?: (outcome: 'ok' | 'error', code?: string) => void;
  defaultHeaders?: Record<string, string>;
  random?: () => number;
  /**
   * Pauses when the venue gives no time: a 429 without Retry-After pauses `rateLimited.baseMs × 2^k` and a 418
   * without one `banned.baseMs × 2^k` (k = such answers in a row, reset by any success), each capped at its
   * `maxMs`. Default: 429 → 1–4 s (jittered), 418 → 120 s, not growing (venues whose notes say more pass theirs).
   */
  pauses?: { rateLimited: { baseMs: number; maxMs: number }; banned: { baseMs: number; maxMs: number } };
  /** A venue's own ban expiry read from an error body (e.g. "banned until <ms>"), epoch ms; null when it states none. */
  banUntil?: (status: number, body: string) => number | null;
}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Rate-limit weight of the call. Default 1. */
  weight?: number;
  signal?: AbortSignal;
  /** Override retries for this call. */
  retries?: number;
  timeoutMs?: number;
}

/** Parse Retry-After (seconds or HTTP date) into ms. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (!value) return null;
  const secs = Number(value);
  if (Number.isFinite(secs) && secs >= 0) return secs * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}

type OptionalKeys = 'onResponse' | 'onRequest' | 'defaultHeaders' | 'random' | 'pauses' | 'banUntil';

export class HttpClient {
  private readonly o: Required<Omit<HttpClientOptions, OptionalKeys>> & Pick<HttpClientOptions, OptionalKeys>;
  private readonly disposed = new AbortController();
  /** 429s / 418s without a stated time in a row (reset by any answer below 400). */
  private strikes = { limited: 0, banned: 0 };

  constructor(opts: HttpClientOptions) {
    this.o = {
      timeoutMs: 10_000,
      retries: 2,
      backoffBaseMs: 250,
      backoffMaxMs: 5_000,
      maxQueueWaitMs: 15_000,
      ...opts,
    };
  }

  get limiter(): RateLimiter {
    return this.o.limiter;
  }

  /** Abort every in-flight and queued request. */
  dispose(): void {
    this.disposed.abort(new VenueError(this.o.venue, 'DISPOSED', 'client disposed'));
  }

  /** Fetch JSON and validate it with `schema`. */
  async json<S extends z.ZodType>(url: string, schema: S, opts: RequestOptions = {}): Promise<z.infer<S>> {
    const body = await this.raw(url, opts);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new VenueError(this.o.venue, 'MALFORMED', `${redact(url)}: expected JSON, got ${JSON.stringify(body.slice(0, 80))}`);
    }
    const res = schema.safeParse(parsed);
    if (!res.success) {
      const issue = res.error.issues[0];
      const where = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid';
      throw new VenueError(this.o.venue, 'SCHEMA', `${redact(url)}: payload does not match the expected shape (${where})`, {
        cause: res.error,
      });
    }
    return res.data as z.infer<S>;
  }

  /** Fetch text with limits, timeout and retries. */
  async raw(url: string, opts: RequestOptions = {}): Promise<string> {
    const retries = opts.retries ?? this.o.retries;
    for (let attempt = 0; ; attempt++) {
      try {
        const out = await this.once(url, opts);
        this.o.onRequest?.('ok');
        return out;
      } catch (err) {
        if (isAbortError(err) && !(err instanceof VenueError)) throw err;
        const ve = err instanceof VenueError ? err : new VenueError(this.o.venue, 'NETWORK', String(err), { cause: err });
        this.o.onRequest?.('error', ve.code);
        if (ve.code === 'DISPOSED' || !ve.retryable || attempt >= retries || ve.code === 'RATE_LIMITED' || ve.code === 'BANNED') throw ve;
        await sleep(
          backoffDelay(attempt, { baseMs: this.o.backoffBaseMs, maxMs: this.o.backoffMaxMs, random: this.o.random ?? Math.random }),
          this.signal(opts.signal),
        );
      }
    }
  }

  private signal(extra?: AbortSignal): AbortSignal {
    return extra ? AbortSignal.any([extra, this.disposed.signal]) : this.disposed.signal;
  }

  private async acquire(weight: number, signal: AbortSignal): Promise<void> {
    const lim = this.o.limiter;
    const deadline = this.o.now() + this.o.maxQueueWaitMs;
    for (;;) {
      if (lim.tryAcquire(weight)) return;
      const wait = lim.delayFor(weight);
      if (this.o.now() + wait > deadline) {
        const st = lim.status();
        throw new VenueError(
          this.o.venue,
          st.bannedUntil ? 'BANNED' : 'RATE_LIMITED',
          `rate budget: ${st.usedLastMinute}/${st.budgetPerMinute} used in the last minute; next slot in ${wait} ms`,
          { retryAfterMs: wait },
        );
      }
      await sleep(Math.max(1, Math.min(wait, 1000)), signal);
    }
  }

  private async once(url: string, opts: RequestOptions): Promise<string> {
    const signal = this.signal(opts.signal);
    await this.acquire(opts.weight ?? 1, signal);
    const timeout = AbortSignal.timeout(opts.timeoutMs ?? this.o.timeoutMs);
    const reqSignal = AbortSignal.any([signal, timeout]);
    let res: Response;
    try {
      const init: RequestInit = {
        method: opts.method ?? 'GET',
        headers: { accept: 'application/json', ...this.o.defaultHeaders, ...opts.headers },
        signal: reqSignal,
      };
      if (opts.body !== undefined) init.body = opts.body;
      res = await this.o.fetch(url, init);
    } catch (err) {
      if (signal.aborted) throw signal.reason as Error;
      if (timeout.aborted)
        throw new VenueError(this.o.venue, 'TIMEOUT', `${redact(url)}: no answer within ${opts.timeoutMs ?? this.o.timeoutMs} ms`);
      throw new VenueError(this.o.venue, 'NETWORK', `${redact(url)}: ${messageWithCause(err)}`, { cause: err });
    }
    this.o.onResponse?.(res);
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      if (signal.aborted) throw signal.reason as Error;
      if (timeout.aborted) throw new VenueError(this.o.venue, 'TIMEOUT', `${redact(url)}: body not received within timeout`);
      throw new VenueError(this.o.venue, 'NETWORK', `${redact(url)}: ${messageWithCause(err)}`, { cause: err });
    }
    const limited = this.rateLimited(url, res, text);
    if (limited) throw limited;
    if (res.status < 400) this.strikes = { limited: 0, banned: 0 };
    if (res.status >= 500) throw new VenueError(this.o.venue, 'HTTP_5XX', `${redact(url)}: HTTP ${res.status}: ${text.slice(0, 120)}`);
    if (res.status === 404) throw new VenueError(this.o.venue, 'NOT_FOUND', `${redact(url)}: HTTP 404`, { retryable: false });
    if (res.status >= 400) throw new VenueError(this.o.venue, 'HTTP_4XX', `${redact(url)}: HTTP ${res.status}: ${text.slice(0, 120)}`);
    return text;
  }

  /**
   * A 429/418 or a body stating a ban: pause the venue's limiter (a stated ban time, else Retry-After, else the
   * growing backoff of `pauses`) and return the typed error; null for any other answer.
   */
  private rateLimited(url: string, res: Response, text: string): VenueError | null {
    const now = this.o.now();
    const stated = res.status >= 400 ? (this.o.banUntil?.(res.status, text) ?? null) : null;
    if (stated !== null && stated > now) {
      const at = new Date(stated).toISOString();
      this.o.limiter.ban(stated, `HTTP ${res.status}: the venue states a ban until ${at}`);
      return new VenueError(this.o.venue, 'BANNED', `${redact(url)}: HTTP ${res.status}: banned until ${at}`, {
        retryAfterMs: stated - now,
      });
    }
    if (res.status !== 429 && res.status !== 418) return null;
    const ra = parseRetryAfter(res.headers.get('retry-after'), now);
    const p = this.o.pauses;
    const st = this.o.limiter.status();
    const until = res.status === 418 ? st.bannedUntil : st.pausedUntil;
    if (ra === null && p && until !== null) {
      // Sent before the pause began (requests in flight together): the pause stands, no further step of the backoff.
      const code = res.status === 418 ? 'BANNED' : 'RATE_LIMITED';
      return new VenueError(this.o.venue, code, `${redact(url)}: HTTP ${res.status} while paused`, { retryAfterMs: until - now });
    }
    if (res.status === 418) {
      const ms = ra ?? (p ? Math.min(p.banned.maxMs, p.banned.baseMs * 2 ** this.strikes.banned++) : 120_000);
      const until = now + ms;
      const why = ra === null ? `HTTP 418 without a time: backoff ${Math.round(ms / 1000)} s` : 'HTTP 418 with Retry-After';
      this.o.limiter.ban(until, why);
      return new VenueError(this.o.venue, 'BANNED', `${redact(url)}: HTTP 418 (IP banned) until ${new Date(until).toISOString()}`, {
        retryAfterMs: ms,
      });
    }
    const ms =
      ra ??
      (p
        ? Math.min(p.rateLimited.maxMs, p.rateLimited.baseMs * 2 ** this.strikes.limited++)
        : backoffDelay(2, { baseMs: 1000, maxMs: 30_000 }));
    this.o.limiter.pause(ms, ra === null ? `HTTP 429 without Retry-After: backoff ${Math.round(ms / 1000)} s` : 'HTTP 429 Retry-After');
    return new VenueError(this.o.venue, 'RATE_LIMITED', `${redact(url)}: HTTP 429, venue paused for ${ms} ms`, { retryAfterMs: ms });
  }
}

/** Strip query strings that may carry keys or signatures before a URL reaches an error message or log. */
export function redact(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const k of [...params.keys()]) if (/sig|key|secret|token|signature/i.test(k)) params.set(k, '***');
  return `${url.slice(0, q)}?${params.toString()}`;
}
