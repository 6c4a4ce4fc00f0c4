/**
 * One unit per field: prices of a market quoted in a non-USD asset (e.g. a BTC market quoted in WETH: BTC priced in ETH) are
 * served in USD, converted with the quote asset's USD price, and the native (quote-unit) values are kept in their
 * own fields. Pure; used by the live normalizers and by the mock plane alike.
 */
import type { MarketStats } from './types.js';

/** The USD price of one quote unit, where it came from, and when it was observed (epoch ms; null = unknown). */
export interface QuoteUsd {
  usd: number;
  source: string;
  asOf: number | null;
}

export type QuotePrices = Required<
  Pick<MarketStats, 'markPrice' | 'indexPrice' | 'markPriceQuote' | 'indexPriceQuote' | 'quoteUsdPrice' | 'quoteUsdSource' | 'quoteUsdAsOf'>
>;

/**
 * markPrice/indexPrice in USD = quote-unit price × quote USD price; null when either is unknown (never the
 * quote-unit figure under a USD label). The quote-unit prices are kept as markPriceQuote/indexPriceQuote.
 */
export function pricesInUsd(markQuote: number | null, indexQuote: number | null, quote: QuoteUsd | null): QuotePrices {
  const usd = (v: number | null) => (v === null || quote === null ? null : v * quote.usd);
  return {
    markPrice: usd(markQuote),
    indexPrice: usd(indexQuote),
    markPriceQuote: markQuote,
    indexPriceQuote: indexQuote,
    quoteUsdPrice: quote?.usd ?? null,
    quoteUsdSource: quote?.source ?? null,
    quoteUsdAsOf: quote?.asOf ?? null,
  };
}

/**
 * The quote fields of served stats: as the connector gave them; for a USD-quoted market whose connector gives
 * none, the USD prices are the quote prices (quoteUsdPrice 1); for any other quote without them, null (unknown).
 * quoteUsdAsOf defaults to the stats' own time when a conversion is stated without one.
 */
export function servedQuote(s: MarketStats & { asOf: number }, quoteAsset: string): QuotePrices {
  const usdQuoted = quoteAsset.toUpperCase() === 'USD';
  const given = s.quoteUsdPrice !== undefined;
  const quoteUsdPrice = given ? (s.quoteUsdPrice ?? null) : usdQuoted ? 1 : null;
  return {
    markPrice: s.markPrice,
    indexPrice: s.indexPrice,
    markPriceQuote: s.markPriceQuote !== undefined ? s.markPriceQuote : usdQuoted ? s.markPrice : null,
    indexPriceQuote: s.indexPriceQuote !== undefined ? s.indexPriceQuote : usdQuoted ? s.indexPrice : null,
    quoteUsdPrice,
    quoteUsdSource: given ? (s.quoteUsdSource ?? null) : usdQuoted ? 'USD-quoted market (1 USD per quote unit)' : null,
    quoteUsdAsOf: quoteUsdPrice === null ? null : (s.quoteUsdAsOf ?? s.asOf),
  };
}
