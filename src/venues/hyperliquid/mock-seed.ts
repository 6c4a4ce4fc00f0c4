/**
 * Hyperliquid's seed for the deterministic mock-dataset generator (`npm run mocks:generate`, docs/venues/hyperliquid.md):
 * hourly funding F = (P + clamp(I − P, ±0.05 %)) / 8 with I = 0.01 % per 8 h (so 0.0000125 /h at rest), capped at
 * ±4 %/h (§3); the venue's own predicted next rate; metadata through this venue's normalizer from universe entries and
 * the published margin tables (§2, §5); books on a tick of about 5 significant figures (§2.1). Realistic, not live.
 */
import type { MarketMeta } from '../../core/types.js';
import type { Series } from '../../mocks/dataset.js';
import { referencePrice } from '../../mocks/reference-prices.js';
import * as kit from '../../mocks/seed.js';
import { normalizeMarket } from './normalize.js';
import type { Meta } from './wire.js';

/** `tick`: the mock's book grid (the venue has no fixed tick: 5 significant figures). */
interface HyperliquidRef extends kit.BookRef {
  szDecimals: number;
  maxLeverage: number;
  marginTableId: number;
  /** Std-dev of the 8-hour premium. */
  premiumVol: number;
}

type Row = [
  coin: string,
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
  ['BTC', 5, 40, 56, 1, 0.025, 3.1e9, 2.98e9, 900_000],
  ['ETH', 4, 25, 55, 0.1, 0.035, 1.5e9, 1.5e9, 500_000],
  ['SOL', 2, 20, 54, 0.01, 0.045, 4.0e8, 4.3e8, 150_000],
  ['HYPE', 2, 10, 52, 0.001, 0.06, 3.1e8, 5.2e8, 90_000],
  ['kPEPE', 0, 10, 52, 0.000001, 0.07, 5.1e7, 4.8e7, 20_000],
];

const REFS: HyperliquidRef[] = ROWS.map(([coin, szDecimals, maxLeverage, marginTableId, tick, vol, volume, oi, levelUsd]) => ({
  base: coin.toUpperCase(),
  quote: 'USDC',
  venueSymbol: coin,
  price: referencePrice(coin, 'USDC'),
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
}));

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

function meta(r: HyperliquidRef): MarketMeta {
  return normalizeMarket(
    { name: r.venueSymbol, szDecimals: r.szDecimals, maxLeverage: r.maxLeverage, marginTableId: r.marginTableId },
    TABLES,
  );
}

/** Hourly rate per minute row, and the venue's predicted rate for the next hour (where the premium average is heading). */
function funding(rnd: kit.Rnd, r: HyperliquidRef, rows: number): Series['funding'] {
  const rate = kit
    .ou(rnd, rows, 0, r.premiumVol, 0.02)
    .map((p) => Number(kit.clamp((p + kit.clamp(0.0001 - p, -0.0005, 0.0005)) / 8, -0.04, 0.04).toFixed(10)) || 0);
  const predicted = rate.map((_, j) => rate[Math.min(rows - 1, j + 30)]!);
  return { rate, predicted };
}

/** Funding is hourly, capped at ±4 %/h (docs/venues/hyperliquid.md §3). */
export const hyperliquidSeed: kit.MockSeed = {
  seed: 53,
  markets: ({ rnd, shape }: kit.SeedContext) =>
    REFS.map((r) => [
      meta(r),
      kit.orderBookSeries(rnd, r, shape, { intervalHours: 1, cap: 0.04, funding: (g, rows) => funding(g, r, rows) }),
    ]),
};
