/**
 * Hyperliquid live connector wiring (docs/venues/hyperliquid.md): one `metaAndAssetCtxs` poll per funding cadence for
 * metadata, funding, mark, OI and volume; one WebSocket with `allMids` and `l2Book` snapshots for the depth set (top
 * coins by volume + watched), kept in line by subscribe/unsubscribe; REST `l2Book` / `allMids` only while the socket is
 * down; `predictedFundings` as an optional cross-check; 90-day history backfill from spare budget.
 */
import { defineConnector } from '../../core/template.js';
import type { VenueFactory } from '../factory.js';
import { InfoClient } from './client.js';
import type { HyperliquidConfig } from './config.js';
import { VENUE, WS_PING_MS } from './constants.js';
import { createHlCtx, streamUp, type HlCtx } from './context.js';
import * as jobs from './jobs.js';
import { PING } from './protocol.js';
import { createStream, refreshDepthSet } from './stream.js';

export const createHyperliquidConnector: VenueFactory<HyperliquidConfig> = ({ io, config, timings, watchdogMs, timeoutMs }) => {
  const env = config;
  return defineConnector(
    {
      venue: VENUE,
      io,
      budgetPerMinute: env.HYPERLIQUID_RATE_LIMIT_PER_MIN,
      preferredTransport: 'WEBSOCKET',
      timings,
      http: { timeoutMs },
    },
    (kit) => {
      const c = createHlCtx(kit, new InfoClient(kit.http, env.HYPERLIQUID_API_URL), env, watchdogMs);
      c.stream = createStream(c);
      const job = (
        name: string,
        ch: 'FUNDING' | 'DEPTH' | 'METADATA',
        run: (x: HlCtx, s: AbortSignal) => Promise<void>,
        when?: () => boolean,
        ms?: number,
      ) => kit.job(name, ch, (s) => run(c, s), when, ms);
      const onDemand = (id: string) => c.coins.has(id) && refreshDepthSet(c);
      return {
        jobs: [
          job('markets', 'FUNDING', jobs.pollMarkets),
          job('mids', 'DEPTH', jobs.pollMids),
          job('books-rest', 'DEPTH', jobs.pollBooksRest, () => !streamUp(c)),
          job('predicted-fundings', 'METADATA', jobs.pollPredicted),
          job('history-backfill', 'FUNDING', jobs.backfillHistory, undefined, Math.max(2_000, Math.floor(timings.FUNDING.cadenceMs / 6))),
          // App-level heartbeat (§4): the venue drops a socket silent for 60 s; the pong also feeds our watchdog.
          job(
            'ping',
            'DEPTH',
            () => Promise.resolve(void c.stream?.send(PING)),
            () => !!c.stream?.isOpen,
            Math.min(WS_PING_MS, Math.max(50, watchdogMs / 2)),
          ),
        ],
        afterStart: () => c.stream?.start(),
        onWatch: onDemand,
        onUnwatch: onDemand,
        fundingHistory: (id, from, to) => jobs.fundingHistory(c, id, from, to),
      };
    },
  );
};
