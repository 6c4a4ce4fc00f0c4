/**
 * Jupiter in mock mode: each dataset row becomes the decoded Custody accounts the live connector reads (the asset
 * custody and the USDC custody that shorts pay), which then go through this venue's own normalize.ts: the program's
 * integer borrow curve, the on-chain leverage and liquidation threshold, the fee ladder and its level count, the
 * oracle as mid. The dataset stores raw inputs only: custody utilisation, oracle price, OI by side.
 */
import type { MarketMeta, Stamp } from '../../core/types.js';
import type { MockTick, VenueMock } from '../../mocks/venue-mock.js';
import { CUSTODY_FIELDS, type Custody } from './layout.js';
import { CUSTODY_MINTS, DEFAULT_CUSTODIES, DEFAULT_POOL, KNOWN_MINTS, RATE_POWER, USD_DECIMALS } from './constants.js';
import { jupFunding, marketBook, marketIdOf, marketMeta, marketStats, type JupMarket } from './normalize.js';

/** The pool's stable custodies (docs/venues/jupiter.md §1): USDC collateralises every short. */
const STABLES = ['USDC', 'USDT', 'JupUSD'];
const USDC_CUSTODY = DEFAULT_CUSTODIES[3];
/** USDC custody size: 400 M USDC owned (its utilisation comes from the dataset). */
const USDC_OWNED = 400_000_000n * 10n ** 6n;

const ZERO: Record<string, unknown> = { u8: 0, bool: false, i8: 0, u32: 0, f32: 0, u64: 0n, i64: 0n, u128: 0n, pubkey: '' };

/**
 * Mainnet custody parameters (docs/venues/jupiter.md §6.4, §7): open/close 6 bps, 500x program leverage
 * (bps-scaled), impact 1 bp per $100k capped at 150 bps, the jump-rate curve 10 % / 60 % at 80 % / 230 %.
 */
const PARAMS: Partial<Custody> = {
  pool: DEFAULT_POOL,
  increasePositionBps: 6n,
  decreasePositionBps: 6n,
  maxLeverage: 5_000_000n,
  tradeImpactFeeScalar: 1_000_000_000_000_000n,
  maxFeeBps: 150n,
  minRateBps: 1_000n,
  targetRateBps: 6_000n,
  maxRateBps: 23_000n,
  targetUtilizationRate: 800_000_000n,
  priceImpactFeeFactor: 100n,
  priceImpactExponent: 1.5,
  allowIncreasePosition: true,
  allowDecreasePosition: true,
};

/** A decoded custody with every field of the layout (zeros) overlaid by the mainnet parameters and `over`. */
function custody(over: Partial<Custody>): Custody {
  const c: Record<string, unknown> = {};
  for (const f of CUSTODY_FIELDS) c[f.field] = ZERO[f.type];
  return { ...(c as unknown as Custody), ...PARAMS, ...over };
}

/** Utilisation (fraction) → a 1e9-scaled integer, as the program computes locked / owned. */
const util9 = (u: number): bigint => BigInt(Math.round(Math.min(1, Math.max(0, u)) * Number(RATE_POWER)));

/** The asset custody of a dataset row: locked = long OI in tokens, owned from the stored utilisation. */
function assetCustody(m: MockTick): { jm: JupMarket; c: Custody } {
  const key = m.meta.venueSymbol;
  const mint = CUSTODY_MINTS[key] ?? '';
  const decimals = KNOWN_MINTS[mint]?.decimals ?? 9;
  const token = KNOWN_MINTS[mint]?.symbol ?? m.meta.baseAsset;
  const locked = BigInt(Math.round((m.snap.oiLongUsd / m.snap.mark) * 10 ** decimals));
  const u = util9(m.funding.longUtilization!);
  const owned = u > 0n ? (locked * RATE_POWER) / u : locked;
  const globalShortSizes = BigInt(Math.round(m.snap.oiShortUsd * 10 ** USD_DECIMALS));
  const c = custody({ mint, decimals, owned, locked, globalShortSizes, maxGlobalShortSizes: 500_000_000n * 10n ** 6n });
  return { jm: { id: marketIdOf(token), base: m.meta.baseAsset, token, custody: key, mint }, c };
}

function usdcCustody(m: MockTick): Custody {
  const locked = (USDC_OWNED * util9(m.funding.shortUtilization!)) / RATE_POWER;
  return custody({ mint: CUSTODY_MINTS[USDC_CUSTODY] ?? '', decimals: 6, isStable: true, owned: USDC_OWNED, locked });
}

export const jupiterMock: VenueMock = {
  fundingColumns: ['longUtilization', 'shortUtilization'],
  meta(m: MockTick): MarketMeta {
    const { jm, c } = assetCustody(m);
    return marketMeta(jm, c, STABLES);
  },
  funding(m: MockTick, stamp: Stamp) {
    return jupFunding(m.meta.id, assetCustody(m).c, usdcCustody(m), stamp);
  },
  stats(m: MockTick) {
    return marketStats(assetCustody(m).c, m.snap.mark, m.snap.volume24hUsd);
  },
  book(m: MockTick, stamp: Stamp) {
    return marketBook(m.meta.id, assetCustody(m).c, usdcCustody(m), m.snap.mark, 1, stamp, String(m.bucket));
  },
};
