/**
 * zod schemas of Hyperliquid's `/info` answers and WebSocket frames (docs/venues/hyperliquid.md §2–§4). Numbers
 * arrive as decimal strings; they stay strings here and go through core/numbers in normalize.ts. Strict on what we
 * read, lenient (passthrough) on fields we do not.
 */
import { z } from 'zod';

const dec = z.string();
const numLike = z.union([z.string(), z.number()]);

export const UniverseAsset = z
  .object({
    name: z.string(),
    szDecimals: z.number().int().min(0),
    maxLeverage: z.number().positive(),
    marginTableId: z.number().int().optional(),
    onlyIsolated: z.boolean().optional(),
    isDelisted: z.boolean().optional(),
  })
  .passthrough();
export type UniverseAsset = z.infer<typeof UniverseAsset>;

export const MarginTier = z.object({ lowerBound: numLike, maxLeverage: z.number().positive() });
export const MarginTable = z.tuple([z.number().int(), z.object({ description: z.string().optional(), marginTiers: z.array(MarginTier) })]);
export type MarginTable = z.infer<typeof MarginTable>;

export const Meta = z.object({ universe: z.array(UniverseAsset), marginTables: z.array(MarginTable).default([]) }).passthrough();
export type Meta = z.infer<typeof Meta>;

export const AssetCtx = z
  .object({
    funding: dec,
    openInterest: dec,
    prevDayPx: dec.nullable().optional(),
    dayNtlVlm: dec,
    premium: dec.nullable().optional(),
    oraclePx: dec,
    markPx: dec,
    midPx: dec.nullable().optional(),
    impactPxs: z.array(dec).nullable().optional(),
    dayBaseVlm: dec.optional(),
  })
  .passthrough();
export type AssetCtx = z.infer<typeof AssetCtx>;

/** `[meta, assetCtxs]`; assetCtxs[i] belongs to meta.universe[i] (§2). */
export const MetaAndAssetCtxs = z.tuple([Meta, z.array(AssetCtx)]);
export type MetaAndAssetCtxs = z.infer<typeof MetaAndAssetCtxs>;

export const BookLevel = z.object({ px: dec, sz: dec, n: z.number().optional() });
export type BookLevel = z.infer<typeof BookLevel>;

/** REST l2Book answer and the WS `l2Book` frame's data: same shape (§4). */
export const L2Book = z.object({ coin: z.string(), time: z.number(), levels: z.tuple([z.array(BookLevel), z.array(BookLevel)]) });
export type L2Book = z.infer<typeof L2Book>;

export const AllMids = z.record(z.string(), dec);
export type AllMids = z.infer<typeof AllMids>;

export const FundingHistory = z.array(
  z.object({ coin: z.string(), fundingRate: dec, premium: dec.nullable().optional(), time: z.number() }),
);
export type FundingHistory = z.infer<typeof FundingHistory>;

const PredictedEntry = z.object({ fundingRate: dec, nextFundingTime: z.number(), fundingIntervalHours: z.number().positive().optional() });
export const PredictedFundings = z.array(z.tuple([z.string(), z.array(z.tuple([z.string(), PredictedEntry.nullable()]))]));
export type PredictedFundings = z.infer<typeof PredictedFundings>;

/** Every WebSocket frame is `{channel, data}` (§4). */
export const WsFrame = z.object({ channel: z.string(), data: z.unknown().optional() });
export const WsAllMids = z.object({ mids: AllMids });
