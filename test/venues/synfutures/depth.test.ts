/**
 * The on-chain book (kind ORDER_BOOK) from Observer.liquidityDetails against the venue's own quote (Instrument.inquire) on the fake's
 * AMM state (docs/venues/synfutures.md §9): exact at level boundaries, within DEPTH_INQUIRE_TOLERANCE_BPS inside a level.
 */
import { describe, expect, it } from 'vitest';
import { walkBook } from '../../../src/core/slippage.js';
import { ammBook, DEPTH_INQUIRE_TOLERANCE_BPS, inquireDeviationBps } from '../../../src/venues/synfutures/depth.js';
import { inquire, liquidityDetails, type FakeAmm } from '../../fakes/base/amm.js';
import { instrumentOf, row } from '../../fakes/base/scenario.js';

const stamp = { asOf: 1, slaMs: 1, source: 'LIVE' as const };
function bookOf(symbol: string, quoteUsd = 1) {
  const amm = instrumentOf(row(symbol)).amms[0]!;
  const d = { ...liquidityDetails(amm, 100), blockInfo: { timestamp: 1_700_000_000, height: 42 } };
  return { amm, book: ammBook(`synfutures:${symbol}`, d, { levels: 5, spacing: 5, tickDelta: 100, quoteUsd, stamp }) };
}
const wadOf = (x: number) => BigInt(Math.round(x * 1e9)) * 10n ** 9n;
/** Average price of the venue's quote for a signed size, and its quote notional. */
function venue(amm: FakeAmm, size: number) {
  const q = inquire(amm, wadOf(size));
  const notional = Number(q.entryNotional) / 1e18;
  return { avg: notional / Math.abs(size), notional, entry: q.entryNotional };
}

describe('SynFutures on-chain depth vs Instrument.inquire', () => {
  it('builds 5 ORDER_BOOK levels per side around the AMM fair price, best first, not crossed', () => {
    const { book } = bookOf('BTC-USDC-LINK');
    expect(book.kind).toBe('ORDER_BOOK');
    expect(book.model).toMatch(/^synfutures-oyster-amm: Observer\.liquidityDetails/);
    expect(book.asks).toHaveLength(5);
    expect(book.bids).toHaveLength(5);
    expect(book.midPrice).toBeCloseTo(97212, 6);
    expect(book.sequence).toBe('42');
    for (let i = 1; i < 5; i++) {
      expect(book.asks[i]!.price).toBeGreaterThan(book.asks[i - 1]!.price);
      expect(book.bids[i]!.price).toBeLessThan(book.bids[i - 1]!.price);
    }
    expect(book.bids[0]!.price).toBeLessThan(book.midPrice!);
    expect(book.asks[0]!.price).toBeGreaterThan(book.midPrice!);
    // The resting sell of 0.3 BTC ten ticks up sits in the second ask level on top of the range liquidity.
    expect(book.asks[1]!.size - book.asks[2]!.size).toBeCloseTo(0.3, 2);
  });

  it('matches the venue quote exactly when the notional ends on a level boundary', () => {
    for (const symbol of ['BTC-USDC-LINK', 'ETH-USDC-LINK', 'SOL-USDC-PYTH']) {
      const { amm, book } = bookOf(symbol);
      for (const [side, levels] of [
        [1, book.asks],
        [-1, book.bids],
      ] as const) {
        for (let k = 1; k <= 5; k++) {
          const size = levels.slice(0, k).reduce((a, l) => a + l.size, 0) * 0.999999;
          const v = venue(amm, side * size);
          const w = walkBook(levels, book.midPrice!, v.notional)!;
          expect(Math.abs(w.vwap / v.avg - 1) * 1e4, `${symbol} side ${side} ${k} levels`).toBeLessThan(0.01);
        }
      }
    }
  });

  it(`stays within ${DEPTH_INQUIRE_TOLERANCE_BPS} bps of the venue quote at any notional inside the visible depth, both sides`, () => {
    for (const symbol of ['BTC-USDC-LINK', 'ETH-USDC-LINK', 'BTC-USDC-EMG', 'cbBTC-WETH-LINK']) {
      const { amm, book } = bookOf(symbol);
      for (const side of [1, -1]) {
        const total = (side > 0 ? book.asks : book.bids).reduce((a, l) => a + l.size, 0);
        for (let f = 0.05; f < 1; f += 0.05) {
          const v = venue(amm, side * total * f);
          const dev = inquireDeviationBps(book, wadOf(side * total * f), v.entry, 1);
          expect(dev, `${symbol} ${side} ${f}`).not.toBeNull();
          expect(dev!).toBeLessThanOrEqual(DEPTH_INQUIRE_TOLERANCE_BPS);
          // And the slippage the scout derives (vs mid) is the venue's within the same bound.
          const venueBps = Math.abs(v.avg / book.midPrice! - 1) * 1e4;
          expect(Math.abs(walkBook(side > 0 ? book.asks : book.bids, book.midPrice!, v.notional)!.bps - venueBps)).toBeLessThanOrEqual(
            DEPTH_INQUIRE_TOLERANCE_BPS,
          );
        }
      }
    }
  });

  it('prices a non-USD quote book in USD with the quote’s USD price', () => {
    const { book } = bookOf('cbBTC-WETH-LINK', 3400);
    const l = book.asks[0]!;
    expect(l.sizeUsd).toBeCloseTo(l.size * l.price * 3400, 6);
    expect(book.asks[4]!.cumulativeSizeUsd).toBeCloseTo(
      book.asks.reduce((a, x) => a + x.sizeUsd, 0),
      6,
    );
  });
});
