/**
 * One reference price per base asset (USD), shared by every venue's mock seed, so the mock datasets agree across
 * venues: a market's newest mark is the reference price of its base in its quote (`referencePrice`). Realistic, not
 * live, values. A base listed by one venue only may keep its own price in that venue's seed (the venue's own token,
 * whose name a venue-agnostic file cannot spell without naming the venue).
 */
export const REFERENCE_PRICES_USD: Readonly<Record<string, number>> = {
  BTC: 97_240,
  ETH: 3_409.1,
  SOL: 191.25,
  BNB: 652.3,
  XRP: 2.312,
  DOGE: 0.31874,
  SUI: 3.6121,
  LINK: 18.421,
  AVAX: 30.152,
  HYPE: 28.705,
  ZORA: 0.08123,
  TAO: 412.5,
  EUR: 1.08421,
  XAU: 2_741.3,
  /** 1 000 PEPE. */
  KPEPE: 0.011662,
};

/** Stablecoins and USD quote at 1 USD; any other quote at its own reference price. */
const usdOf = (asset: string): number => (/^(USD|USDT|USDC)$/.test(asset) ? 1 : referenceUsd(asset));

/** The USD reference price of a base asset (wrapped names map to their underlying: cbBTC and WBTC → BTC, WETH → ETH). */
export function referenceUsd(base: string): number {
  const b = base.toUpperCase().replace(/^(CB|W)(BTC|ETH)$/, '$2');
  const p = REFERENCE_PRICES_USD[b];
  if (p === undefined) throw new Error(`no reference price for ${base}: add it to src/mocks/reference-prices.ts`);
  return p;
}

/** The reference price of `base` in units of `quote` (BTC in USDT: the USD price; cbBTC in WETH: BTC / ETH). */
export function referencePrice(base: string, quote: string): number {
  const q = usdOf(quote);
  return q === 1 ? referenceUsd(base) : sig8(referenceUsd(base) / q);
}

const sig8 = (x: number): number => Number(x.toPrecision(8));
