/**
 * Aster live connector wiring (docs/venues/aster.md): metadata every 10 min; mark + funding for every symbol over
 * `!markPrice@arr@1s`; synced local books from depth diffs for the depth set (top N by 24 h quote volume + any
 * watched); REST fallbacks only while the stream is down; open interest for every symbol on a rotation within the budget
 * (oi.ts); every symbol's best bid/ask over `!bookTicker`; 90-day funding backfill.
 */
import { defineConnector } from '../../core/template.js';
import type { VenueFactory } from '../factory.js';
import { AsterClient, bannedUntil } from './client.js';
import { PAUSES, VENUE_WEIGHT_LIMIT } from './constants.js';
import { createAsterCtx, streamUp, type AsterCtx } from './context.js';
import * as jobs from './jobs.js';
import { openInterestRotation } from './oi.js';
import { apiWalletSigner, hmacSigner, type Signer } from './sign.js';
import type { AsterConfig } from './config.js';
import { chooseDepthSymbols, createMarketStream, setDepthSymbols } from './stream.js';

export const createAsterConnector: VenueFactory<AsterConfig> = ({ io, config, timings, watchdogMs, timeoutMs }) => {
  let ctx: AsterCtx | undefined;
  return defineConnector(
    {
      venue: 'aster',
      io,
      budgetPerMinute: config.ASTER_RATE_LIMIT_PER_MIN,
      rateWindowMs: config.ASTER_RATE_WINDOW_MS,
      preferredTransport: 'WEBSOCKET',
      timings,
      http: {
        timeoutMs,
        onResponse: (res) => usedWeight(ctx, res),
        pauses: scaledPauses(config.ASTER_RATE_WINDOW_MS / 60_000),
        banUntil: bannedUntil,
      },
    },
    (kit) => {
      const client = new AsterClient({
        http: kit.http,
        baseUrl: config.ASTER_REST_URL,
        version: config.ASTER_API_VERSION,
        // Signed timestamps and nonces follow the venue's clock (the measured skew, jobs.ts serverTime).
        signer: signerFor(config, () => io.now() + (ctx?.kit.health.counters.clockSkewMs ?? 0)),
      });
      ctx = createAsterCtx(kit, client, config, timings, watchdogMs);
      const c = ctx;
      c.stream = createMarketStream(c);
      const job = (name: string, channel: 'METADATA' | 'FUNDING' | 'DEPTH', run: (x: AsterCtx, s: AbortSignal) => Promise<void>) =>
        kit.job(name, channel, (signal) => run(c, signal), channel === 'METADATA' ? undefined : () => !streamUp(c));
      return {
        jobs: [
          job('metadata', 'METADATA', jobs.metadata),
          job('funding-rest', 'FUNDING', jobs.fundingRest),
          job('depth-rest', 'DEPTH', jobs.depthRest),
          kit.job('open-interest', 'FUNDING', (s) => openInterestRotation(c, s), undefined, Math.max(20, config.ASTER_RATE_WINDOW_MS / 30)),
          job('server-time', 'METADATA', jobs.serverTime),
          kit.job(
            'history-backfill',
            'FUNDING',
            (s) => jobs.historyBackfill(c, s),
            undefined,
            Math.max(5_000, Math.floor(timings.FUNDING.cadenceMs / 6)),
          ),
        ],
        onWatch: (id) => c.idToSym.has(id) && setDepthSymbols(c, chooseDepthSymbols(c)),
        fundingHistory: (id, from, to) => jobs.fundingHistory(c, id, from, to),
      };
    },
  );
};

/** PAUSES, scaled with the budget window (1 but in time-scaled tests, config.ts ASTER_RATE_WINDOW_MS). */
function scaledPauses(k: number) {
  const s = (p: { baseMs: number; maxMs: number }) => ({ baseMs: p.baseMs * k, maxMs: p.maxMs * k });
  return { rateLimited: s(PAUSES.rateLimited), banned: s(PAUSES.banned) };
}

/** V3 API-wallet signing when all three V3 values are set, else V1 HMAC with a legacy key pair, else none. */
function signerFor(c: AsterConfig, now: () => number): Signer | null {
  if (c.ASTER_API_USER && c.ASTER_API_SIGNER && c.ASTER_API_SIGNER_KEY)
    return apiWalletSigner(
      { user: c.ASTER_API_USER, signer: c.ASTER_API_SIGNER, key: c.ASTER_API_SIGNER_KEY, chainId: c.ASTER_SIGN_CHAIN_ID },
      now,
    );
  if (c.ASTER_API_KEY && c.ASTER_SECRET_KEY) return hmacSigner(c.ASTER_API_KEY, c.ASTER_SECRET_KEY, now);
  return null;
}

/** Feed X-MBX-USED-WEIGHT-1M to the limiter and health (docs/venues/aster.md §1). */
function usedWeight(ctx: AsterCtx | undefined, res: Response): void {
  const h = res.headers.get('x-mbx-used-weight-1m');
  const used = Number(h);
  if (!ctx || h === null || !Number.isFinite(used)) return;
  ctx.kit.limiter.report(used, VENUE_WEIGHT_LIMIT);
  ctx.kit.health.setCounter('venueUsedWeight1m', used);
}
