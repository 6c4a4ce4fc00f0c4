/**
 * Jupiter Perps, read from the chain (docs/venues/jupiter.md §9, §11): wiring. At start and on every WebSocket
 * (re)connect one getMultipleAccounts reads the pool, the custodies and their Doves AG oracles; then accountSubscribe
 * follows the same keys over SOLANA_WS_URL through a conflating queue (stream.ts). While the socket is down or silent
 * the snapshot is polled inside the RPC budget (transport RPC, DEGRADED); while it is healthy a reconcile read runs
 * every JUPITER_RECONCILE_MS. Carry is BORROW_FEE; depth is a SYNTHETIC fee ladder. No venue funding history (the
 * app samples the per-side borrow rates, §6.5).
 */
import { defineConnector } from '../../core/template.js';
import type { VenueFactory } from '../factory.js';
import type { JupiterConfig } from './config.js';
import { JupiterApi } from './client.js';
import { capped, createJupCtx, transport, type JupCtx } from './context.js';
import * as jobs from './jobs.js';
import { SolanaRpc } from './rpc.js';
import { createAccountStream, notificationQueue } from './stream.js';

export const createJupiterConnector: VenueFactory<JupiterConfig> = ({ io, config, timings, watchdogMs, timeoutMs }) =>
  defineConnector(
    {
      venue: 'jupiter',
      io,
      budgetPerMinute: config.JUPITER_RATE_LIMIT_PER_MIN,
      preferredTransport: 'WEBSOCKET',
      timings: { ...timings, MARK: { ...timings.MARK, slaMs: capped(timings.MARK.slaMs) } },
      http: { timeoutMs },
    },
    (kit) => {
      const count = (name: string, by = 1) => kit.health.count(name, by);
      const rpc = new SolanaRpc({ http: kit.http, url: config.SOLANA_RPC_URL, limiter: kit.limiter, count });
      const api = new JupiterApi({
        fetch: io.fetch,
        now: io.now,
        perpsUrl: config.JUPITER_PERPS_API_URL,
        priceUrl: config.JUPITER_PRICE_API_URL,
        apiKey: config.JUPITER_API_KEY,
        budgetPerMinute: config.JUPITER_API_RATE_LIMIT_PER_MIN,
        timeoutMs,
        count,
      });
      const ctx = createJupCtx(kit, rpc, api, config, timings, watchdogMs);
      if (!config.JUPITER_PERPS_API_ENABLED)
        kit.health.setSource({ name: 'perps-api', status: 'DISABLED', reason: 'JUPITER_PERPS_API_ENABLED=false', lastSuccessAt: null });
      if (!config.JUPITER_PRICE_CHECK_ENABLED)
        kit.health.setSource({ name: 'price-api', status: 'DISABLED', reason: 'JUPITER_PRICE_CHECK_ENABLED=false', lastSuccessAt: null });
      const accounts = kit.job(
        'accounts',
        'DEPTH',
        (s) => jobs.accounts(ctx, s),
        () => jobs.accountsDue(ctx),
      );
      const queue = notificationQueue(ctx);
      ctx.stream = createAccountStream(ctx, queue, () => void kit.scheduler.trigger(accounts));
      return {
        jobs: [
          accounts,
          kit.job('perps-api', 'FUNDING', (s) => jobs.perpsApi(ctx, s)),
          kit.job('price-api', 'FUNDING', (s) => jobs.priceApi(ctx, s)),
        ],
        afterStart: () => ctx.stream?.start(),
        beforeHealth: () => counters(ctx, queue),
        dispose: () => {
          queue.clear();
          api.dispose();
        },
      };
    },
  );

function counters(ctx: JupCtx, queue: { conflated: number; dropped: number; depth: number }): void {
  const h = ctx.kit.health;
  h.setCounter('stream.notifications', ctx.notifications);
  h.setCounter('stream.coalesced', queue.conflated);
  h.setCounter('stream.dropped', queue.dropped + ctx.olderSlotDropped);
  h.setCounter('stream.olderSlotDropped', ctx.olderSlotDropped);
  h.setCounter('stream.queueDepth', queue.depth);
  h.setCounter('stream.queueDepthMax', ctx.maxDepth);
  h.setCounter('stream.subscriptions', ctx.subs.active);
  h.setCounter('rpc.slot', ctx.rpc.highestSlot);
  transport(ctx);
}
