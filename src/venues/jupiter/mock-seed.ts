/**
 * Jupiter's seed for the deterministic mock-dataset generator (`npm run mocks:generate`): the reference custodies
 * (realistic, not live values), their metadata, the raw custody utilisations (the venue's mock turns them into the
 * program's integer borrow rate) and the fee ladder book. Sources: docs/venues/jupiter.md §1, §6.1, §6.4, §7, §8, §11.
 */
import type { MarketMeta } from '../../core/types.js';
import { referencePrice } from '../../mocks/reference-prices.js';
import { AROUND_THE_CLOCK } from '../../mocks/schedule.js';
import * as kit from '../../mocks/seed.js';

interface JupiterRef extends kit.RefCommon {
  /** Long collateral = the traded asset's custody token. */
  custodyToken: string;
  /** Custody utilisation (locked / owned) the borrow curve is evaluated at. */
  utilization: number;
  /** Custody available liquidity (owned − locked) in USD: caps the synthetic ladder. */
  availableUsd: number;
}

/** Rows: base, custody pubkey (venueSymbol), custody token, vol, volume24hUsd, oiUsd, longShare, utilization, availableUsd. */
type Row = [string, string, string, number, number, number, number, number, number];
const ROWS: Row[] = [
  ['SOL', '7xS2gz2bTp3fwCC7knJvUWTEU9Tycczu6VhJYKgi1wdz', 'SOL', 0.04, 1.9e8, 2.1e8, 0.58, 0.56, 4.2e8],
  ['ETH', 'AQCGyheWPLeo6Qp9WpYS9m3Qj479t7R636N9ey1rEjEn', 'ETH', 0.03, 8.8e7, 9.5e7, 0.61, 0.47, 1.6e8],
  ['BTC', '5Pv3gM9JrFFH883SWAhvJC9RPYmo8UNxuFtv5bMMALkm', 'WBTC', 0.025, 1.3e8, 1.4e8, 0.64, 0.41, 2.3e8],
];
const REFS: JupiterRef[] = ROWS.map((r) => ({
  base: r[0],
  quote: 'USD',
  venueSymbol: r[1],
  custodyToken: r[2],
  price: referencePrice(r[0], 'USD'),
  vol: r[3],
  volume24hUsd: r[4],
  oiUsd: r[5],
  longShare: r[6],
  utilization: r[7],
  availableUsd: r[8],
}));

/** The USDC custody's utilisation: every USDC-collateralised short pays its rate (docs/venues/jupiter.md §6.1). */
const USDC_UTILIZATION = 0.63;

/** 6 bps open/close, UI max 250x, liquidation below size / 500; prices and sizes are USD 6 dp, no tick/step (§7, §8, §11). */
function meta(r: JupiterRef): MarketMeta {
  return {
    ...kit.identity('jupiter', r),
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
        status: 'NOT_PUBLISHED',
        source: 'No insurance fund: the JLP pool is the counterparty (venues/jupiter.md §8)',
      },
    },
    flags: [],
    missing: ['tickSize', 'stepSize', 'risk.liquidationThreshold', 'risk.insuranceFund.balanceUsd'],
  };
}

const NOTIONALS = [1e4, 2.5e4, 5e4, 1e5, 2.5e5, 5e5, 1e6, 2.5e6, 5e6, 1e7];
/** 6 bps base fee + linear impact (10 bps per $1M), capped at 150 bps and at available liquidity (§7, §8). */
function book(rnd: kit.Rnd, r: JupiterRef, snaps: number): kit.Book {
  const b = kit.emptyBook();
  const scale = kit.ou(rnd, snaps, 1, 0.05, 0.05);
  for (let i = 0; i < snaps; i++) {
    for (const [offs, sizes, tilt] of [
      [b.bidOff, b.bidSize, 1 - (r.longShare - 0.5)],
      [b.askOff, b.askSize, 1 + (r.longShare - 0.5)],
    ] as const) {
      let prev = 0;
      let filled = 0;
      NOTIONALS.forEach((n) => {
        const impact = Math.min(150, (n / 1e5) * Math.max(0.5, scale[i]!) * tilt);
        const off = Math.max(prev + 1, Math.round((6 + impact) * 100));
        offs.push(off);
        prev = off;
        const next = Math.min(n, r.availableUsd);
        sizes.push(Math.max(1, Math.round(next - filled)));
        filled = next;
      });
    }
  }
  return b;
}

const BOOK_MODEL =
  'jupiter-fee-ladder: Doves oracle price ± (6 bps base fee + linear price-impact fee, 10 bps per $1M, capped at 150 bps) at ' +
  'notionals $10k … $10M, sizes capped by custody available liquidity (venues/jupiter.md §7, §8)';

export const jupiterSeed: kit.MockSeed = {
  seed: 37,
  markets: ({ rnd, shape }: kit.SeedContext) => {
    // Raw custody utilisation (locked / owned); the venue's mock turns it into the program's integer borrow rate.
    // Every USDC-collateralised short pays the USDC custody's rate, whatever the market (docs/venues/jupiter.md §6.1).
    const util = (u: number) => kit.sig(kit.clamp(u, 0, 1), 8);
    const usdc = kit.ou(rnd, shape.rows, USDC_UTILIZATION, 0.03, 0.01).map(util);
    return REFS.map((r) => {
      const s = kit.snapshots(rnd, r, shape);
      const longUtilization = kit.ou(rnd, shape.rows, r.utilization, 0.03, 0.01).map(util);
      return [
        meta(r),
        kit.series({
          ...s,
          bookModel: BOOK_MODEL,
          funding: { longUtilization, shortUtilization: usdc },
          book: kit.encodeBook(book(rnd, r, shape.snaps)),
        }),
      ];
    });
  },
};
