/** fundingSpreads and the REST summary's top spreads: glue between the store and the pure scout (src/scout/spreads.ts). */
import type { QueryResolvers, SpreadLegResolvers } from '../../../generated/graphql.js';
import type { Mode } from '../../../core/types.js';
import { computeSpreads, type SpreadCandidate, type SpreadModel } from '../../../scout/spreads.js';
import type { App } from '../../../app/app.js';
import { createContext, key, type GatewayContext } from '../context.js';
import { badInput, freshnessAt, fromGqlMode, toGqlVenue, venuesArg } from '../edge.js';
import { marketsFor } from './markets.js';

const WEEK = 7 * 86_400_000;

async function candidates(ctx: GatewayContext, mode: Mode, base: string, venues: ReturnType<typeof venuesArg>): Promise<SpreadCandidate[]> {
  const markets = marketsFor(ctx.app, mode, venues, { bases: [base] });
  const out: SpreadCandidate[] = [];
  await Promise.all(
    markets.map(async (m) => {
      const k = key(m.plane, m.meta.id);
      const [f, b] = await Promise.all([ctx.loaders.funding.load(k), ctx.loaders.books.load(k)]);
      if (!f || f instanceof Error) return;
      const c: SpreadCandidate = {
        marketId: m.meta.id,
        venue: m.venue,
        base: m.meta.baseAsset.toUpperCase(),
        quote: m.meta.quoteAsset.toUpperCase(),
        syntheticIndex: m.meta.flags.includes('INDEX_SYNTHETIC'),
        funding: f,
        book: b && !(b instanceof Error) ? b : null,
        takerFee: m.meta.fees.taker,
        pnlShare: m.meta.flags.includes('ZERO_FEE_PNL_SHARE'),
        freshness: freshnessAt(f.stamp, ctx.now),
      };
      if (m.plane === 'live' && ctx.app.history) {
        const h = await ctx.app.history.range(m.meta.id, ctx.now - WEEK, ctx.now);
        c.history = h.points;
      } else if (m.plane === 'mock') {
        const pts = await ctx.app.connectorFor(m.venue, 'mock')?.fundingHistory(m.meta.id, ctx.now - WEEK, ctx.now);
        if (pts) c.history = pts;
      }
      out.push(c);
    }),
  );
  return out;
}

export const spreadsResolver: NonNullable<QueryResolvers<GatewayContext>['fundingSpreads']> = async (_p, a, ctx) => {
  const notional = a.notionalUsd ?? 10_000;
  const hold = a.holdHours ?? 24;
  const limit = a.limit ?? 20;
  if (!(notional > 0 && notional <= 1e9)) throw badInput(`notionalUsd must be > 0 and ≤ 1e9, got ${notional}`, 'notionalUsd');
  if (!(hold > 0 && hold <= 24 * 365)) throw badInput(`holdHours must be > 0 and ≤ 8760, got ${hold}`, 'holdHours');
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw badInput(`limit must be an integer from 1 to 100, got ${limit}`, 'limit');
  if (!/^[A-Za-z0-9.]{1,20}$/.test(a.base)) throw badInput(`base must be an asset symbol like BTC, got ${JSON.stringify(a.base)}`, 'base');
  const mode = fromGqlMode(a.mode, ctx.mode);
  const cands = await candidates(ctx, mode, a.base.toUpperCase(), venuesArg(a.venues, ctx.app.venues));
  return computeSpreads(cands, {
    notionalUsd: notional,
    holdHours: hold,
    now: ctx.now,
    includeStale: a.includeStale ?? false,
    includeIncomplete: a.includeIncomplete ?? false,
    allowMock: mode !== 'live',
    limit,
  });
};

export const spreadLegResolvers: SpreadLegResolvers<GatewayContext> = {
  venue: (l) => toGqlVenue(l.venue),
  market: (l, _a, ctx) => {
    const plane = l.freshness.source === 'MOCK' ? 'mock' : 'live';
    const meta = ctx.app.store.venue(plane, l.venue).markets.get(l.marketId);
    if (!meta) throw new Error(`market ${l.marketId} disappeared`);
    return { meta, plane, venue: l.venue };
  },
};

/** Top spreads across every base listed on at least two venues (REST summary). */
export async function topSpreadsSummary(
  app: App,
  mode: Mode,
): Promise<
  Array<{
    base: string;
    longMarket: string;
    shortMarket: string;
    netCarryApr: number;
    netExpectedPnlUsd: number;
    breakEvenHours: number | null;
  }>
> {
  const ctx = createContext(app, mode);
  const byBase = new Map<string, Set<string>>();
  for (const m of marketsFor(app, mode, app.venues)) {
    const b = m.meta.baseAsset.toUpperCase();
    (byBase.get(b) ?? byBase.set(b, new Set()).get(b)!).add(m.venue);
  }
  const all: SpreadModel[] = [];
  for (const [base, venues] of byBase) {
    if (venues.size < 2) continue;
    const c = await candidates(ctx, mode, base, app.venues);
    all.push(
      ...computeSpreads(c, { notionalUsd: 10_000, holdHours: 24, now: ctx.now, includeStale: false, allowMock: mode !== 'live', limit: 3 }),
    );
  }
  // computeSpreads leaves incomplete rows out by default: every row here has a known net PnL.
  return all
    .flatMap((s) => (s.netExpectedPnlUsd === null ? [] : [{ ...s, netExpectedPnlUsd: s.netExpectedPnlUsd }]))
    .sort((x, y) => y.netCarryApr - x.netCarryApr)
    .slice(0, 10)
    .map((s) => ({
      base: s.base,
      longMarket: s.long.marketId,
      shortMarket: s.short.marketId,
      netCarryApr: s.netCarryApr,
      netExpectedPnlUsd: s.netExpectedPnlUsd,
      breakEvenHours: s.breakEvenHours,
    }));
}
