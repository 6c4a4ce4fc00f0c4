import { VENUES, type Venue } from './venues.js';

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

/** The canonical-id pattern for a list of venues (ids are lower-case letters and digits). */
export const marketIdPattern = (venues: readonly string[]): string =>
  `^(${venues.join('|')}):([A-Z0-9.]+)-([A-Z0-9.]+)-PERP(?:-([A-Z0-9_]+))?$`;
/** Source of the canonical-id pattern over the venues registered at load; the REST payload schema uses the same text. */
export const MARKET_ID_PATTERN = marketIdPattern(VENUES);
/** The pattern over the venues registered now (a venue may be registered at run time, registry.ts `registerVenue`). */
let idRe = { key: '', re: new RegExp(MARKET_ID_PATTERN) };
function currentIdRe(): RegExp {
  const key = VENUES.join('|');
  if (key !== idRe.key) idRe = { key, re: new RegExp(marketIdPattern(VENUES)) };
  return idRe.re;
}
/** A canonical id to show in messages (the first registered venue's BTC perp). */
export const EXAMPLE_MARKET_ID = `${VENUES[0]}:BTC-USD-PERP`;

export interface ParsedMarketId {
  venue: Venue;
  base: string;
  quote: string;
  variant: string | null;
}

/** Parse a canonical id; returns null if it is not one. */
export function parseMarketId(id: string): ParsedMarketId | null {
  const m = currentIdRe().exec(id);
  if (!m) return null;
  return { venue: m[1] as Venue, base: m[2]!, quote: m[3]!, variant: m[4] ?? null };
}
