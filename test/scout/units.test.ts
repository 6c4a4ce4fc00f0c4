/** One unit per field: USD prices for non-USD quotes (core/quote.ts) and history buckets with rate = ratePerHour × intervalHours. */
import { describe, expect, it } from 'vitest';
import { pricesInUsd, servedQuote } from '../../src/core/quote.js';
import { summarizeHistory } from '../../src/store/history-core.js';
import { EXAMPLE_MARKET_ID } from '../../src/core/symbols.js';

const H = 3_600_000;
const T0 = Date.parse('2026-11-20T00:00:00Z');

describe('prices in USD', () => {
  it('a WETH-quoted mark of 28.5 ETH at 3 400 USD/ETH is 96 900 USD; the native price is kept; no quote price → null, not ETH', () => {
    const p = pricesInUsd(28.5, 28.4, { usd: 3400, source: 'WETH × ETH/USD', asOf: T0 });
    expect(p).toEqual({
      markPrice: 96_900,
      indexPrice: 28.4 * 3400,
      markPriceQuote: 28.5,
      indexPriceQuote: 28.4,
      quoteUsdPrice: 3400,
      quoteUsdSource: 'WETH × ETH/USD',
      quoteUsdAsOf: T0,
    });
    const unknown = pricesInUsd(28.5, 28.4, null);
    expect(unknown.markPrice).toBeNull();
    expect(unknown.indexPrice).toBeNull();
    expect(unknown.markPriceQuote).toBe(28.5);
  });

  it('served quote fields: USD-quoted stats without them get quote 1; another quote without them stays null', () => {
    const base = { markPrice: 100, indexPrice: 99, priceSource: null, volume24hUsd: null, asOf: T0, openInterest: {} as never };
    expect(servedQuote(base, 'USD')).toMatchObject({ markPriceQuote: 100, indexPriceQuote: 99, quoteUsdPrice: 1, quoteUsdAsOf: T0 });
    expect(servedQuote(base, 'ETH')).toMatchObject({ markPriceQuote: null, quoteUsdPrice: null, quoteUsdAsOf: null });
  });
});

describe('history buckets', () => {
  it('8-hourly points bucketed per day: rate = ratePerHour × 8 in every bucket (not the last point’s rate)', () => {
    const rates = [0.0001, 0.0003, -0.0001, 0.0002, 0.0001, 0.0004];
    const pts = rates.map((rate, i) => ({
      time: T0 + (i + 1) * 8 * H,
      rate,
      intervalHours: 8,
      ratePerHour: rate / 8,
      longCostPerHour: rate / 8,
      shortCostPerHour: -rate / 8,
      source: 'VENUE_HISTORY' as const,
    }));
    const h = summarizeHistory(EXAMPLE_MARKET_ID, 'VENUE_HISTORY', T0, T0 + 48 * H, pts, '1d');
    expect(h.points).toHaveLength(2);
    // Day 1: points at 8, 16, 24 h → mean per hour (0.0001 + 0.0003 − 0.0001) / 3 / 8; rate = that × 8.
    expect(h.points[0]!.ratePerHour).toBeCloseTo(0.0001 / 8, 15);
    expect(h.points[0]!.rate).toBeCloseTo(0.0001, 15);
    for (const p of h.points) expect(p.rate).toBeCloseTo(p.ratePerHour * 8, 15);
    // Without an interval (and no rate to imply one) the bucket rate is null, not a guess.
    const bare = pts.map((p) => ({ ...p, rate: null, intervalHours: null }));
    expect(summarizeHistory('x', 'GATEWAY_SAMPLED', T0, T0 + 48 * H, bare, '1d').points.every((p) => p.rate === null)).toBe(true);
  });
});
