/** Field resolvers for the object types (PerpMarket, FundingRate, OrderBook, ConnectorHealth, scalars). */
import { GraphQLScalarType, Kind } from 'graphql';
import type { Resolvers } from '../../../generated/graphql.js';
import { servedQuote, type QuotePrices } from '../../../core/quote.js';
import { oracleView } from '../../../oracles/deviation.js';
import type { MarketMeta } from '../../../core/types.js';
import { fundingCompleteness, marketCompleteness } from '../completeness.js';
import { key, type StatsValue } from '../context.js';
import { checkLevels, freshnessAt, toGqlVenue } from '../edge.js';
import { SCHEMA_VERSION } from '../version.js';
import { venueFacts } from '../../../venues/facts.js';
import { historyFor } from './history.js';
import { spreadLegResolvers } from './spreads.js';

export const DateTime = new GraphQLScalarType<number | null, string>({
  name: 'DateTime',
  description: 'ISO-8601 date-time in UTC (epoch ms internally).',
  serialize: (v) => new Date(v as number).toISOString(),
  parseValue: (v) => {
    const t = typeof v === 'string' ? Date.parse(v) : NaN;
    if (!Number.isFinite(t)) throw new TypeError(`DateTime: expected an ISO-8601 string, got ${JSON.stringify(v)}`);
    return t;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new TypeError('DateTime: expected an ISO-8601 string literal');
    const t = Date.parse(ast.value);
    if (!Number.isFinite(t)) throw new TypeError(`DateTime: invalid ISO-8601 string ${JSON.stringify(ast.value)}`);
    return t;
  },
});

const META_FIELDS = [
  'symbol',
  'venueSymbol',
  'baseAsset',
  'quoteAsset',
  'variant',
  'marginAssets',
  'fees',
  'marketHours',
  'tickSize',
  'stepSize',
  'minNotional',
  'maxLeverage',
  'leverageTiers',
  'risk',
] as const satisfies ReadonlyArray<keyof MarketMeta>;

const metaResolvers = Object.fromEntries(META_FIELDS.map((f) => [f, (p: { meta: MarketMeta }) => p.meta[f]]));

/** The stats with their quote fields filled where the connector gave none (core/quote.ts `servedQuote`). */
function quoteField<K extends keyof QuotePrices>(s: StatsValue | null, meta: MarketMeta, k: K): QuotePrices[K] | null {
  return s ? servedQuote(s, meta.quoteAsset)[k] : null;
}

const EMPTY_OI = { base: null, usd: null, long: null, short: null, longBase: null, shortBase: null, provenance: null };

export const typeResolvers: Resolvers = {
  DateTime,
  PerpMarket: {
    ...metaResolvers,
    id: (p) => p.meta.id,
    venue: (p) => toGqlVenue(p.venue),
    dataSource: (p) => (p.plane === 'mock' ? 'MOCK' : 'LIVE'),
    markPrice: async (p, _a, ctx) => (await ctx.loaders.stats.load(key(p.plane, p.meta.id)))?.markPrice ?? null,
    indexPrice: async (p, _a, ctx) => (await ctx.loaders.stats.load(key(p.plane, p.meta.id)))?.indexPrice ?? null,
    markPriceQuote: async (p, _a, ctx) => quoteField(await ctx.loaders.stats.load(key(p.plane, p.meta.id)), p.meta, 'markPriceQuote'),
    indexPriceQuote: async (p, _a, ctx) => quoteField(await ctx.loaders.stats.load(key(p.plane, p.meta.id)), p.meta, 'indexPriceQuote'),
    quoteUsdPrice: async (p, _a, ctx) => quoteField(await ctx.loaders.stats.load(key(p.plane, p.meta.id)), p.meta, 'quoteUsdPrice'),
    quoteUsdSource: async (p, _a, ctx) => quoteField(await ctx.loaders.stats.load(key(p.plane, p.meta.id)), p.meta, 'quoteUsdSource'),
    quoteUsdAsOf: async (p, _a, ctx) => quoteField(await ctx.loaders.stats.load(key(p.plane, p.meta.id)), p.meta, 'quoteUsdAsOf'),
    priceSource: async (p, _a, ctx) => (await ctx.loaders.stats.load(key(p.plane, p.meta.id)))?.priceSource ?? null,
    volume24hUsd: async (p, _a, ctx) => (await ctx.loaders.stats.load(key(p.plane, p.meta.id)))?.volume24hUsd ?? null,
    openInterest: async (p, _a, ctx) => (await ctx.loaders.stats.load(key(p.plane, p.meta.id)))?.openInterest ?? EMPTY_OI,
    flags: async (p, _a, ctx) => {
      const o = (await ctx.loaders.stats.load(key(p.plane, p.meta.id)))?.oracle;
      return o ? [...p.meta.flags, ...oracleView(o, ctx.now).flags] : p.meta.flags;
    },
    oracleDeviationBps: async (p, _a, ctx) => (await ctx.loaders.stats.load(key(p.plane, p.meta.id)))?.oracle?.deviationBps ?? null,
    oracle: async (p, _a, ctx) => {
      const o = (await ctx.loaders.stats.load(key(p.plane, p.meta.id)))?.oracle;
      return o ? oracleView(o, ctx.now) : null;
    },
    funding: (p, _a, ctx) => ctx.loaders.funding.load(key(p.plane, p.meta.id)),
    depth: async (p, a, ctx) => {
      const levels = checkLevels(a.levels);
      if (p.single) ctx.app.demandBook(p.venue, p.meta.id);
      const b = await ctx.loaders.books.load(key(p.plane, p.meta.id));
      return b && { ...b, bids: b.bids.slice(0, levels), asks: b.asks.slice(0, levels) };
    },
    fundingHistory: (p, a, ctx) => historyFor(ctx, p.meta.id, p.plane, a.window),
    freshness: async (p, _a, ctx) => {
      const k = key(p.plane, p.meta.id);
      const [s, f] = await Promise.all([ctx.loaders.stats.load(k), ctx.loaders.funding.load(k)]);
      const src = p.plane === 'mock' ? 'MOCK' : 'LIVE';
      const stamps = [
        f?.stamp,
        s ? { asOf: s.asOf, slaMs: f?.stamp.slaMs ?? ctx.app.timings.MARK.slaMs, source: s.source } : undefined,
      ].filter((x) => x !== undefined);
      if (stamps.length === 0) {
        const v = ctx.app.store.venue(p.plane, p.venue);
        return freshnessAt({ asOf: v.metadataAt ?? ctx.now, slaMs: ctx.app.timings.METADATA.slaMs, source: src }, ctx.now);
      }
      const oldest = stamps.reduce((a, b) => (b.asOf < a.asOf ? b : a));
      return freshnessAt(oldest, ctx.now);
    },
    completeness: async (p, _a, ctx) => {
      const k = key(p.plane, p.meta.id);
      const [s, f, b] = await Promise.all([ctx.loaders.stats.load(k), ctx.loaders.funding.load(k), ctx.loaders.books.load(k)]);
      return marketCompleteness(p.meta, s, f, b);
    },
  },
  FundingRate: {
    venue: (f) => toGqlVenue(f.venue),
    freshness: (f, _a, ctx) => freshnessAt(f.stamp, ctx.now),
    completeness: (f) => fundingCompleteness(f),
  },
  OrderBook: {
    venue: (b) => toGqlVenue(b.venue),
    flags: (b) => [...venueFacts(b.venue).bookFlags, ...(b.flags ?? [])],
    freshness: (b, _a, ctx) => freshnessAt(b.stamp, ctx.now),
  },
  OpenInterest: {
    asOf: (o) => o.asOf ?? null,
    ageMs: (o, _a, ctx) => (typeof o.asOf === 'number' ? Math.max(0, ctx.now - o.asOf) : null),
  },
  MarkPrice: {
    venue: (m) => toGqlVenue(m.venue),
    freshness: (m, _a, ctx) => freshnessAt({ asOf: m.asOf, slaMs: m.slaMs, source: m.source }, ctx.now),
  },
  SpreadLeg: {
    ...spreadLegResolvers,
    freshness: (l) => l.freshness,
  },
  ConnectorHealth: {
    venue: (h) => toGqlVenue(h.venue),
    counters: (h) => Object.entries(h.counters).map(([name, value]) => ({ name, value })),
    schemaVersion: () => SCHEMA_VERSION,
  },
};
