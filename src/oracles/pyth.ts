/**
 * Pyth Hermes, a price source any venue may use (see the docs page of each venue that uses it): batched latest prices over REST and the
 * Server-Sent-Events stream (src/transports/sse.ts), both on a limiter of their own — the public instance allows
 * 30 requests per 10 s per IP and answers 429 for the next 60 s (§4.5). `hermesFeed` wires both into a connector:
 * the stream for every followed feed, and batched `latest` reads while the stream is not delivering. Health: source
 * `pyth-hermes`, counters `hermes.*`.
 */
import { z } from 'zod';
import type { Timings } from '../core/cadence.js';
import { DataError, VenueError } from '../core/errors.js';
import { HttpClient } from '../core/http.js';
import { RateLimiter } from '../core/rate-limit.js';
import type { Job } from '../core/scheduler.js';
import type { ResilientStream } from '../core/stream.js';
import type { ConnectorContext } from '../core/template.js';
import type { Venue } from '../core/types.js';
import { sseConnector } from '../transports/sse.js';

/** Feed ids per latest request (the URL carries 64 hex characters per id). */
export const HERMES_BATCH = 50;
/** Pyth: a 429 blocks the IP for the next 60 s (§4.5). */
export const HERMES_429_PAUSE_MS = 60_000;

export interface OraclePrice {
  price: number;
  conf: number;
  /** Epoch ms. */
  publishTime: number;
}

/** `/v2/updates/price/latest` and each SSE event (same shape, §4.1–4.2). */
const PythPrice = z.looseObject({
  price: z.string().regex(/^-?\d+$/),
  conf: z.string().regex(/^\d+$/),
  expo: z.number().int().min(-30).max(30),
  publish_time: z.number().int().nonnegative(),
});
export const HermesUpdate = z.looseObject({
  parsed: z.array(z.looseObject({ id: z.string(), price: PythPrice })),
});
export type HermesUpdate = z.infer<typeof HermesUpdate>;

/** price × 10^expo computed from the integer string without float scaling error (§4.1). */
export function scaled(intStr: string, expo: number): number {
  const neg = intStr.startsWith('-');
  const digits = neg ? intStr.slice(1) : intStr;
  let s: string;
  if (expo >= 0) s = digits + '0'.repeat(expo);
  else {
    const k = -expo;
    const padded = digits.padStart(k + 1, '0');
    s = `${padded.slice(0, padded.length - k)}.${padded.slice(padded.length - k)}`;
  }
  const v = Number(`${neg ? '-' : ''}${s}`);
  if (!Number.isFinite(v)) throw new DataError('INVALID_NUMBER', `Pyth price ${intStr} × 10^${expo} is not finite`);
  return v;
}

/** Parsed prices of one Hermes update (latest or SSE event), keyed by feed id without `0x`. */
export function parseUpdate(body: unknown): Map<string, OraclePrice> {
  const r = HermesUpdate.safeParse(body);
  if (!r.success)
    throw new DataError('SCHEMA', `Hermes update: ${r.error.issues[0]?.path.join('.') ?? ''} ${r.error.issues[0]?.message ?? ''}`);
  const out = new Map<string, OraclePrice>();
  for (const f of r.data.parsed) {
    out.set(f.id.toLowerCase().replace(/^0x/, ''), {
      price: scaled(f.price.price, f.price.expo),
      conf: scaled(f.price.conf, f.price.expo),
      publishTime: f.price.publish_time * 1000,
    });
  }
  return out;
}

function query(ids: readonly string[]): string {
  return `${ids.map((id) => `ids[]=${id}`).join('&')}&parsed=true&encoding=hex&ignore_invalid_price_ids=true`;
}

export async function latestPrices(
  http: HttpClient,
  baseUrl: string,
  ids: readonly string[],
  signal: AbortSignal,
): Promise<Map<string, OraclePrice>> {
  const out = new Map<string, OraclePrice>();
  for (let i = 0; i < ids.length; i += HERMES_BATCH) {
    const body = await http.json(`${baseUrl}/v2/updates/price/latest?${query(ids.slice(i, i + HERMES_BATCH))}`, HermesUpdate, { signal });
    for (const [k, v] of parseUpdate(body)) out.set(k, v);
  }
  return out;
}

/** A 429 on the stream pauses every Hermes call (Retry-After, else 60 s); other statuses are typed. */
function httpError(venue: Venue, limiter: RateLimiter, res: Response): VenueError {
  if (res.status !== 429) return new VenueError(venue, res.status >= 500 ? 'HTTP_5XX' : 'HTTP_4XX', `Hermes SSE: HTTP ${res.status}`);
  const ra = Number(res.headers.get('retry-after'));
  const pause = Number.isFinite(ra) && ra > 0 ? ra * 1000 : HERMES_429_PAUSE_MS;
  limiter.pause(pause);
  return new VenueError(venue, 'RATE_LIMITED', `Hermes SSE: HTTP 429, Hermes paused for ${pause} ms`, { retryAfterMs: pause });
}

/** The SSE stream of `/v2/updates/price/stream`: `data:` events are updates, a named `error` event closes it. */
export function hermesSse(o: {
  venue: Venue;
  fetch: ConnectorContext['io']['fetch'];
  url: () => string;
  limiter: RateLimiter;
  onUpdate: (prices: Map<string, OraclePrice>) => void;
  onError: (err: VenueError | DataError) => void;
}) {
  return sseConnector({
    fetch: o.fetch,
    url: o.url,
    limiter: o.limiter,
    onHttpError: (res) => o.onError(httpError(o.venue, o.limiter, res)),
    onEvent: (e) => {
      if (e.event === 'error') return `Hermes SSE error event: ${e.data.slice(0, 120)}`;
      let body: unknown;
      try {
        body = JSON.parse(e.data);
      } catch {
        return void o.onError(new DataError('MALFORMED', `Hermes SSE event is not JSON: ${e.data.slice(0, 60)}`));
      }
      try {
        o.onUpdate(parseUpdate(body));
      } catch (err) {
        o.onError(err instanceof DataError ? err : new DataError('MALFORMED', (err as Error).message));
      }
    },
  });
}

export interface HermesFeed {
  sse: ResilientStream;
  /** Batched latest prices while the stream is not delivering (and once at start). */
  latest: Job;
  dispose(): void;
}

export interface HermesFeedOptions {
  kit: ConnectorContext;
  hermesUrl: string;
  perTenSeconds: number;
  timings: Timings;
  watchdogMs: number;
  timeoutMs: number;
  /** Feed ids (no `0x`) to follow. */
  feedIds: () => string[];
  onPrices: (prices: Map<string, OraclePrice>) => void;
}

function hermesHttp(kit: ConnectorContext, limiter: RateLimiter, timeoutMs: number): HttpClient {
  const count = (name: string) => kit.health.count(name);
  return new HttpClient({
    venue: kit.venue,
    fetch: kit.io.fetch,
    limiter,
    now: kit.io.now,
    timeoutMs,
    retries: 1,
    maxQueueWaitMs: 1_000,
    onResponse: (res) => {
      if (res.status === 429 && !res.headers.has('retry-after')) limiter.pause(HERMES_429_PAUSE_MS);
    },
    onRequest: (outcome, code) => count(outcome === 'ok' ? 'hermes.requests.ok' : `hermes.requests.error.${code ?? 'UNKNOWN'}`),
  });
}

/** Hermes `latest` reads for a connector that needs no stream (a periodic cross-check), on a limiter of their own. */
export function hermesLatest(o: { kit: ConnectorContext; hermesUrl: string; perTenSeconds: number; timeoutMs: number }): {
  read: (ids: readonly string[], signal: AbortSignal) => Promise<Map<string, OraclePrice>>;
  dispose: () => void;
} {
  const limiter = new RateLimiter({
    budgetPerMinute: o.perTenSeconds * 6,
    burst: { limit: o.perTenSeconds, windowMs: 10_000 },
    now: o.kit.io.now,
  });
  const http = hermesHttp(o.kit, limiter, o.timeoutMs);
  return { read: (ids, signal) => latestPrices(http, o.hermesUrl, ids, signal), dispose: () => http.dispose() };
}

/** Pyth Hermes wired into a connector: the stream plus the `latest` fallback job, on their own limiter. */
export function hermesFeed(o: HermesFeedOptions): HermesFeed {
  const { kit } = o;
  const now = kit.io.now;
  const limiter = new RateLimiter({ budgetPerMinute: o.perTenSeconds * 6, burst: { limit: o.perTenSeconds, windowMs: 10_000 }, now });
  const http = hermesHttp(kit, limiter, o.timeoutMs);
  const sseWatchdogMs = Math.max(o.watchdogMs, 3_000);
  const sseLive = () => sse.isOpen && now() - sse.lastActivityAt < sseWatchdogMs;
  const ok = () => kit.sourceOk('pyth-hermes', sseLive() ? 'SSE stream' : 'latest (REST)');
  function failed(err: unknown): void {
    const ve = kit.sourceFailed('pyth-hermes', err);
    // How long Hermes calls stay paused from now (a 429 without Retry-After blocks the IP for 60 s).
    kit.health.setCounter('hermes.pauseRemainingMs', limiter.delayFor(1));
    if (ve.code === 'RATE_LIMITED') kit.health.count('hermes.rateLimited');
    kit.fail('pyth-hermes', ve);
  }
  const streamUrl = () => `${o.hermesUrl}/v2/updates/price/stream?${query(o.feedIds())}`;
  const onUpdate = (ps: Map<string, OraclePrice>) => {
    kit.health.count('hermes.sseEvents');
    o.onPrices(ps);
    ok();
  };
  const sse = kit.stream({
    name: 'pyth-hermes-sse',
    watchdogMs: sseWatchdogMs,
    backoffBaseMs: 1_000,
    connect: hermesSse({ venue: kit.venue, fetch: kit.io.fetch, url: streamUrl, limiter, onUpdate, onError: failed }),
  });
  const latestRun = async (signal: AbortSignal) => {
    const ids = o.feedIds();
    if (sseLive() || ids.length === 0) return;
    try {
      const ps = await latestPrices(http, o.hermesUrl, ids, signal);
      kit.health.setCounter('hermes.feedsMissing', ids.filter((id) => !ps.has(id)).length);
      o.onPrices(ps);
      ok();
    } catch (err) {
      failed(err);
    }
  };
  const latest = kit.job('oracle-latest', 'MARK', latestRun, undefined, Math.min(o.timings.MARK.cadenceMs, o.timings.DEPTH.cadenceMs));
  return { sse, latest, dispose: () => http.dispose() };
}
