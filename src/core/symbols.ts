import type { Venue } from './types.js';

/** Quote assets that are USD for the purpose of canonical ids. */
const USD_QUOTES = new Set(['USD', 'USDT', 'USDC', 'USDC.E', 'USDE', 'USDB', 'DAI', 'FDUSD', 'JUPUSD', 'USD1']);

/** Map a quote asset to its canonical id form: stablecoins → USD, WETH → ETH, others upper-case. */
export function canonicalQuote(quote: string): string {
  const q = quote.toUpperCase();
  if (USD_QUOTES.has(q)) return 'USD';
  if (q === 'WETH') return 'ETH';
  return q;
}

/** Canonical base asset: upper-case; wrapped BTC/ETH/SOL map to their native names. */
export function canonicalBase(base: string): string {
  const b = base.toUpperCase();
  if (b === 'WBTC' || b === 'CBBTC') return 'BTC';
  if (b === 'WETH') return 'ETH';
  if (b === 'WSOL') return 'SOL';
  return b;
}

/** `<venue>:<BASE>-<QUOTE>-PERP[-VARIANT]` (DESIGN §2). */
export function marketId(venue: Venue, base: string, quote: string, variant?: string | null): string {
  const id = `${venue}:${canonicalBase(base)}-${canonicalQuote(quote)}-PERP`;
  return variant ? `${id}-${variant.toUpperCase()}` : id;
}

const ID_RE = /^(aster|avantis|jupiter|synfutures):([A-Z0-9.]+)-([A-Z0-9.]+)-PERP(?:-([A-Z0-9_]+))?$/;

export interface ParsedMarketId {
  venue: Venue;
  base: string;
  quote: string;
  variant: string | null;
}

/** Parse a canonical id; returns null if it is not one. */
export function parseMarketId(id: string): ParsedMarketId | null {
  const m = ID_RE.exec(id);
  if (!m) return null;
  return { venue: m[1] as Venue, base: m[2]!, quote: m[3]!, variant: m[4] ?? null };
}
