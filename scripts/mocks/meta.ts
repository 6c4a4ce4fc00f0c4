/**
 * Mock market metadata per venue, stating what each venue really publishes: a field the venue does not publish is
 * null and named in `missing` (never 0). Sections cited are in ../shared/venues/<venue>.md.
 */
import { canonicalQuote, marketId } from '../../src/core/symbols.js';
import type { MarketMeta, Venue } from '../../src/core/types.js';
import type { AsterRef, AvantisRef, JupiterRef, RefCommon, SynRef } from './reference.js';
import { AROUND_THE_CLOCK, weeklyFxHours } from '../../src/mocks/schedule.js';

/** Round to `n` significant digits (pure arithmetic on the decimal string, identical on every platform). */
export const sig = (x: number, n = 6): number => Number(x.toPrecision(n));

function identity(
  venue: Venue,
  r: RefCommon,
): Pick<MarketMeta, 'id' | 'venue' | 'symbol' | 'venueSymbol' | 'baseAsset' | 'quoteAsset' | 'variant'> {
  const id = marketId(venue, r.base, r.quote, r.variant);
  const [base, quote] = id.slice(id.indexOf(':') + 1).split('-') as [string, string];
  return {
    id,
    venue,
    symbol: `${base}-${quote}`,
    venueSymbol: r.venueSymbol,
    baseAsset: base,
    quoteAsset: canonicalQuote(quote),
    variant: r.variant ?? null,
  };
}

/** Aster: exchangeInfo filters are public; fees, brackets and MMR are signed-only; no OI split, no insurance fund (§2.1, §2.9, §2.10, §2.12). */
export function asterMeta(r: AsterRef): MarketMeta {
  return {
    ...identity('aster', r),
    marginAssets: [r.quote],
    fees: {
      maker: 0.0001,
      taker: 0.00035,
      source: 'DEFAULT_SCHEDULE',
      note: 'Default schedule (ccxt defaults, tier-based, UNCONFIRMED, venues/aster.md §2.10); set ASTER_API_KEY for the account tier.',
    },
    marketHours: AROUND_THE_CLOCK,
    tickSize: r.tick,
    stepSize: r.step,
    minNotional: r.minNotional,
    maxLeverage: null,
    leverageTiers: null,
    risk: {
      initialMarginRate: null,
      maintenanceMarginRate: null,
      liquidationThreshold: null,
      insuranceFund: {
        balanceUsd: null,
        status: 'NOT_PUBLISHED',
        source: 'Aster publishes no insurance-fund endpoint (venues/aster.md §0.6, §2.12)',
      },
    },
    flags: [],
    missing: [
      'leverageTiers',
      'maxLeverage',
      'risk.maintenanceMarginRate',
      'risk.initialMarginRate',
      'risk.liquidationThreshold',
      'risk.insuranceFund.balanceUsd',
      'openInterest.long',
      'openInterest.short',
    ],
  };
}

/** Avantis v2 catalog: fees %, leverages, minLevPosUSDC; no tick/step (1e10 fixed point); liquidation at 85 % collateral loss (§1.2, §2.5, §6). */
export function avantisMeta(r: AvantisRef, at: number): MarketMeta {
  const mmr = sig(0.15 / r.maxLeverage);
  const upside = r.variant === 'UPSIDE';
  return {
    ...identity('avantis', r),
    marginAssets: ['USDC'],
    fees: {
      maker: sig(r.makerFeeP / 100),
      taker: sig(r.takerFeeP / 100),
      source: 'MOCK',
      note: upside
        ? 'Upside (zero-fee) pair: no open/close fee; a tiered share of profits (pnlFees) is taken instead (venues/avantis.md §2.5 d).'
        : 'v2 open maker/taker fee; "maker" means the trade reduces coin-OI skew, not resting liquidity (venues/avantis.md §2.5 d).',
    },
    marketHours: r.weekly ? weeklyFxHours(at) : AROUND_THE_CLOCK,
    tickSize: null,
    stepSize: null,
    minNotional: 100,
    maxLeverage: r.maxLeverage,
    leverageTiers: [{ notionalFloor: 0, notionalCap: null, maxLeverage: r.maxLeverage, maintenanceMarginRate: mmr }],
    risk: {
      initialMarginRate: sig(1 / r.maxLeverage),
      maintenanceMarginRate: mmr,
      liquidationThreshold: 0.85,
      insuranceFund: {
        balanceUsd: null,
        status: 'NOT_PUBLISHED',
        source: 'Avantis publishes no insurance fund: the USDC vault (LPs) is the counterparty (venues/avantis.md §6)',
      },
    },
    flags: [`PAIR_GROUP_${r.group}`, ...(upside ? ['ZERO_FEE_PNL_SHARE'] : [])],
    missing: ['tickSize', 'stepSize', 'risk.insuranceFund.balanceUsd'],
  };
}

/** Jupiter: 6 bps open/close, UI max 250x, liquidation below size / 500; prices and sizes are USD 6 dp, no tick/step (§7, §8, §11). */
export function jupiterMeta(r: JupiterRef): MarketMeta {
  return {
    ...identity('jupiter', r),
    marginAssets: [r.custodyToken, 'USDC'],
    fees: {
      maker: 0.0006,
      taker: 0.0006,
      source: 'MOCK',
      note: 'increase/decreasePositionBps = 6 bps for every fill (no maker concept), plus a price-impact fee (venues/jupiter.md §7).',
    },
    marketHours: AROUND_THE_CLOCK,
    tickSize: null,
    stepSize: null,
    minNotional: 10,
    maxLeverage: 250,
    leverageTiers: [{ notionalFloor: 0, notionalCap: null, maxLeverage: 250, maintenanceMarginRate: 0.002 }],
    risk: {
      initialMarginRate: 0.004,
      maintenanceMarginRate: 0.002,
      liquidationThreshold: null,
      insuranceFund: {
        balanceUsd: null,
        status: 'UNAVAILABLE',
        source: 'No insurance fund: the JLP pool is the counterparty (venues/jupiter.md §8)',
      },
    },
    flags: [],
    missing: ['tickSize', 'stepSize', 'risk.liquidationThreshold', 'risk.insuranceFund.balanceUsd'],
  };
}

/** SynFutures: Observer setting (IMR/MMR bps, fee ratios), per-pair insurance fund; price tick is relative (5-tick spacing), so null (§9–§11). */
export function synfuturesMeta(r: SynRef): MarketMeta {
  const imr = r.imrBps / 1e4;
  const maxLeverage = sig(1 / imr);
  const weth = r.quote === 'WETH';
  return {
    ...identity('synfutures', r),
    marginAssets: [r.quote],
    fees: {
      maker: -0.0001,
      taker: 0.0003,
      source: 'MOCK',
      note: 'taker = tradingFeeRatio + protocolFeeRatio (1 + 2 bps); maker = −tradingFeeRatio, the limit-order rebate (venues/synfutures.md §10).',
    },
    marketHours: AROUND_THE_CLOCK,
    tickSize: null,
    stepSize: 1e-18,
    minNotional: sig(((r.minMargin * 1e4) / r.imrBps) * r.quoteUsd),
    maxLeverage,
    leverageTiers: [{ notionalFloor: 0, notionalCap: null, maxLeverage, maintenanceMarginRate: imr / 2 }],
    risk: {
      initialMarginRate: imr,
      maintenanceMarginRate: imr / 2,
      liquidationThreshold: imr / 2,
      insuranceFund: {
        balanceUsd: Math.round(r.insurance * r.quoteUsd),
        status: 'AVAILABLE',
        source: `amm.insuranceFund (per pair, ${r.quote}${weth ? ' × ETH/USD' : ''}; venues/synfutures.md §11)`,
      },
    },
    flags: [`MARKET_TYPE_${r.marketType}`, ...(r.marketType === 'EMG' || r.marketType === 'DEXV2' ? ['INDEX_SYNTHETIC'] : [])],
    missing: ['tickSize'],
  };
}
