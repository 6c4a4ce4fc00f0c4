/**
 * Completeness of a market record: which fields the schema lets be null are null (because the venue does not
 * publish them, or the source failed). The list comes from the schema (src/generated/completeness-fields.ts, every
 * nullable field of PerpMarket and its children), so a new field cannot be forgotten. Never guesses: a null is
 * listed, a value is counted present.
 */
import { servedQuote } from '../../core/quote.js';
import type { FundingRate, MarketMeta, OrderBook } from '../../core/types.js';
import { expectedFundingFields } from '../../core/funding.js';
import { PERP_MARKET_NULLABLE_FIELDS } from '../../generated/completeness-fields.js';
import type { StatsValue } from './context.js';

export interface CompletenessOut {
  score: number;
  missing: string[];
}

/**
 * Fields whose null is a value, not an absence (their schema descriptions say so): not counted. `variant` null =
 * the market has no variant; `marketHours.nextOpen/nextClose` null = it trades around the clock; the venue-specific
 * `risk.liquidationCollateralLossFraction` exists only on venues with a collateral-loss rule (see the venue's docs page);
 * `openInterest.asOf/ageMs` null = read with the mark.
 * `oracleDeviationBps`/`oracle` null = the market is not cross-checked against two public oracles.
 */
export const NULL_IS_A_VALUE: ReadonlySet<string> = new Set([
  'variant',
  'marketHours.nextOpen',
  'marketHours.nextClose',
  'risk.liquidationCollateralLossFraction',
  // Null = the open interest was read with the mark (the stats' freshness applies), or there is none (base/usd say so).
  'openInterest.asOf',
  'openInterest.ageMs',
  // Null = the market is not cross-checked against two public oracles (not oracle-backed); a failed read shows in oracle.readings[].error.
  'oracleDeviationBps',
  'oracle',
]);

/** The fields completeness checks: the schema's nullable PerpMarket fields less NULL_IS_A_VALUE. */
export const CHECKED_FIELDS: readonly string[] = PERP_MARKET_NULLABLE_FIELDS.filter((f) => !NULL_IS_A_VALUE.has(f));

function at(o: unknown, path: string): unknown {
  let v = o;
  for (const k of path.split('.')) v = v === null || v === undefined ? undefined : (v as Record<string, unknown>)[k];
  return v;
}

export function marketCompleteness(
  meta: MarketMeta,
  stats: StatsValue | null,
  funding: FundingRate | null,
  book: OrderBook | null,
): CompletenessOut {
  // The record as PerpMarket serves it (resolvers/types.ts): meta, then stats with their quote fields, funding, depth.
  const served = {
    ...meta,
    ...(stats ? { ...stats, ...servedQuote(stats, meta.quoteAsset) } : {}),
    openInterest: stats?.openInterest ?? null,
    funding,
    depth: book,
  };
  const missing = new Set<string>(meta.missing);
  for (const name of CHECKED_FIELDS) {
    const v = at(served, name);
    if (v === null || v === undefined) missing.add(name);
  }
  const total = new Set([...CHECKED_FIELDS, ...meta.missing]).size;
  return { score: round4(1 - missing.size / total), missing: [...missing].sort() };
}

export function fundingCompleteness(f: FundingRate): CompletenessOut {
  const fields = expectedFundingFields(f.model);
  const missing = fields.filter((k) => f[k] === null).map(String);
  return { score: round4(1 - missing.length / fields.length), missing: missing.sort() };
}

function round4(x: number): number {
  return Math.round(Math.max(0, x) * 1e4) / 1e4;
}
