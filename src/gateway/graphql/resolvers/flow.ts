/** orderFlowShare: reads each venue's market statistics from the latest-state store and hands them to the pure scout (src/scout/flow.ts). */
import type { QueryResolvers } from '../../../generated/graphql.js';
import type { Venue } from '../../../core/types.js';
import { computeFlowShare, type FlowVenueInput } from '../../../scout/flow.js';
import { key, type GatewayContext } from '../context.js';
import { badInput, fromGqlMode, fromGqlVenue, toGqlVenue, type GqlVenue } from '../edge.js';
import { marketsFor } from './markets.js';

/** The venues asked for (the GraphQL enum admits only known venues), without repeats. */
function requested(venues: readonly string[]): Venue[] {
  return [...new Set(venues.map(fromGqlVenue))];
}

export const orderFlowShareResolver: NonNullable<QueryResolvers<GatewayContext>['orderFlowShare']> = async (_p, a, ctx) => {
  if (!/^[A-Za-z0-9.]{1,20}$/.test(a.base)) throw badInput(`base must be an asset symbol like BTC, got ${JSON.stringify(a.base)}`, 'base');
  const base = a.base.toUpperCase();
  const mode = fromGqlMode(a.mode, ctx.mode);
  const asked = a.venues?.length ? requested(a.venues) : [...ctx.app.venues];
  const inputs: FlowVenueInput[] = await Promise.all(
    asked.map(async (venue): Promise<FlowVenueInput> => {
      const enabled = ctx.app.venues.includes(venue);
      const markets = enabled ? marketsFor(ctx.app, mode, [venue], { bases: [base] }) : [];
      const stats = await Promise.all(markets.map((m) => ctx.loaders.stats.load(key(m.plane, m.meta.id))));
      return {
        venue,
        enabled,
        slaMs: ctx.app.timings.MARK.slaMs,
        markets: markets.map((m, i) => {
          const s = stats[i];
          return {
            id: m.meta.id,
            stats:
              s && !(s instanceof Error)
                ? {
                    volume24hUsd: s.volume24hUsd,
                    openInterestUsd: s.openInterest.usd,
                    longUsd: s.openInterest.long,
                    shortUsd: s.openInterest.short,
                    asOf: s.asOf,
                    source: s.source,
                  }
                : null,
          };
        }),
      };
    }),
  );
  const r = computeFlowShare(base, inputs, { now: ctx.now, includeStale: a.includeStale ?? false });
  return {
    ...r,
    venues: r.venues.map((v) => ({ ...v, venue: toGqlVenue(v.venue) as GqlVenue })),
    leftOut: r.leftOut.map((l) => ({ ...l, venue: toGqlVenue(l.venue) as GqlVenue })),
  };
};
