/**
 * Completeness of a market record: which expected fields are null (because the venue does not publish them, or
 * the source failed). Never guesses: a null is listed, a value is counted present.
 */
import type { FundingRate, MarketMeta, OrderBook } from '../../core/types.js';
import { expectedFundingFields } from '../../core/funding.js';
import type { StatsValue } from './context.js';

export interface CompletenessOut {
  score: number;
  missing: string[];
}

export function marketCompleteness(
  meta: MarketMeta,
  stats: StatsValue | null,
  funding: FundingRate | null,
  book: OrderBook | null,
): CompletenessOut {
  const checks: Array<[string, unknown]> = [
    ['markPrice', stats?.markPrice ?? null],
    ['indexPrice', stats?.indexPrice ?? null],
    ['openInterest.usd', stats?.openInterest.usd ?? null],
    ['openInterest.long', stats?.openInterest.long ?? null],
    ['openInterest.short', stats?.openInterest.short ?? null],
    ['volume24hUsd', stats?.volume24hUsd ?? null],
    ['fees.maker', meta.fees.maker],
    ['fees.taker', meta.fees.taker],
    ['tickSize', meta.tickSize],
    ['stepSize', meta.stepSize],
    ['minNotional', meta.minNotional],
    ['maxLeverage', meta.maxLeverage],
    ['leverageTiers', meta.leverageTiers],
    ['risk.maintenanceMarginRate', meta.risk.maintenanceMarginRate],
    ['risk.liquidationThreshold', meta.risk.liquidationThreshold],
    ['risk.insuranceFund.balanceUsd', meta.risk.insuranceFund.balanceUsd],
    ['funding', funding],
    ['depth', book],
  ];
  const missing = new Set<string>(meta.missing);
  for (const [name, v] of checks) if (v === null || v === undefined) missing.add(name);
  const total = new Set([...checks.map(([n]) => n), ...meta.missing]).size;
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
