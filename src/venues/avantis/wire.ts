/**
 * Avantis / Pyth wire shapes (docs/venues/avantis.md §1.2, §1.1, §4.1), validated with zod. The catalog is validated in
 * two steps: the envelope (a `pairInfos` map, with or without a `data` wrapper) strictly, then each pair on its own,
 * so one malformed pair is a counted SCHEMA error that loses nothing else.
 */
import { z } from 'zod';

const side = z.looseObject({ long: z.number(), short: z.number() });

/** Market-hours attributes: v2 camelCase, legacy snake_case. Times are unix seconds; 0 = none. */
const Attributes = z.looseObject({
  symbol: z.string().optional(),
  isOpen: z.boolean().optional(),
  nextOpen: z.number().nullable().optional(),
  nextClose: z.number().nullable().optional(),
  is_open: z.boolean().optional(),
  next_open: z.number().nullable().optional(),
  next_close: z.number().nullable().optional(),
});

export const Pair = z.looseObject({
  index: z.number().int().optional(),
  from: z.string(),
  to: z.string(),
  groupIndex: z.number().int().optional(),
  isPairListed: z.boolean().optional(),
  feed: z.looseObject({ feedId: z.string(), attributes: Attributes.optional() }).optional(),
  leverages: z
    .looseObject({
      minLeverage: z.number().optional(),
      maxLeverage: z.number().optional(),
      pnlMinLeverage: z.number().optional(),
      pnlMaxLeverage: z.number().optional(),
    })
    .optional(),
  openInterest: side.optional(),
  coinOI: side.optional(),
  pairOI: z.number().optional(),
  pairMaxOI: z.number().optional(),
  marginFee: side.optional(),
  fundingRate: side.optional(),
  fundingFeePerHourP: z.number().optional(),
  openFeeP: z.number().optional(),
  closeFeeP: z.number().optional(),
  limitOrderFeeP: z.number().optional(),
  minLevPosUSDC: z.number().optional(),
  additionalPairParams2: z
    .looseObject({
      openMakerFeeP: z.number().optional(),
      closeMakerFeeP: z.number().optional(),
      openTakerFeeP: z.number().optional(),
      closeTakerFeeP: z.number().optional(),
      closeOnlyMode: z.boolean().optional(),
    })
    .optional(),
  spreadP: z.number().optional(),
  pairParams: z.looseObject({ onePercentDepthAbove: z.number(), onePercentDepthBelow: z.number() }).optional(),
  liquidity: z.looseObject({ buy: z.number(), sell: z.number() }).optional(),
});
export type Pair = z.infer<typeof Pair>;

const Group = z.looseObject({ name: z.string().optional(), groupMaxOI: z.number().optional(), groupOI: z.number().optional() });

const CatalogBody = z.looseObject({
  dataVersion: z.number().optional(),
  pairInfos: z.record(z.string(), z.unknown()),
  groupInfo: z.record(z.string(), Group).optional(),
  pairCount: z.number().optional(),
});

/** `/v2/trading` or the legacy catalog: the snapshot itself, or wrapped in `{ data: … }` (the SDK accepts both). */
export const Catalog = z.preprocess((v) => {
  if (v && typeof v === 'object' && !('pairInfos' in v) && 'data' in v) {
    const d = (v as { data: unknown }).data;
    if (d && typeof d === 'object') return d;
  }
  return v;
}, CatalogBody);
export type Catalog = z.infer<typeof CatalogBody>;

// The Hermes update schema lives in the shared Pyth module; re-exported so the name stays stable.
export { HermesUpdate } from '../../oracles/pyth.js';

/** `api.avantisfi.com/v1/history/analytics/daily-volumes-by-pair/1/true` (§1.4; path semantics UNCONFIRMED). */
export const DailyVolumes = z.looseObject({
  success: z.boolean().optional(),
  cumulativeVolumes: z.array(z.looseObject({ pairIndex: z.number().int(), cumulativeVolume: z.number() })),
});

/** Answers we accept from the seed's GraphQL analytics queries (§3: no such API is known to exist). */
export const GqlPerpMarkets = z.object({
  perpMarkets: z.array(z.looseObject({ symbol: z.string(), volume24hUsd: z.number().nullable().optional() })),
});
export const GqlFundingRates = z.object({
  fundingRates: z.array(z.looseObject({ symbol: z.string(), longRatePerHourPct: z.number(), shortRatePerHourPct: z.number() })),
});
export const GqlLiquiditySnapshots = z.object({
  liquiditySnapshots: z.array(
    z.looseObject({ symbol: z.string(), onePercentDepthAboveUsd: z.number(), onePercentDepthBelowUsd: z.number() }),
  ),
});
