/**
 * The Avantis connector's oracle feed: Pyth Hermes on a limiter of its own (`PYTH_RATE_LIMIT_PER_10S`, 30 per 10 s;
 * a 429 without Retry-After pauses Hermes for 60 s, docs/venues/avantis.md §4.5), the SSE stream for every pair's feed,
 * and batched `latest` reads while the stream is not delivering. Health: source `pyth-hermes`, counters `hermes.*`.
 */
import type { Timings } from '../../core/cadence.js';
import { HttpClient } from '../../core/http.js';
import type { ConnectorContext } from '../../core/template.js';
import { RateLimiter } from '../../core/rate-limit.js';
import type { Job } from '../../core/scheduler.js';
import type { ResilientStream } from '../../core/stream.js';
import { HERMES_429_PAUSE_MS, latestPrices, sseConnector } from '../../oracles/pyth.js';
import type { OraclePrice } from './normalize.js';

export interface OracleFeed {
  sse: ResilientStream;
  /** Batched latest prices while the stream is not delivering (and once at start). */
  latest: Job;
  dispose(): void;
}

export function oracleFeed(o: {
  kit: ConnectorContext;
  hermesUrl: string;
  perTenSeconds: number;
  timings: Timings;
  watchdogMs: number;
  timeoutMs: number;
  /** Feed ids (no `0x`) to follow. */
  feedIds: () => string[];
  onPrices: (prices: Map<string, OraclePrice>) => void;
}): OracleFeed {
  const { kit } = o;
  const io = kit.io;
  const count = (name: string) => kit.health.count(name);
  const limiter = new RateLimiter({
    budgetPerMinute: o.perTenSeconds * 6,
    burst: { limit: o.perTenSeconds, windowMs: 10_000 },
    now: io.now,
  });
  const http = new HttpClient({
    venue: kit.venue,
    fetch: io.fetch,
    limiter,
    now: io.now,
    timeoutMs: o.timeoutMs,
    retries: 1,
    maxQueueWaitMs: 1_000,
    onResponse: (res) => {
      if (res.status === 429 && !res.headers.has('retry-after')) limiter.pause(HERMES_429_PAUSE_MS);
    },
    onRequest: (outcome, code) => count(outcome === 'ok' ? 'hermes.requests.ok' : `hermes.requests.error.${code ?? 'UNKNOWN'}`),
  });
  const sseWatchdogMs = Math.max(o.watchdogMs, 3_000);
  const sseLive = () => sse.isOpen && io.now() - sse.lastActivityAt < sseWatchdogMs;

  const ok = () => kit.sourceOk('pyth-hermes', sseLive() ? 'SSE stream' : 'latest (REST)');
  function failed(err: unknown): void {
    const ve = kit.sourceFailed('pyth-hermes', err);
    // How long Hermes calls stay paused from now (a 429 without Retry-After blocks the IP for 60 s).
    kit.health.setCounter('hermes.pauseRemainingMs', limiter.delayFor(1));
    if (ve.code === 'RATE_LIMITED') count('hermes.rateLimited');
    kit.fail('pyth-hermes', ve);
  }

  const sse = kit.stream({
    name: 'pyth-hermes-sse',
    watchdogMs: sseWatchdogMs,
    backoffBaseMs: 1_000,
    connect: sseConnector({
      fetch: io.fetch,
      url: () =>
        `${o.hermesUrl}/v2/updates/price/stream?${o
          .feedIds()
          .map((id) => `ids[]=${id}`)
          .join('&')}&parsed=true&encoding=hex&ignore_invalid_price_ids=true`,
      limiter,
      onUpdate: (ps) => {
        count('hermes.sseEvents');
        o.onPrices(ps);
        ok();
      },
      onError: failed,
    }),
  });

  const latest = kit.job(
    'oracle-latest',
    'MARK',
    async (signal) => {
      if (sseLive()) return;
      const ids = o.feedIds();
      if (ids.length === 0) return;
      try {
        const ps = await latestPrices(http, o.hermesUrl, ids, signal);
        kit.health.setCounter('hermes.feedsMissing', ids.filter((id) => !ps.has(id)).length);
        o.onPrices(ps);
        ok();
      } catch (err) {
        failed(err);
      }
    },
    undefined,
    Math.min(o.timings.MARK.cadenceMs, o.timings.DEPTH.cadenceMs),
  );

  return { sse, latest, dispose: () => http.dispose() };
}
