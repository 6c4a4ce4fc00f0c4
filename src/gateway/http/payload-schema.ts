/**
 * The standardized REST payload of GET /api/perp-connectors (DESIGN §4). `connectors` and `markets` are validated by
 * zod generated from the GraphQL schema (src/generated/payload.ts, from schema/payload.graphql: `npm run codegen`);
 * this file adds only what GraphQL cannot say (the canonical-id pattern, score bounds) and the envelope around them.
 * The JSON Schema in schema/perp-connectors.schema.json is generated from `payloadSchema` and checked in.
 */
import { z } from 'zod';
import { MARKET_ID_PATTERN } from '../../core/symbols.js';
import { connectorsSchema, marketsSchema } from '../../generated/payload.js';
import { VENUES } from '../../venues/registry.js';

const n = z.number().nullable();
const venue = z.enum(VENUES.map((v) => v.toUpperCase()) as [string, ...string[]]);

export const connectorSchema = connectorsSchema.element;
const generatedMarket = marketsSchema.element;
const completeness = generatedMarket.shape.completeness.extend({ score: z.number().min(0).max(1) });
export const fundingSchema = generatedMarket.shape.funding.unwrap().extend({ completeness });
export const marketSchema = generatedMarket.extend({
  id: z.string().regex(new RegExp(MARKET_ID_PATTERN)),
  funding: fundingSchema.nullable(),
  completeness,
});
export const freshness = generatedMarket.shape.freshness;

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
  generatedAt: z.iso.datetime(),
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
