/**
 * Avantis (Veranta) live connector wiring (docs/venues/avantis.md §1–§6): the catalog (`/v2/trading`, legacy
 * fallback) kept current by Socket.IO `RES:DATA` diffs; mark/index from Pyth Hermes (SSE, batched `latest` while
 * the stream is down, on a limiter of its own); FUNDING_PLUS_BORROW funding; synthetic depth from the catalog's
 * one-percent depth; 24 h volume from history analytics. No funding history is published (the app samples it).
 */
import { RateLimiter } from '../../core/rate-limit.js';
import { defineConnector } from '../../core/template.js';
import type { VenueFactory } from '../factory.js';
import type { AvantisConfig } from './config.js';
import { AnalyticsSource } from './analytics.js';
import { AvantisClient } from './client.js';
import { ANALYTICS_PER_MIN } from './constants.js';
import { createAvCtx } from './context.js';
import * as jobs from './jobs.js';
import { onchainReader, verify } from './onchain.js';
import { hermesFeed } from '../../oracles/pyth.js';
import { feedIds } from './publish.js';
import { createSocket, onPrices } from './stream.js';

export const createAvantisConnector: VenueFactory<AvantisConfig> = ({ io, config, timings, watchdogMs, timeoutMs }) =>
  defineConnector(
    {
      venue: 'avantis',
      io,
      budgetPerMinute: config.AVANTIS_RATE_LIMIT_PER_MIN,
      preferredTransport: 'WEBSOCKET',
      timings,
      http: { timeoutMs },
    },
    (kit) => {
      const client = new AvantisClient(kit.http, {
        data: config.AVANTIS_DATA_URL,
        legacy: config.AVANTIS_LEGACY_URL,
        history: config.AVANTIS_HISTORY_URL,
      });
      const limiter = new RateLimiter({ budgetPerMinute: ANALYTICS_PER_MIN, now: io.now });
      const analytics = new AnalyticsSource({ url: config.AVANTIS_GRAPHQL_URL, fetch: io.fetch, limiter, timeoutMs });
      const ctx = createAvCtx(kit, client, analytics, config, timings);
      const catalog = kit.job('catalog', 'METADATA', (s) => jobs.catalog(ctx, s, resync));
      function resync(): void {
        void kit.scheduler.trigger(catalog);
      }
      ctx.socket = createSocket(ctx, watchdogMs, timeoutMs, resync);
      const oracle = hermesFeed({
        kit,
        hermesUrl: config.PYTH_HERMES_URL,
        perTenSeconds: config.PYTH_RATE_LIMIT_PER_10S,
        timings,
        watchdogMs,
        timeoutMs,
        feedIds: () => feedIds(ctx),
        onPrices: (ps) => onPrices(ctx, ps),
      });
      ctx.sse = oracle.sse;
      const chain = onchainReader(kit, config, timeoutMs);
      kit.health.setTransport('REST');
      const pollMs = Math.max(50, Math.min(ctx.catalogGapMs, timings.FUNDING.cadenceMs));
      return {
        jobs: [
          catalog,
          oracle.latest,
          kit.job('catalog-poll', 'FUNDING', (s) => jobs.poll(ctx, s), undefined, pollMs),
          kit.job('publish', 'FUNDING', () => jobs.republish(ctx)),
          kit.job('volume', 'METADATA', (s) => jobs.volume(ctx, s)),
          kit.job('graphql-analytics', 'METADATA', (s) => jobs.graphqlAnalytics(ctx, s)),
          ...(chain ? [kit.job('onchain-verify', 'METADATA', (s) => verify(ctx, chain, s))] : []),
        ],
        afterStart: () => ctx.socket?.start(),
        dispose: () => {
          oracle.dispose();
          chain?.dispose();
        },
      };
    },
  );
