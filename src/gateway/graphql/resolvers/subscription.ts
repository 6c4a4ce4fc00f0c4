/**
 * Subscriptions over the bus. Each follows the plane the gateway's default mode selects for the venue at the
 * moment of each event (auto may switch a venue between live and mock). orderBook holds depth demand in the app's
 * demand registry for as long as a client listens. Every frame is computed with a fresh clock and fresh loaders
 * (`refresh` runs right before each value is handed to execution), so ageMs/stale are those at send time.
 */
import type { SubscriptionResolvers } from '../../../generated/graphql.js';
import type { ConnectorHealth, FundingRate, OrderBook } from '../../../core/types.js';
import { EXAMPLE_MARKET_ID, parseMarketId } from '../../../core/symbols.js';
import { refreshContext, type GatewayContext } from '../context.js';
import { badInput, checkLevels, venuesArg } from '../edge.js';
import type { MarkPriceModel } from '../models.js';
import { busIterator } from '../pubsub.js';
import { healthFor } from './query.js';

export const subscriptionResolvers: SubscriptionResolvers<GatewayContext> = {
  orderBook: {
    subscribe: (_p, a, ctx) => {
      const p = parseMarketId(a.market);
      if (!p) throw badInput(`market must be a canonical id like ${EXAMPLE_MARKET_ID}, got ${JSON.stringify(a.market)}`, 'market');
      if (!ctx.app.venues.includes(p.venue)) throw badInput(`venue ${p.venue} is not enabled`, 'market');
      const levels = checkLevels(a.levels);
      // Demand goes to the registry, not to a connector: whichever live connector serves the venue (now, after a
      // restart or lease hand-over, on this or another replica) tracks the book while this subscription runs.
      const release = ctx.app.demand.hold(a.market);
      const trim = (b: OrderBook): OrderBook => ({ ...b, bids: b.bids.slice(0, levels), asks: b.asks.slice(0, levels) });
      const plane = ctx.app.planeFor(ctx.mode, p.venue);
      const current = ctx.app.store.venue(plane, p.venue).books.get(a.market);
      return busIterator<{ orderBook: OrderBook }>({
        bus: ctx.app.bus,
        initial: current ? [{ orderBook: trim(current) }] : [],
        select: (e) =>
          e.type === 'book' && e.book.market === a.market && e.plane === ctx.app.planeFor(ctx.mode, p.venue)
            ? { orderBook: trim(e.book) }
            : null,
        onReturn: release,
        refresh: () => refreshContext(ctx),
      });
    },
  },
  fundingRates: {
    subscribe: (_p, a, ctx) => {
      const venues = venuesArg(a.venues, ctx.app.venues);
      const markets = a.markets?.length ? new Set(a.markets) : null;
      return busIterator<{ fundingRates: FundingRate }>({
        bus: ctx.app.bus,
        keyOf: (v) => v.fundingRates.market,
        select: (e) =>
          e.type === 'funding' &&
          venues.includes(e.venue) &&
          (!markets || markets.has(e.funding.market)) &&
          e.plane === ctx.app.planeFor(ctx.mode, e.venue)
            ? { fundingRates: e.funding }
            : null,
        refresh: () => refreshContext(ctx),
      });
    },
  },
  markPrices: {
    subscribe: (_p, a, ctx) => {
      const venues = venuesArg(a.venues, ctx.app.venues);
      const markets = a.markets?.length ? new Set(a.markets) : null;
      return busIterator<{ markPrices: MarkPriceModel }>({
        bus: ctx.app.bus,
        keyOf: (v) => v.markPrices.market,
        select: (e) =>
          e.type === 'stats' &&
          venues.includes(e.venue) &&
          (!markets || markets.has(e.market)) &&
          e.plane === ctx.app.planeFor(ctx.mode, e.venue)
            ? {
                markPrices: {
                  market: e.market,
                  venue: e.venue,
                  markPrice: e.stats.markPrice,
                  indexPrice: e.stats.indexPrice,
                  asOf: e.asOf,
                  slaMs: ctx.app.timings.MARK.slaMs,
                  source: e.source,
                },
              }
            : null,
        refresh: () => refreshContext(ctx),
      });
    },
  },
  connectorHealth: {
    subscribe: (_p, a, ctx) => {
      const venues = venuesArg(a.venues, ctx.app.venues);
      // Emit the health as served in the default mode whenever a venue's status, transport or staleness changes
      // (a live-plane event can change what is served, e.g. auto falling back to mock).
      const last = new Map<string, string>();
      const changed = (h: ConnectorHealth): boolean => {
        const k = `${h.status}|${h.dataSource}|${h.transport}|${h.channels.map((c) => (c.stale ? 1 : 0)).join('')}|${h.lastError?.at ?? ''}`;
        if (last.get(h.venue) === k) return false;
        last.set(h.venue, k);
        return true;
      };
      const initial = venues.map((v) => healthFor(ctx.app, ctx.mode, v));
      initial.forEach(changed);
      return busIterator<{ connectorHealth: ConnectorHealth }>({
        bus: ctx.app.bus,
        keyOf: (v) => v.connectorHealth.venue,
        initial: initial.map((h) => ({ connectorHealth: h })),
        select: (e) => {
          if (e.type !== 'health' || !venues.includes(e.venue)) return null;
          const h = healthFor(ctx.app, ctx.mode, e.venue);
          return changed(h) ? { connectorHealth: h } : null;
        },
        refresh: () => refreshContext(ctx),
      });
    },
  },
};
