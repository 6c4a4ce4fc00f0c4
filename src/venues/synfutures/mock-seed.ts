/**
 * SynFutures's seed for the deterministic mock-dataset generator (`npm run mocks:generate`): the reference
 * instruments (realistic, not live values), their metadata and static on-chain fields (Observer setting, QuoteParam)
 * the venue's mock rebuilds, the payer funding rate and the AMM + limit-order book.
 * Sources: docs/venues/synfutures.md §3, §7, §8, §9, §10, §11.
 */
import type { MarketMeta } from '../../core/types.js';
import type { Series } from '../../mocks/dataset.js';
import { referencePrice, referenceUsd } from '../../mocks/reference-prices.js';
import { AROUND_THE_CLOCK } from '../../mocks/schedule.js';
import * as kit from '../../mocks/seed.js';

interface SynRef extends kit.RefCommon {
  marketType: 'LINK' | 'PYTH' | 'EMG' | 'DEXV2';
  /** initialMarginRatio in bps (max leverage = 1e4 / IMR); MMR = IMR / 2 (SDK default ratio). */
  imrBps: number;
  /** fundingHour (0 on chain means 24). */
  fundingHour: number;
  /** Typical payer rate per funding period, (fair − mark) / mark. */
  carry: number;
  /** amm.insuranceFund in quote units. */
  insurance: number;
  /** minMarginAmount in quote units (10 USDC on Base). */
  minMargin: number;
  /** USD price of one quote unit (1 for USDC, the ETH price for WETH). */
  quoteUsd: number;
  /** USD liquidity resting near the fair price (per level, decaying outwards). */
  levelUsd: number;
}

/**
 * Rows: venue symbol (BASE-QUOTE-MARKETTYPE), variant, vol, volume24hUsd, oiUsd, longShare, imrBps, fundingHour, carry,
 * insurance (quote units), minMargin (quote units), levelUsd.
 */
type Row = [string, string | null, number, number, number, number, number, number, number, number, number, number];
const ROWS: Row[] = [
  ['BTC-USDC-LINK', null, 0.025, 9.5e6, 6.2e6, 0.57, 300, 24, 0.0005, 182_000, 10, 60_000],
  ['ETH-USDC-LINK', null, 0.03, 7.1e6, 4.3e6, 0.46, 300, 24, -0.0004, 126_500, 10, 45_000],
  ['SOL-USDC-PYTH', null, 0.04, 1.9e6, 1.1e6, 0.55, 500, 24, 0.0007, 38_700, 10, 15_000],
  ['BTC-USDC-EMG', 'EMG', 0.025, 4.1e5, 3.9e5, 0.7, 1000, 24, 0.0012, 8_200, 10, 6_000], // operator-pushed index
  ['cbBTC-WETH-LINK', null, 0.02, 1.1e6, 8.4e5, 0.52, 500, 8, 0.00015, 6.29, 0.005, 12_000],
];
const REFS: SynRef[] = ROWS.map((r) => {
  const [base, quote, type] = r[0].split('-') as [string, string, SynRef['marketType']];
  return {
    base,
    quote,
    venueSymbol: r[0],
    ...(r[1] ? { variant: r[1] } : {}),
    marketType: type,
    price: referencePrice(base, quote),
    vol: r[2],
    volume24hUsd: r[3],
    oiUsd: r[4],
    longShare: r[5],
    imrBps: r[6],
    fundingHour: r[7],
    carry: r[8],
    insurance: r[9],
    minMargin: r[10],
    quoteUsd: quote === 'USDC' ? 1 : referenceUsd(quote),
    levelUsd: r[11],
  };
});

/** Observer setting (IMR/MMR bps, fee ratios), per-pair insurance fund; price tick is relative (5-tick spacing), so null (§9–§11). */
function meta(r: SynRef): MarketMeta {
  const imr = r.imrBps / 1e4;
  const maxLeverage = kit.sig(1 / imr);
  const weth = r.quote === 'WETH';
  return {
    ...kit.identity('synfutures', r),
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
    minNotional: kit.sig(((r.minMargin * 1e4) / r.imrBps) * r.quoteUsd),
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

/** Margin tokens on Base (docs/venues/synfutures.md §3): the quote's ERC-20 address and decimals. */
const BASE_TOKENS: Record<string, [string, number]> = {
  USDC: ['0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913', 6],
  WETH: ['0x4200000000000000000000000000000000000006', 18],
};

/** The static on-chain fields of an instrument (Observer setting and QuoteParam) the venue's mock rebuilds. */
function instrumentParams(r: SynRef): Record<string, number | string> {
  const [quoteAddress, quoteDecimals] = BASE_TOKENS[r.quote] ?? ['0x0000000000000000000000000000000000000000', 18];
  return {
    quote: r.quote,
    marketType: r.marketType,
    quoteAddress,
    quoteDecimals,
    imrBps: r.imrBps,
    mmrBps: r.imrBps / 2,
    minMarginAmount: r.minMargin,
    tradingFeeRatio: 1,
    protocolFeeRatio: 2,
    insuranceFund: r.insurance,
  };
}

function funding(rnd: kit.Rnd, r: SynRef, rows: number): Series['funding'] {
  // Payer rate per fundingHour period, (fair − mark) / mark; trades beyond ±IMR revert, so |r| < IMR (docs/venues/synfutures.md §7.4).
  const bound = (0.9 * r.imrBps) / 1e4;
  const sd = Math.abs(r.carry) * 0.3 + (0.0001 * r.fundingHour) / 24;
  return { rate: kit.ou(rnd, rows, r.carry, sd, 0.01).map((x) => kit.sig(kit.clamp(x, -bound, bound), 8)) };
}

/** 1.0001^(5n) for n = 0..60, by repeated multiplication (pow is not bit-identical across engines). */
const TICK5: number[] = [1];
for (let i = 1, x = 1; i <= 60; i++) {
  for (let t = 0; t < 5; t++) x *= 1.0001;
  TICK5.push(x);
}

/** Ranges + limit orders on 5-tick order spacing around the AMM fair price, liquidity decaying outwards (§9). */
function book(rnd: kit.Rnd, r: SynRef, snaps: number): kit.Book {
  const b = kit.emptyBook();
  for (let i = 0; i < snaps; i++) {
    for (const [offs, sizes, side] of [
      [b.bidOff, b.bidSize, -1],
      [b.askOff, b.askSize, 1],
    ] as const) {
      let n = 1;
      for (let k = 0; k < kit.LEVELS; k++) {
        if (k > 0) n += rnd() < 0.7 ? 1 : 2;
        const f = TICK5[n]!;
        offs.push(Math.round((side > 0 ? f - 1 : 1 - 1 / f) * 1e6));
        sizes.push(Math.round(r.levelUsd * (1.25 - 0.07 * k) * (0.6 + 0.8 * rnd())));
      }
    }
  }
  return b;
}

const BOOK_MODEL =
  'synfutures-oyster-amm: concentrated-liquidity ranges + limit orders walked tick by tick (Observer.liquidityDetails) on 5-tick ' +
  'order spacing around the AMM fair price = mark × (1 + funding rate) (venues/synfutures.md §7, §9)';

export const synfuturesSeed: kit.MockSeed = {
  seed: 41,
  markets: ({ rnd, shape }: kit.SeedContext) =>
    REFS.map((r) => {
      const s = kit.snapshots(rnd, r, shape);
      // Index = the feeder's spot; the mark is its EMA (docs/venues/synfutures.md §8).
      const index = kit.indexNear(rnd, s.mark, 0.0003, 0.2, 1);
      const imr = r.imrBps / 1e4;
      return [
        meta(r),
        kit.series({
          ...s,
          intervalHours: r.fundingHour,
          capRate: imr,
          floorRate: -imr,
          quoteUsd: r.quoteUsd,
          bookModel: BOOK_MODEL,
          params: instrumentParams(r),
          index,
          funding: funding(rnd, r, shape.rows),
          book: kit.encodeBook(book(rnd, r, shape.snaps)),
        }),
      ];
    }),
};
