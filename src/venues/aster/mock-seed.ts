/**
 * Aster's seed for the deterministic mock-dataset generator (`npm run mocks:generate`): the reference markets (the
 * real market set, realistic not live values), their metadata through this venue's own `normalizeMarkets` (an
 * exchangeInfo row, no signed account: the default fee schedule, no brackets), the funding inputs and the book.
 * Sources: docs/venues/aster.md §2.1–2.3, §2.10, §2.12, §5 (8 h default, 4 h for ASTERUSDT/ZORAUSDT).
 */
import type { MarketMeta } from '../../core/types.js';
import type { Series } from '../../mocks/dataset.js';
import { referencePrice } from '../../mocks/reference-prices.js';
import * as kit from '../../mocks/seed.js';
import { normalizeMarkets } from './normalize.js';

interface AsterRef extends kit.BookRef {
  minNotional: number;
  intervalHours: 8 | 4;
  /** Interest component per interval (0.01 %/8 h scaled; BNBUSDT 0, docs/venues/aster.md §5). */
  interest: number;
  /** Std-dev of the premium per interval (how often funding leaves the interest clamp). */
  premiumVol: number;
  /** fundingInfo cap/floor (± per interval, docs/venues/aster.md §2.3). */
  cap: number;
}

/** The venue's own token: listed here only, so its price stays in this seed. */
const OWN_TOKEN_USD = 1.1204;

/** Rows: base, tick, step, vol, volume24hUsd, oiUsd, intervalHours, premiumVol, levelUsd, interest (default 0.01 %/8 h). */
type Row = [string, number, number, number, number, number, 8 | 4, number, number, number?];
const ROWS: Row[] = [
  ['BTC', 0.1, 0.001, 0.025, 1.2e9, 4.1e8, 8, 0.0002, 90_000],
  ['ETH', 0.01, 0.001, 0.03, 6.8e8, 2.3e8, 8, 0.00025, 60_000],
  ['SOL', 0.01, 0.01, 0.04, 2.1e8, 7.5e7, 8, 0.0003, 25_000],
  ['BNB', 0.01, 0.01, 0.025, 9.1e7, 3.2e7, 8, 0.0002, 15_000, 0], // BNBUSDT interest 0 (docs/venues/aster.md §5)
  ['XRP', 0.0001, 0.1, 0.045, 1.1e8, 4.4e7, 8, 0.0003, 15_000],
  ['DOGE', 0.00001, 1, 0.05, 8.4e7, 3.1e7, 8, 0.00035, 12_000],
  ['SUI', 0.0001, 0.1, 0.055, 4.2e7, 1.6e7, 8, 0.0004, 8_000],
  ['LINK', 0.001, 0.01, 0.045, 2.9e7, 1.2e7, 8, 0.0003, 6_000],
  ['AVAX', 0.001, 0.01, 0.05, 2.2e7, 9e6, 8, 0.0003, 5_000],
  ['HYPE', 0.001, 0.01, 0.06, 6.5e7, 2.5e7, 8, 0.0006, 9_000],
  ['ASTER', 0.0001, 1, 0.08, 1.5e8, 6e7, 4, 0.0005, 10_000], // 4 h interval (docs.asterdex.com)
  ['ZORA', 0.00001, 10, 0.1, 1.2e7, 4e6, 4, 0.0008, 2_500], // 4 h interval (fundingInfo sample)
];
const REFS: AsterRef[] = ROWS.map(([base, tick, step, vol, volume24hUsd, oiUsd, intervalHours, premiumVol, levelUsd, interest]) => ({
  base,
  quote: 'USDT',
  venueSymbol: `${base}USDT`,
  price: base === 'ASTER' ? OWN_TOKEN_USD : referencePrice(base, 'USDT'),
  vol,
  volume24hUsd,
  oiUsd,
  longShare: 0.5,
  tick,
  step,
  minNotional: 5,
  intervalHours,
  interest: interest ?? 0.0001 * (intervalHours / 8),
  premiumVol,
  cap: intervalHours === 4 ? 0.02 : 0.03,
  levelUsd,
}));

/** exchangeInfo's row for the market → this venue's normalizer (no signed account: default fees, no brackets). */
function meta(r: AsterRef): MarketMeta {
  const row = {
    symbol: r.venueSymbol,
    contractType: 'PERPETUAL',
    status: 'TRADING',
    baseAsset: r.base,
    quoteAsset: r.quote,
    marginAsset: r.quote,
    filters: [
      { filterType: 'PRICE_FILTER', tickSize: String(r.tick) },
      { filterType: 'LOT_SIZE', stepSize: String(r.step) },
      { filterType: 'MIN_NOTIONAL', notional: String(r.minNotional) },
    ],
  };
  return [...normalizeMarkets({ symbols: [row] }, { fees: null, brackets: null }).values()][0]!;
}

function funding(rnd: kit.Rnd, r: AsterRef, rows: number): Series['funding'] {
  // F = premium + clamp(interest − premium, ±0.05 % scaled to the interval), then the fundingInfo cap (docs/venues/aster.md §5).
  const w = (0.0005 * r.intervalHours) / 8;
  const rate = kit.ou(rnd, rows, 0, r.premiumVol, 0.02).map((p) => {
    const f = kit.clamp(p + kit.clamp(r.interest - p, -w, w), -r.cap, r.cap);
    return Number(f.toFixed(8)) || 0;
  });
  return { rate };
}

export const asterSeed: kit.MockSeed = {
  seed: 11,
  markets: ({ rnd, shape }: kit.SeedContext) =>
    REFS.map((r) => [
      meta(r),
      kit.orderBookSeries(rnd, r, shape, { intervalHours: r.intervalHours, cap: r.cap, funding: (g, rows) => funding(g, r, rows) }),
    ]),
};
