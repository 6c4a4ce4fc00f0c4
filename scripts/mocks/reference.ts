/**
 * Reference values for the mock datasets: the real market sets as far as ../shared/venues/*.md describe them, with
 * realistic (not live) prices, sizes, fees and risk parameters. Read only by the deterministic generator.
 *
 * Sources: Aster venues/aster.md §2.1–2.3, §2.10, §2.12, §5 (fapi clone of Binance, 8 h default and 4 h for
 * ASTERUSDT/ZORAUSDT, ccxt default fees); Avantis venues/avantis.md §1.2 (v2 catalog fields), §2.5, §5, §6;
 * Jupiter venues/jupiter.md §1, §6.4 (the official jump-rate example curve), §7, §8; SynFutures
 * venues/synfutures.md §3, §7, §8, §10, §11. Avantis pair indexes other than ETH = 0 are illustrative.
 */

/** Fields every venue's reference market carries. */
export interface RefCommon {
  base: string;
  quote: string;
  venueSymbol: string;
  variant?: string;
  /** Mark price at the newest snapshot, in quote units. */
  price: number;
  /** Daily volatility (fraction) of the mark random walk. */
  vol: number;
  volume24hUsd: number;
  /** Total open interest in USD (Aster: one side, an order book's longs equal its shorts). */
  oiUsd: number;
  /** Long share of OI, 0..1 (1 = one-sided long). */
  longShare: number;
}

export interface AsterRef extends RefCommon {
  tick: number;
  step: number;
  minNotional: number;
  intervalHours: 8 | 4;
  /** Interest component per interval (0.01 %/8 h scaled; BNBUSDT 0, venues/aster.md §5). */
  interest: number;
  /** Std-dev of the premium per interval (how often funding leaves the interest clamp). */
  premiumVol: number;
  /** fundingInfo cap/floor (± per interval, venues/aster.md §2.3). */
  cap: number;
  /** Typical USD resting at one level. */
  levelUsd: number;
}

export interface AvantisRef extends RefCommon {
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
  /** Long side's margin fee relative to the short side's (4 of 112 pairs differed, venues/avantis.md §1.2). */
  longBorrowBias?: number;
  /** fundingFeePerHourP (% per hour): what a one-sided book pays, the ceiling otherwise. */
  fundingFeePct: number;
  /** v2 open maker / taker fee (% of notional); Upside pairs are zero-fee. */
  makerFeeP: number;
  takerFeeP: number;
  /** Trades on a weekly schedule (FX, commodities) instead of around the clock. */
  weekly?: boolean;
}

export interface JupiterRef extends RefCommon {
  /** Long collateral = the traded asset's custody token. */
  custodyToken: string;
  /** Custody utilisation (locked / owned) the borrow curve is evaluated at. */
  utilization: number;
  /** Custody available liquidity (owned − locked) in USD: caps the synthetic ladder. */
  availableUsd: number;
}

export interface SynRef extends RefCommon {
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

/** Aster rows: base, price, tick, step, vol, volume24hUsd, oiUsd, intervalHours, premiumVol, levelUsd, interest (default 0.01 %/8 h). */
type AsterRow = [string, number, number, number, number, number, number, 8 | 4, number, number, number?];
const ASTER_ROWS: AsterRow[] = [
  ['BTC', 97_250, 0.1, 0.001, 0.025, 1.2e9, 4.1e8, 8, 0.0002, 90_000],
  ['ETH', 3_410, 0.01, 0.001, 0.03, 6.8e8, 2.3e8, 8, 0.00025, 60_000],
  ['SOL', 191.4, 0.01, 0.01, 0.04, 2.1e8, 7.5e7, 8, 0.0003, 25_000],
  ['BNB', 652.3, 0.01, 0.01, 0.025, 9.1e7, 3.2e7, 8, 0.0002, 15_000, 0], // BNBUSDT interest 0 (venues/aster.md §5)
  ['XRP', 2.312, 0.0001, 0.1, 0.045, 1.1e8, 4.4e7, 8, 0.0003, 15_000],
  ['DOGE', 0.31874, 0.00001, 1, 0.05, 8.4e7, 3.1e7, 8, 0.00035, 12_000],
  ['SUI', 3.6121, 0.0001, 0.1, 0.055, 4.2e7, 1.6e7, 8, 0.0004, 8_000],
  ['LINK', 18.421, 0.001, 0.01, 0.045, 2.9e7, 1.2e7, 8, 0.0003, 6_000],
  ['AVAX', 30.152, 0.001, 0.01, 0.05, 2.2e7, 9e6, 8, 0.0003, 5_000],
  ['HYPE', 28.705, 0.001, 0.01, 0.06, 6.5e7, 2.5e7, 8, 0.0006, 9_000],
  ['ASTER', 1.1204, 0.0001, 1, 0.08, 1.5e8, 6e7, 4, 0.0005, 10_000], // 4 h interval (docs.asterdex.com)
  ['ZORA', 0.08123, 0.00001, 10, 0.1, 1.2e7, 4e6, 4, 0.0008, 2_500], // 4 h interval (fundingInfo sample)
];
export const ASTER: AsterRef[] = ASTER_ROWS.map(
  ([base, price, tick, step, vol, volume24hUsd, oiUsd, intervalHours, premiumVol, levelUsd, interest]) => ({
    base,
    quote: 'USDT',
    venueSymbol: `${base}USDT`,
    price,
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
  }),
);

const CRYPTO_FUNDING = 0.0022842; // %/h ≈ 20 % APR, the catalog's typical fundingFeePerHourP (venues/avantis.md §1.2)
/**
 * Avantis rows: base, variant, pairIndex, group, price, vol, volume24hUsd, oiUsd, longShare, maxLeverage, depthAbove, depthBelow,
 * spreadP, marginFeePct, fundingFeePct, makerFeeP, takerFeeP, weekly, longBorrowBias.
 */
type AvantisRow = [
  string,
  string | null,
  number,
  AvantisRef['group'],
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  boolean,
  number?,
];
const AVANTIS_ROWS: AvantisRow[] = [
  ['ETH', null, 0, 'CRYPTO1', 3_408.2, 0.03, 4.1e7, 6.7e6, 0.52, 75, 30e6, 32.5e6, 0.01, 0.0017123, CRYPTO_FUNDING, 0.01, 0.05, false],
  ['BTC', null, 1, 'CRYPTO1', 97_231, 0.025, 5.6e7, 9.1e6, 0.56, 75, 45e6, 48e6, 0.01, 0.0017123, CRYPTO_FUNDING, 0.01, 0.05, false],
  ['SOL', null, 2, 'CRYPTO2', 191.12, 0.04, 1.3e7, 2.1e6, 0.41, 50, 8e6, 8.5e6, 0.02, 0.0019, CRYPTO_FUNDING, 0.01, 0.05, false],
  ['LINK', null, 6, 'CRYPTO2', 18.402, 0.045, 1.1e6, 4.2e5, 0.7, 50, 1.5e6, 1.6e6, 0.04, 0.0021, CRYPTO_FUNDING, 0.01, 0.05, false, 1.1],
  ['TAO', null, 41, 'CRYPTO2', 412.5, 0.07, 2.5e5, 2.5e5, 1, 25, 4e5, 4.2e5, 0.08, 0.0025, CRYPTO_FUNDING, 0.01, 0.05, false], // one-sided
  ['EUR', null, 12, 'FOREX', 1.08421, 0.004, 2.2e6, 1.9e6, 0.45, 100, 60e6, 60e6, 0.002, 0.00057, 0.0005, 0.01, 0.03, true],
  ['XAU', null, 21, 'COMMODITIES', 2_741.3, 0.009, 3.4e6, 3.2e6, 0.63, 100, 25e6, 25e6, 0.005, 0.0017123, 0.001, 0.01, 0.03, true],
  ['ETH', 'DEGEN', 68, 'CRYPTO1', 3_408.2, 0.03, 3.3e6, 9e5, 0.65, 250, 30e6, 32.5e6, 0.01, 0.0017123, CRYPTO_FUNDING, 0.01, 0.05, false],
  ['BTC', 'UPSIDE', 69, 'CRYPTO1', 97_231, 0.025, 5.1e6, 1.2e6, 0.66, 500, 45e6, 48e6, 0.01, 0.0017123, CRYPTO_FUNDING, 0, 0, false], // zero-fee
];
export const AVANTIS: AvantisRef[] = AVANTIS_ROWS.map((r) => ({
  base: r[0],
  quote: 'USD',
  ...(r[1] ? { variant: r[1] } : {}),
  venueSymbol: String(r[2]),
  pairIndex: r[2],
  group: r[3],
  price: r[4],
  vol: r[5],
  volume24hUsd: r[6],
  oiUsd: r[7],
  longShare: r[8],
  maxLeverage: r[9],
  depthAbove: r[10],
  depthBelow: r[11],
  spreadP: r[12],
  marginFeePct: r[13],
  fundingFeePct: r[14],
  makerFeeP: r[15],
  takerFeeP: r[16],
  weekly: r[17],
  ...(r[18] === undefined ? {} : { longBorrowBias: r[18] }),
}));

/** Jupiter rows: base, custody pubkey (venueSymbol), custody token, price, vol, volume24hUsd, oiUsd, longShare, utilization, availableUsd. */
type JupiterRow = [string, string, string, number, number, number, number, number, number, number];
const JUPITER_ROWS: JupiterRow[] = [
  ['SOL', '7xS2gz2bTp3fwCC7knJvUWTEU9Tycczu6VhJYKgi1wdz', 'SOL', 191.25, 0.04, 1.9e8, 2.1e8, 0.58, 0.56, 4.2e8],
  ['ETH', 'AQCGyheWPLeo6Qp9WpYS9m3Qj479t7R636N9ey1rEjEn', 'ETH', 3_409.1, 0.03, 8.8e7, 9.5e7, 0.61, 0.47, 1.6e8],
  ['BTC', '5Pv3gM9JrFFH883SWAhvJC9RPYmo8UNxuFtv5bMMALkm', 'WBTC', 97_240, 0.025, 1.3e8, 1.4e8, 0.64, 0.41, 2.3e8],
];
export const JUPITER: JupiterRef[] = JUPITER_ROWS.map((r) => ({
  base: r[0],
  quote: 'USD',
  venueSymbol: r[1],
  custodyToken: r[2],
  price: r[3],
  vol: r[4],
  volume24hUsd: r[5],
  oiUsd: r[6],
  longShare: r[7],
  utilization: r[8],
  availableUsd: r[9],
}));

/** The USDC custody every USDC-collateralised short pays (venues/jupiter.md §6.1), and the example jump-rate curve (§6.4). */
export const JUPITER_USDC = { custody: 'G18jKKXQwBbrHeiK3C9MRXhkHsLHf7XgCSisykV46EZa', utilization: 0.63 };
export const JUPITER_CURVE = { minAprBps: 1_000, targetAprBps: 6_000, maxAprBps: 23_000, targetUtilization: 0.8 };

/**
 * SynFutures rows: venue symbol (BASE-QUOTE-MARKETTYPE), variant, price, vol, volume24hUsd, oiUsd, longShare, imrBps, fundingHour,
 * carry, insurance (quote units), minMargin (quote units), quoteUsd, levelUsd.
 */
type SynRow = [string, string | null, number, number, number, number, number, number, number, number, number, number, number, number];
const SYN_ROWS: SynRow[] = [
  ['BTC-USDC-LINK', null, 97_212, 0.025, 9.5e6, 6.2e6, 0.57, 300, 24, 0.0005, 182_000, 10, 1, 60_000],
  ['ETH-USDC-LINK', null, 3_405.4, 0.03, 7.1e6, 4.3e6, 0.46, 300, 24, -0.0004, 126_500, 10, 1, 45_000],
  ['SOL-USDC-PYTH', null, 191.03, 0.04, 1.9e6, 1.1e6, 0.55, 500, 24, 0.0007, 38_700, 10, 1, 15_000],
  ['BTC-USDC-EMG', 'EMG', 97_190, 0.025, 4.1e5, 3.9e5, 0.7, 1000, 24, 0.0012, 8_200, 10, 1, 6_000], // operator-pushed index
  ['cbBTC-WETH-LINK', null, 28.521, 0.02, 1.1e6, 8.4e5, 0.52, 500, 8, 0.00015, 6.29, 0.005, 3_405.4, 12_000],
];
export const SYNFUTURES: SynRef[] = SYN_ROWS.map((r) => {
  const [base, quote, type] = r[0].split('-') as [string, string, SynRef['marketType']];
  return {
    base,
    quote,
    venueSymbol: r[0],
    ...(r[1] ? { variant: r[1] } : {}),
    marketType: type,
    price: r[2],
    vol: r[3],
    volume24hUsd: r[4],
    oiUsd: r[5],
    longShare: r[6],
    imrBps: r[7],
    fundingHour: r[8],
    carry: r[9],
    insurance: r[10],
    minMargin: r[11],
    quoteUsd: r[12],
    levelUsd: r[13],
  };
});
