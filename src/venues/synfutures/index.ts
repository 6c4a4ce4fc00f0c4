/**
 * SynFutures v3 (Oyster AMM) on Base, read from the chain (docs/venues/synfutures.md §13): wiring of the jobs in
 * jobs.ts. There is no push source: every read is a polled JSON-RPC call. Every instrument gets a book on a rotation
 * within the RPC budget (rotation.ts); a watched market without a book is read at once; an unknown id asked for
 * through `watchBook` triggers discovery (at most once per gap). The signed REST API v4 (§4) is not used.
 */
import { defineConnector } from '../../core/template.js';
import type { VenueFactory } from '../factory.js';
import type { SynfuturesConfig } from './config.js';
import { ChainClient } from './client.js';
import { createSynCtx, type SynCtx } from './context.js';
import * as jobs from './jobs.js';
import { oracleCheck } from './oracle.js';
import { hermesLatest } from '../../oracles/pyth.js';
import { EvmReader, revertReason } from '../../transports/evm.js';
import { JsonRpcClient } from '../../transports/jsonrpc.js';
import { Subgraph } from './subgraph.js';

export const createSynfuturesConnector: VenueFactory<SynfuturesConfig> = ({ io, config, timings, timeoutMs }) =>
  defineConnector(
    {
      venue: 'synfutures',
      io,
      budgetPerMinute: config.SYNFUTURES_RATE_LIMIT_PER_MIN,
      preferredTransport: 'RPC',
      timings,
      http: { timeoutMs },
    },
    (kit) => {
      const count = (name: string) => kit.health.count(name);
      const rpc = new JsonRpcClient({
        venue: 'synfutures',
        http: kit.http,
        url: config.SYNFUTURES_RPC_URL,
        limiter: kit.limiter,
        count,
        revertReason,
      });
      const evm = new EvmReader({ venue: 'synfutures', rpc, multicallAddress: config.SYNFUTURES_MULTICALL_ADDRESS });
      const chain = new ChainClient(evm, {
        chainId: config.SYNFUTURES_CHAIN_ID,
        gate: config.SYNFUTURES_GATE_ADDRESS,
        observer: config.SYNFUTURES_OBSERVER_ADDRESS,
        multicall: config.SYNFUTURES_MULTICALL_ADDRESS,
      });
      const subgraph = config.SYNFUTURES_SUBGRAPH_ENABLED ? new Subgraph({ http: kit.http, url: config.SYNFUTURES_SUBGRAPH_URL }) : null;
      const ctx = createSynCtx(kit, chain, subgraph, config, timings);
      const reason = 'REST API v4 needs obfuscated request signing (docs/venues/synfutures.md §4.2); the chain is the source';
      kit.health.setSource({ name: 'rest-v4', status: 'DISABLED', reason, lastSuccessAt: null });
      if (!subgraph)
        kit.health.setSource({ name: 'subgraph', status: 'DISABLED', reason: 'SYNFUTURES_SUBGRAPH_ENABLED=false', lastSuccessAt: null });
      const discovery = kit.job('discovery', 'METADATA', (s) => jobs.discovery(ctx, s));
      const rediscover = () => void kit.scheduler.trigger(discovery);
      const demand = kit.job(
        'depth-demand',
        'DEPTH',
        (s) => jobs.depthOnDemand(ctx, s),
        () => ctx.demanded.size > 0,
      );
      const hermesUrl = config.SYNFUTURES_HERMES_URL || config.PYTH_HERMES_URL;
      const pyth = hermesLatest({ kit, hermesUrl, perTenSeconds: config.PYTH_RATE_LIMIT_PER_10S, timeoutMs });
      if (!config.SYNFUTURES_ORACLE_CHECK)
        for (const name of ['oracle-chainlink', 'oracle-pyth'])
          kit.health.setSource({ name, status: 'DISABLED', reason: 'SYNFUTURES_ORACLE_CHECK=false', lastSuccessAt: null });
      const backfillMs = Math.max(1_000, Math.floor(timings.FUNDING.cadenceMs / 6));
      return {
        jobs: [
          discovery,
          kit.job('state', 'FUNDING', (s) => jobs.state(ctx, s, rediscover)),
          kit.job('depth', 'DEPTH', (s) => jobs.depth(ctx, s)),
          demand,
          kit.job('volume', 'METADATA', (s) => jobs.volume(ctx, s)),
          kit.job(
            'oracle-check',
            'FUNDING',
            (s) => oracleCheck(ctx, { evm, pyth: pyth.read }, s),
            () => config.SYNFUTURES_ORACLE_CHECK,
          ),
          kit.job('history-backfill', 'FUNDING', (s) => jobs.historyBackfill(ctx, s), undefined, backfillMs),
        ],
        onWatch: (id) => {
          onDemand(ctx, id, rediscover);
          if (ctx.byId.has(id)) {
            ctx.demanded.add(id);
            void kit.scheduler.trigger(demand);
          }
        },
        fundingHistory: (id, from, to) => jobs.fundingHistory(ctx, id, from, to),
        dispose: () => pyth.dispose(),
      };
    },
  );

/** A client asked for an id we do not list: run discovery now (at most once per gap). */
function onDemand(ctx: SynCtx, id: string, rediscover: () => void): void {
  const gapMs = Math.min(30_000, Math.max(1_000, ctx.timings.METADATA.cadenceMs / 4));
  if (!id.startsWith('synfutures:') || ctx.byId.has(id) || ctx.kit.io.now() - ctx.lastOnDemand < gapMs) return;
  ctx.lastOnDemand = ctx.kit.io.now();
  ctx.kit.health.count('discovery.onDemand');
  rediscover();
}
