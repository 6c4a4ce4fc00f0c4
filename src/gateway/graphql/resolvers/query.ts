/** Query resolvers: read-only over the latest-state store (never a venue call). */
import type { QueryResolvers } from '../../../generated/graphql.js';
import type { FundingRate, OrderBook } from '../../../core/types.js';
import { key, type GatewayContext } from '../context.js';
import { badInput, checkLevels, fromGqlMode, venuesArg } from '../edge.js';
import { SCHEMA_VERSION } from '../version.js';
import { requireMarketId, requireMarketIds } from '../ids.js';
import { historyFor } from './history.js';
import { marketsFor } from './markets.js';
import { parseResolution } from '../../../store/history-core.js';
import { spreadsResolver } from './spreads.js';
import { orderFlowShareResolver } from './flow.js';
import { healthFor } from '../../http/health.js';

export const queryResolvers: QueryResolvers<GatewayContext> = {
  schemaVersion: () => SCHEMA_VERSION,
  markets: (_p, a, ctx) => marketsFor(ctx.app, fromGqlMode(a.mode, ctx.mode), venuesArg(a.venues, ctx.app.venues), a),
  market: (_p, a, ctx) => {
    const venue = requireMarketId(ctx.app, a.id, 'id');
    const plane = ctx.app.planeFor(fromGqlMode(a.mode, ctx.mode), venue);
    const meta = ctx.app.store.venue(plane, venue).markets.get(a.id);
    if (!meta) ctx.app.demandBook(venue, a.id); // an id the venue has not listed yet (a venue may discover markets on demand)
    return meta ? { meta, plane, venue, single: true } : null;
  },
  fundingRates: async (_p, a, ctx) => {
    const mode = fromGqlMode(a.mode, ctx.mode);
    const ids = requireMarketIds(ctx.app, a.markets, 'markets');
    let ms = marketsFor(ctx.app, mode, venuesArg(a.venues, ctx.app.venues), a);
    if (ids.length) ms = ms.filter((m) => ids.includes(m.meta.id));
    const rates = await Promise.all(ms.map((m) => ctx.loaders.funding.load(key(m.plane, m.meta.id))));
    return rates.filter((r): r is FundingRate => r !== null && !(r instanceof Error));
  },
  orderBook: async (_p, a, ctx): Promise<OrderBook | null> => {
    const venue = requireMarketId(ctx.app, a.market, 'market');
    const levels = checkLevels(a.levels);
    ctx.app.demandBook(venue, a.market);
    const plane = ctx.app.planeFor(fromGqlMode(a.mode, ctx.mode), venue);
    const b = await ctx.loaders.books.load(key(plane, a.market));
    return b && { ...b, bids: b.bids.slice(0, levels), asks: b.asks.slice(0, levels) };
  },
  connectors: (_p, a, ctx) => ctx.app.venues.map((v) => healthFor(ctx.app, fromGqlMode(a.mode, ctx.mode), v)),
  fundingHistory: (_p, a, ctx) => {
    const venue = requireMarketId(ctx.app, a.market, 'market');
    const to = a.to ?? ctx.now;
    const from = a.from ?? to - 7 * 86_400_000;
    if (!(from < to)) throw badInput('from must be before to', 'from');
    if (to - from > 90 * 86_400_000 + 60_000) throw badInput('the range may span at most 90 days', 'from');
    try {
      parseResolution(a.resolution);
    } catch (err) {
      throw badInput((err as Error).message, 'resolution');
    }
    const plane = ctx.app.planeFor(ctx.mode, venue);
    return historyFor(ctx, a.market, plane, 'D7', { from, to }, a.resolution);
  },
  fundingSpreads: spreadsResolver,
  orderFlowShare: orderFlowShareResolver,
};
