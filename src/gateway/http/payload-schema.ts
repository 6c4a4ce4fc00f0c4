/**
 * The standardized REST payload of GET /api/perp-connectors (DESIGN §4), as a zod schema. The JSON Schema in
 * schema/perp-connectors.schema.json is generated from this (npm run codegen) and checked in.
 */
import { z } from 'zod';

const n = z.number().nullable();
const venue = z.enum(['ASTER', 'AVANTIS', 'JUPITER', 'SYNFUTURES']);
const source = z.enum(['LIVE', 'CACHED', 'MOCK']);
const iso = z.string().datetime();

export const freshness = z.object({ asOf: iso, ageMs: z.number(), slaMs: z.number(), stale: z.boolean(), source });
const completeness = z.object({ score: z.number().min(0).max(1), missing: z.array(z.string()) });
const level = z.object({ price: z.number(), size: z.number(), sizeUsd: z.number(), cumulativeSizeUsd: z.number() });

export const fundingSchema = z.object({
  model: z.enum(['PERIODIC_FUNDING', 'CONTINUOUS_FUNDING', 'BORROW_FEE', 'FUNDING_PLUS_BORROW']),
  rate: n,
  intervalHours: n,
  intervalSource: z.enum(['VENUE_API', 'HISTORY_SPACING', 'DEFAULT_ASSUMED']).nullable(),
  ratePerHour: n,
  annualizedRate: n,
  longRatePerHour: n,
  shortRatePerHour: n,
  longBorrowRatePerHour: n,
  shortBorrowRatePerHour: n,
  longCostPerHour: n,
  shortCostPerHour: n,
  longCostAnnualized: n,
  shortCostAnnualized: n,
  predictedRate: n,
  nextFundingTime: iso.nullable(),
  capRate: n,
  floorRate: n,
  provenance: z.string().nullable(),
  freshness,
  completeness,
});

export const marketSchema = z.object({
  id: z.string().regex(/^(aster|avantis|jupiter|synfutures):[A-Z0-9.]+-[A-Z0-9.]+-PERP(-[A-Z0-9_]+)?$/),
  venue,
  symbol: z.string(),
  venueSymbol: z.string(),
  baseAsset: z.string(),
  quoteAsset: z.string(),
  variant: z.string().nullable(),
  marginAssets: z.array(z.string()),
  markPrice: n,
  indexPrice: n,
  priceSource: z.string().nullable(),
  openInterest: z.object({ base: n, usd: n, long: n, short: n, longBase: n, shortBase: n, provenance: z.string().nullable() }),
  volume24hUsd: n,
  fees: z.object({ maker: n, taker: n, source: z.enum(['VENUE_API', 'ACCOUNT', 'DEFAULT_SCHEDULE', 'MOCK']), note: z.string().nullable() }),
  marketHours: z.object({ isOpen: z.boolean(), nextOpen: iso.nullable(), nextClose: iso.nullable() }),
  tickSize: n,
  stepSize: n,
  minNotional: n,
  maxLeverage: n,
  leverageTiers: z
    .array(z.object({ notionalFloor: z.number(), notionalCap: n, maxLeverage: z.number(), maintenanceMarginRate: n }))
    .nullable(),
  risk: z.object({
    initialMarginRate: n,
    maintenanceMarginRate: n,
    liquidationThreshold: n,
    insuranceFund: z.object({ balanceUsd: n, status: z.string(), source: z.string() }),
  }),
  flags: z.array(z.string()),
  funding: fundingSchema.nullable(),
  depth: z
    .object({
      kind: z.enum(['ORDER_BOOK', 'SYNTHETIC']),
      model: z.string().nullable(),
      bids: z.array(level),
      asks: z.array(level),
      midPrice: n,
      spreadBps: n,
      sequence: z.string().nullable(),
      freshness,
    })
    .nullable(),
  freshness,
  completeness,
  dataSource: source,
});

export const connectorSchema = z.object({
  venue,
  status: z.enum(['HEALTHY', 'DEGRADED', 'DOWN', 'MOCK']),
  dataSource: source,
  transport: z.enum(['WEBSOCKET', 'REST', 'RPC', 'GRAPHQL', 'MOCK']),
  channels: z.array(
    z.object({
      channel: z.enum(['FUNDING', 'DEPTH', 'METADATA', 'MARK']),
      cadenceMs: z.number(),
      slaMs: z.number(),
      lastSuccessAt: iso.nullable(),
      ageMs: n,
      stale: z.boolean(),
    }),
  ),
  lastError: z.object({ code: z.string(), message: z.string(), at: iso }).nullable(),
  consecutiveFailures: z.number().int(),
  reconnects: z.number().int(),
  resyncs: z.number().int(),
  rateLimit: z.object({
    budgetPerMinute: z.number().int(),
    usedLastMinute: z.number().int(),
    remaining: z.number().int(),
    throttled: z.boolean(),
    lastRetryAfterMs: n,
    bannedUntil: iso.nullable(),
  }),
  marketsExpected: z.number().int(),
  marketsReturned: z.number().int(),
  sources: z.array(z.object({ name: z.string(), status: z.string(), reason: z.string().nullable(), lastSuccessAt: iso.nullable() })),
  counters: z.array(z.object({ name: z.string(), value: z.number() })),
  leader: z.string().nullable(),
  schemaVersion: z.string(),
});

export const spreadSummarySchema = z.object({
  base: z.string(),
  longMarket: z.string(),
  shortMarket: z.string(),
  netCarryApr: z.number(),
  netExpectedPnlUsd: z.number(),
  breakEvenHours: n,
});

export const payloadSchema = z.object({
  schemaVersion: z.string().regex(/^\d+\.\d+\.\d+$/),
  generatedAt: iso,
  mode: z.enum(['auto', 'live', 'mock']),
  cache: z.object({ hit: z.boolean(), ageMs: z.number(), ttlMs: z.number() }),
  connectors: z.array(connectorSchema),
  markets: z.array(marketSchema),
  summary: z.object({
    venues: z.number().int(),
    markets: z.number().int(),
    staleMarkets: z.number().int(),
    liveVenues: z.array(venue),
    mockVenues: z.array(venue),
    downVenues: z.array(venue),
    topSpreads: z.array(spreadSummarySchema),
  }),
});

export type Payload = z.infer<typeof payloadSchema>;
