/**
 * Hyperliquid reference markets for the deterministic generator (docs/venues/hyperliquid.md): hourly funding
 * F = (P + clamp(I − P, ±0.05 %)) / 8 with I = 0.01 % per 8 h (so 0.0000125 /h at rest), capped at ±4 %/h (§3); the
 * venue's own predicted next rate; metadata through the venue's normalizer from universe entries and the published
 * margin tables (§2, §5); books on a tick of about 5 significant figures (§2.1). Realistic, not live, values.
 */
import type { MarketMeta } from '../../src/core/types.js';
import { normalizeMarket } from '../../src/venues/hyperliquid/normalize.js';
import type { Meta } from '../../src/venues/hyperliquid/wire.js';
import { clamp, ou, type Rnd } from './random.js';
import type { RefCommon } from './reference.js';

export interface HyperliquidRef extends RefCommon {
  szDecimals: number;
  maxLeverage: number;
  marginTableId: number;
  /** Book grid of the mock (the venue has no fixed tick: 5 significant figures). */
  tick: number;
  step: number;
  /** Typical USD resting at one level. */
  levelUsd: number;
  /** Std-dev of the 8-hour premium. */
  premiumVol: number;
}

type Row = [
  coin: string,
  price: number,
  szDecimals: number,
  maxLev: number,
  table: number,
  tick: number,
  vol: number,
  volume: number,
  oi: number,
  levelUsd: number,
];
const ROWS: Row[] = [
  ['BTC', 104_366, 5, 40, 56, 1, 0.025, 3.1e9, 2.98e9, 900_000],
  ['ETH', 2_497.8, 4, 25, 55, 0.1, 0.035, 1.5e9, 1.5e9, 500_000],
  ['SOL', 150.04, 2, 20, 54, 0.01, 0.045, 4.0e8, 4.3e8, 150_000],
  ['HYPE', 31.27, 2, 10, 52, 0.001, 0.06, 3.1e8, 5.2e8, 90_000],
  ['kPEPE', 0.011662, 0, 10, 52, 0.000001, 0.07, 5.1e7, 4.8e7, 20_000],
];

export const HYPERLIQUID: HyperliquidRef[] = ROWS.map(
  ([coin, price, szDecimals, maxLeverage, marginTableId, tick, vol, volume, oi, levelUsd]) => ({
    base: coin.toUpperCase(),
    quote: 'USDC',
    venueSymbol: coin,
    price,
    vol,
    volume24hUsd: volume,
    oiUsd: oi,
    longShare: 0.5,
    szDecimals,
    maxLeverage,
    marginTableId,
    tick,
    step: Number(`1e-${szDecimals}`),
    levelUsd,
    premiumVol: 0.00012,
  }),
);

/** The published mainnet margin tables these markets use (docs/venues/hyperliquid.md §5). */
const tiered = (id: number, top: number, bound: number, next: number): Meta['marginTables'][number] => [
  id,
  {
    description: `tiered ${top}x`,
    marginTiers: [
      { lowerBound: '0.0', maxLeverage: top },
      { lowerBound: `${bound}.0`, maxLeverage: next },
    ],
  },
];
const TABLES: Meta['marginTables'] = [
  tiered(52, 10, 20_000_000, 5),
  tiered(54, 20, 70_000_000, 10),
  tiered(55, 25, 100_000_000, 15),
  tiered(56, 40, 150_000_000, 20),
];

export function hyperliquidMeta(r: HyperliquidRef): MarketMeta {
  return normalizeMarket(
    { name: r.venueSymbol, szDecimals: r.szDecimals, maxLeverage: r.maxLeverage, marginTableId: r.marginTableId },
    TABLES,
  );
}

/** Hourly rate per minute row, and the venue's predicted rate for the next hour (where the premium average is heading). */
export function hyperliquidFunding(rnd: Rnd, r: HyperliquidRef, rows: number): Record<string, number[]> {
  const rate = ou(rnd, rows, 0, r.premiumVol, 0.02).map(
    (p) => Number(clamp((p + clamp(0.0001 - p, -0.0005, 0.0005)) / 8, -0.04, 0.04).toFixed(10)) || 0,
  );
  const predicted = rate.map((_, j) => rate[Math.min(rows - 1, j + 30)]!);
  return { rate, predicted };
}
