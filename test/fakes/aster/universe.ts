/**
 * A large Aster listing for coverage tests: the three fixture symbols plus generated `S<n>USDT` perps, each with
 * an exchangeInfo row (the fixture BTC row's filters), a 24 h ticker (volume falling with n), a mark and an OI.
 */
import { readFileSync } from 'node:fs';

export const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../fixtures/aster/${name}.json`, import.meta.url), 'utf8'));

interface SymbolRow {
  symbol: string;
  [k: string]: unknown;
}

export interface Universe {
  exchangeInfo: { symbols: SymbolRow[]; [k: string]: unknown };
  ticker24hr: Array<Record<string, unknown>>;
  /** Generated symbols (not the fixture ones), with their mark price. */
  extra: Array<{ symbol: string; mark: number }>;
}

/** A row the connector serves: a trading perpetual with a base asset. */
export const served = (r: SymbolRow): boolean => r.status === 'TRADING' && r.contractType === 'PERPETUAL' && !!r.baseAsset;

/** The fixture listing grown to `total` served symbols (never fewer than the fixture's three). */
export function universe(total: number): Universe {
  const info = fixture('exchangeInfo') as Universe['exchangeInfo'];
  const tickers = fixture('ticker24hr') as Universe['ticker24hr'];
  const template = info.symbols[0]!;
  const extra: Universe['extra'] = [];
  const start = info.symbols.filter(served).length;
  for (let n = 0; n < total - start; n++) {
    const base = `S${String(n).padStart(3, '0')}`;
    const symbol = `${base}USDT`;
    info.symbols.push({ ...template, symbol, pair: symbol, baseAsset: base });
    const mark = 10 + n / 10;
    tickers.push({ symbol, lastPrice: String(mark), volume: '1000', quoteVolume: String(1_000_000 * (total - n)) });
    extra.push({ symbol, mark });
  }
  return { exchangeInfo: info, ticker24hr: tickers, extra };
}
