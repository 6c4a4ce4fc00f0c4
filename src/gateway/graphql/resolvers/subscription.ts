/**
 * Subscriptions over the bus. Each follows the plane the gateway's default mode selects for the venue at the
 * moment of each event (auto may switch a venue between live and mock), and sends the current state first (the
 * newest funding per market, the marks, the current book, the current health), then updates. Ids are validated as
 * in queries; a market no plane lists is an error at once. orderBook holds depth demand in the app's demand registry
 * for as long as a client listens. Every frame is computed with a fresh clock and fresh loaders (`refresh` runs
 * right before each value is handed to execution), so ageMs/stale are those at send time.
 */
import type { App } from '../../../app/app.js';
import type { SubscriptionResolvers } from '../../../generated/graphql.js';
import type { ConnectorHealth, FundingRate, MarketStats, Mode, OrderBook, Venue } from '../../../core/types.js';
import { refreshContext, type GatewayContext } from '../context.js';
import { checkLevels, venuesArg } from '../edge.js';
import { requireListed, requireMarketId, requireMarketIds } from '../ids.js';
import type { MarkPriceModel } from '../models.js';
import { busIterator } from '../pubsub.js';
import { healthFor } from '../../http/health.js';

type Stats = MarketStats & { asOf: number; source: 'LIVE' | 'CACHED' | 'MOCK' };

const markOf = (app: App, venue: Venue, market: string, s: Stats): MarkPriceModel => ({
  market,
  venue,
  markPrice: s.markPrice,
  indexPrice: s.indexPrice,
  asOf: s.asOf,
  slaMs: app.timings.MARK.slaMs,
  source: s.source,
});

/** The served plane's current values of a map per venue, filtered by market. */
function current<V>(
  app: App,
  mode: Mode,
  venues: Venue[],
  markets: Set<string> | null,
  pick: (v: ReturnType<App['store']['venue']>) => Map<string, V>,
): Array<[Venue, string, V]> {
  const out: Array<[Venue, string, V]> = [];
  for (const venue of venues)
    for (const [id, v] of pick(app.store.venue(app.planeFor(mode, venue), venue)))
      if (!markets || markets.has(id)) out.push([venue, id, v]);
  return out;
}

/** The venues and markets of a fundingRates / markPrices subscription, validated. */
function selection(ctx: GatewayContext, a: { venues?: readonly string[] | null; markets?: readonly string[] | null }) {
  const ids = requireMarketIds(ctx.app, a.markets, 'markets');
  requireListed(ctx.app, ids, 'markets');
  return { venues: venuesArg(a.venues, ctx.app.venues), markets: ids.length ? new Set(ids) : null };
}

/** What a connectorHealth subscriber sees change (times such as lastError.at alone are not a change). */
const healthKey = (h: ConnectorHealth): string =>
  [
    h.status,
    h.dataSource,
    h.transport,
    h.leader ?? '',
    h.channels.map((c) => (c.stale ? 1 : 0)).join(''),
    h.lastError?.code ?? '',
    h.lastError?.message ?? '',
  ].join('|');

export const subscriptionResolvers: SubscriptionResolvers<GatewayContext> = {
  orderBook: {
    subscribe: (_p, a, ctx) => {
      const venue = requireMarketId(ctx.app, a.market, 'market');
      const levels = checkLevels(a.levels);
      // An unlisted id still asks the venue (a venue may discover markets on demand), but this subscription is refused.
      ctx.app.demandBook(venue, a.market);
      requireListed(ctx.app, [a.market], 'market');
      // Demand goes to the registry, not to a connector: whichever live connector serves the venue (now, after a
      // restart or lease hand-over, on this or another replica) tracks the book while this subscription runs.
      const release = ctx.app.demand.hold(a.market);
      const trim = (b: OrderBook): OrderBook => ({ ...b, bids: b.bids.slice(0, levels), asks: b.asks.slice(0, levels) });
      const now = ctx.app.store.venue(ctx.app.planeFor(ctx.mode, venue), venue).books.get(a.market);
      return busIterator<{ orderBook: OrderBook }>({
        bus: ctx.app.bus,
        initial: now ? [{ orderBook: trim(now) }] : [],
        select: (e) =>
          e.type === 'book' && e.book.market === a.market && e.plane === ctx.app.planeFor(ctx.mode, venue)
            ? { orderBook: trim(e.book) }
            : null,
        onReturn: release,
        refresh: () => refreshContext(ctx),
      });
    },
  },
  fundingRates: {
    subscribe: (_p, a, ctx) => {
      const { venues, markets } = selection(ctx, a);
      return busIterator<{ fundingRates: FundingRate }>({
        bus: ctx.app.bus,
        keyOf: (v) => v.fundingRates.market,
        initial: current(ctx.app, ctx.mode, venues, markets, (v) => v.funding).map(([, , f]) => ({ fundingRates: f })),
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
      const { venues, markets } = selection(ctx, a);
      return busIterator<{ markPrices: MarkPriceModel }>({
        bus: ctx.app.bus,
        keyOf: (v) => v.markPrices.market,
        initial: current(ctx.app, ctx.mode, venues, markets, (v) => v.stats).map(([venue, id, s]) => ({
          markPrices: markOf(ctx.app, venue, id, s),
        })),
        select: (e) =>
          e.type === 'stats' &&
          venues.includes(e.venue) &&
          (!markets || markets.has(e.market)) &&
          e.plane === ctx.app.planeFor(ctx.mode, e.venue)
            ? { markPrices: markOf(ctx.app, e.venue, e.market, { ...e.stats, asOf: e.asOf, source: e.source }) }
            : null,
        refresh: () => refreshContext(ctx),
      });
    },
  },
  connectorHealth: {
    subscribe: (_p, a, ctx) => {
      const venues = venuesArg(a.venues, ctx.app.venues);
      // Emit the health as served in the default mode when what a client sees changes: status, source, transport,
      // leader, staleness or the error (a live-plane event can change what is served, e.g. auto falling back to mock).
      const last = new Map<string, string>();
      const changed = (h: ConnectorHealth): boolean => {
        const k = healthKey(h);
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
