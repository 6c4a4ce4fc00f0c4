/**
 * Avantis's seed for the deterministic mock-dataset generator (`npm run mocks:generate`): the reference pairs
 * (realistic, not live; pair indexes other than ETH = 0 are illustrative), their metadata, the /v2/trading catalog
 * fields the venue's mock rebuilds, per-side funding and the synthetic book.
 * Sources: docs/venues/avantis.md §1.2 (v2 catalog fields), §2.5, §5, §6.
 */
import type { MarketMeta } from '../../core/types.js';
import type { Series } from '../../mocks/dataset.js';
import { referencePrice } from '../../mocks/reference-prices.js';
import { AROUND_THE_CLOCK, weeklyFxHours } from '../../mocks/schedule.js';
import * as kit from '../../mocks/seed.js';

interface AvantisRef extends kit.RefCommon {
  pairIndex: number;
  group: 'CRYPTO1' | 'CRYPTO2' | 'FOREX' | 'COMMODITIES';
  maxLeverage: number;
  /** pairParams.onePercentDepthAbove / Below (USD). */
  depthAbove: number;
  depthBelow: number;
  /** spreadP (% per side). */
  spreadP: number;
  /** marginFee baseline (% per hour, the borrow part; both sides unless longBorrowBias). */
  marginFeePct: number;
  /** Long side's margin fee relative to the short side's (4 of 112 pairs differed, docs/venues/avantis.md §1.2). */
  longBorrowBias?: number;
  /** fundingFeePerHourP (% per hour): what a one-sided book pays, the ceiling otherwise. */
  fundingFeePct: number;
  /** v2 open maker / taker fee (% of notional); Upside pairs are zero-fee. */
  makerFeeP: number;
  takerFeeP: number;
  /** Trades on a weekly schedule (FX, commodities) instead of around the clock. */
  weekly?: boolean;
}

const CRYPTO_FUNDING = 0.0022842; // %/h ≈ 20 % APR, the catalog's typical fundingFeePerHourP (docs/venues/avantis.md §1.2)
/**
 * Rows: base, variant, pairIndex, group, vol, volume24hUsd, oiUsd, longShare, maxLeverage, depthAbove, depthBelow,
 * spreadP, marginFeePct, fundingFeePct, makerFeeP, takerFeeP, weekly, longBorrowBias.
 */
type N = number;
type Row = [string, string | null, N, AvantisRef['group'], N, N, N, N, N, N, N, N, N, N, N, N, boolean, N?];
const CRYPTO_FEES = [CRYPTO_FUNDING, 0.01, 0.05, false] as const;
const ROWS: Row[] = [
  ['ETH', null, 0, 'CRYPTO1', 0.03, 4.1e7, 6.7e6, 0.52, 75, 30e6, 32.5e6, 0.01, 0.0017123, ...CRYPTO_FEES],
  ['BTC', null, 1, 'CRYPTO1', 0.025, 5.6e7, 9.1e6, 0.56, 75, 45e6, 48e6, 0.01, 0.0017123, ...CRYPTO_FEES],
  ['SOL', null, 2, 'CRYPTO2', 0.04, 1.3e7, 2.1e6, 0.41, 50, 8e6, 8.5e6, 0.02, 0.0019, ...CRYPTO_FEES],
  ['LINK', null, 6, 'CRYPTO2', 0.045, 1.1e6, 4.2e5, 0.7, 50, 1.5e6, 1.6e6, 0.04, 0.0021, ...CRYPTO_FEES, 1.1],
  ['TAO', null, 41, 'CRYPTO2', 0.07, 2.5e5, 2.5e5, 1, 25, 4e5, 4.2e5, 0.08, 0.0025, ...CRYPTO_FEES], // one-sided
  ['EUR', null, 12, 'FOREX', 0.004, 2.2e6, 1.9e6, 0.45, 100, 60e6, 60e6, 0.002, 0.00057, 0.0005, 0.01, 0.03, true],
  ['XAU', null, 21, 'COMMODITIES', 0.009, 3.4e6, 3.2e6, 0.63, 100, 25e6, 25e6, 0.005, 0.0017123, 0.001, 0.01, 0.03, true],
  ['ETH', 'DEGEN', 68, 'CRYPTO1', 0.03, 3.3e6, 9e5, 0.65, 250, 30e6, 32.5e6, 0.01, 0.0017123, ...CRYPTO_FEES],
  ['BTC', 'UPSIDE', 69, 'CRYPTO1', 0.025, 5.1e6, 1.2e6, 0.66, 500, 45e6, 48e6, 0.01, 0.0017123, CRYPTO_FUNDING, 0, 0, false], // zero-fee
];
const REFS: AvantisRef[] = ROWS.map((r) => ({
  base: r[0],
  quote: 'USD',
  ...(r[1] ? { variant: r[1] } : {}),
  venueSymbol: String(r[2]),
  pairIndex: r[2],
  group: r[3],
  price: referencePrice(r[0], 'USD'),
  vol: r[4],
  volume24hUsd: r[5],
  oiUsd: r[6],
  longShare: r[7],
  maxLeverage: r[8],
  depthAbove: r[9],
  depthBelow: r[10],
  spreadP: r[11],
  marginFeePct: r[12],
  fundingFeePct: r[13],
  makerFeeP: r[14],
  takerFeeP: r[15],
  weekly: r[16],
  ...(r[17] === undefined ? {} : { longBorrowBias: r[17] }),
}));

/** v2 catalog: fees %, leverages, minLevPosUSDC; no tick/step (1e10 fixed point); liquidation at 85 % collateral loss (§1.2, §2.5, §6). */
function meta(r: AvantisRef, at: number): MarketMeta {
  const mmr = kit.sig(0.15 / r.maxLeverage);
  const upside = r.variant === 'UPSIDE';
  return {
    ...kit.identity('avantis', r),
    marginAssets: ['USDC'],
    fees: {
      maker: kit.sig(r.makerFeeP / 100),
      taker: kit.sig(r.takerFeeP / 100),
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
      initialMarginRate: kit.sig(1 / r.maxLeverage),
      maintenanceMarginRate: mmr,
      // Margin ratio at max leverage (one definition across venues); the 85 % collateral-loss rule in its own field.
      liquidationThreshold: mmr,
      liquidationCollateralLossFraction: 0.85,
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

/** The static fields of a /v2/trading pair entry (docs/venues/avantis.md §1.2) that the venue's mock rebuilds. */
function pairParams(r: AvantisRef): Record<string, number | string> {
  return {
    pairIndex: r.pairIndex,
    group: r.group,
    from: r.variant ? `${r.base}_${r.variant}` : r.base,
    to: r.quote,
    maxLeverage: r.maxLeverage,
    openMakerFeeP: r.makerFeeP,
    openTakerFeeP: r.takerFeeP,
    minLevPosUSDC: 100,
    spreadP: r.spreadP,
    onePercentDepthAbove: r.depthAbove,
    onePercentDepthBelow: r.depthBelow,
    fundingFeePerHourP: r.fundingFeePct,
  };
}

function funding(rnd: kit.Rnd, r: AvantisRef, rows: number, oiL: number[], oiS: number[]): Series['funding'] {
  // Per-side funding nets to zero by coin OI (one oracle price, so USD ratios are coin ratios); a one-sided book pays
  // exactly fundingFeePerHourP and the empty side shows 0 (docs/venues/avantis.md §5). Margin fee = borrow, both sides pay.
  const c: Record<'longFundingPct' | 'shortFundingPct' | 'longBorrowPct' | 'shortBorrowPct', number[]> = {
    longFundingPct: [],
    shortFundingPct: [],
    longBorrowPct: [],
    shortBorrowPct: [],
  };
  const borrow = kit.ou(rnd, rows, 1, 0.08, 0.01);
  for (let j = 0; j < rows; j++) {
    const L = oiL[Math.floor(j / kit.PER_SNAP)]!;
    const S = oiS[Math.floor(j / kit.PER_SNAP)]!;
    let lf: number;
    let sf: number;
    if (S === 0 || L === 0) {
      lf = S === 0 ? r.fundingFeePct : 0;
      sf = S === 0 ? 0 : r.fundingFeePct;
    } else {
      const skew = (L - S) / (L + S);
      const pay = Math.min(r.fundingFeePct, r.fundingFeePct * Math.sqrt(Math.abs(skew)) * (1 + 0.03 * kit.normal(rnd)));
      lf = skew >= 0 ? pay : (-pay * S) / L;
      sf = skew >= 0 ? (-pay * L) / S : pay;
    }
    const bf = r.marginFeePct * Math.max(0.5, borrow[j]!);
    c.longFundingPct.push(kit.sig(lf, 8));
    c.shortFundingPct.push(kit.sig(sf, 8));
    c.longBorrowPct.push(kit.sig(bf * (r.longBorrowBias ?? 1), 8));
    c.shortBorrowPct.push(kit.sig(bf, 8));
  }
  return c;
}

/** Cumulative fractions of the 1 % depth at which the synthetic levels are quoted. */
const FRACTIONS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];
/**
 * The live connector's model (normalize.ts): a trade of notional C fills at oracle × (1 ± d(C)) with
 * d(C) = spread + C / onePercentDepth × 1 %; the level covering (C₁, C₂] is priced so that the VWAP of a walk to C₂ is
 * that fill. Cumulative notionals run from 0.1 % to 100 % of the depth. A flow term widens the spread.
 */
function book(rnd: kit.Rnd, r: AvantisRef, snaps: number): kit.Book {
  const b = kit.emptyBook();
  const flow = kit.ou(rnd, snaps, 0, 0.15, 0.05);
  for (let i = 0; i < snaps; i++) {
    const spread = (r.spreadP / 100) * (1 + Math.abs(flow[i]!));
    for (const [offs, sizes, depth, dir] of [
      [b.bidOff, b.bidSize, r.depthBelow, -1],
      [b.askOff, b.askSize, r.depthAbove, 1],
    ] as const) {
      let prevOff = 0;
      let prevC = 0;
      let prevQ = 0;
      for (const f of FRACTIONS) {
        const c = depth * f * (0.98 + 0.04 * rnd());
        const cum = Math.max(c, prevC + 1);
        const q = cum / (1 + dir * (spread + (cum / depth) * 0.01)); // base units (per unit of oracle price) up to `cum`
        const ratio = (cum - prevC) / (q - prevQ); // level price / oracle
        const off = Math.max(prevOff + 1, Math.round(Math.abs(ratio - 1) * 1e6));
        offs.push(off);
        sizes.push(Math.max(1, Math.round(cum - prevC)));
        prevOff = off;
        prevC = cum;
        prevQ = q;
      }
    }
  }
  return b;
}

const BOOK_MODEL =
  'avantis-linear-impact: Pyth oracle price ± spreadP, then linear price impact reaching 1 % at pairParams.onePercentDepthAbove/Below; ' +
  'levels priced so that a walk to a level boundary fills at its cumulative notional’s price, 0.1 % … 100 % of that depth ' +
  '(venues/avantis.md §2.5 b, §6)';

export const avantisSeed: kit.MockSeed = {
  seed: 23,
  markets: ({ rnd, shape, end }: kit.SeedContext) =>
    REFS.map((r) => {
      const s = kit.snapshots(rnd, r, shape);
      const f = funding(rnd, r, shape.rows, s.oiLongUsd, s.oiShortUsd);
      return [
        meta(r, end),
        kit.series({
          ...s,
          bookModel: BOOK_MODEL,
          schedule: r.weekly ? 'WEEKLY_FX' : null,
          params: pairParams(r),
          funding: f,
          book: kit.encodeBook(book(rnd, r, shape.snaps)),
        }),
      ];
    }),
};
