/** The synthetic fee ladder by value, and slippage through it equal to the venue's fee (docs/venues/jupiter.md §7, §8). */
import { describe, expect, it } from 'vitest';
import { walkBook } from '../../../src/core/slippage.js';
import { DEPTH_NOTIONALS_USD } from '../../../src/venues/jupiter/constants.js';
import { decodeCustody } from '../../../src/venues/jupiter/decode.js';
import { impactBps, ladderSide, syntheticBook, type FeeParams } from '../../../src/venues/jupiter/depth.js';
import { CUSTODY_LAYOUT } from '../../../src/venues/jupiter/layout.js';
import { marketBook, shortRoomUsd } from '../../../src/venues/jupiter/normalize.js';
import { encodeFixed, type Values } from '../../fakes/solana/encode.js';
import { CUSTODIES, custodyValues, MINTS } from '../../fakes/solana/scenario.js';

// tradeImpactFeeScalar 1e15: impact = ceil(S × 1e6 × 1e4 / 1e15) = ceil(S / 100 000) bps; cap 150 bps; open fee 6 bps.
const FEES: FeeParams = { baseBps: 6n, tradeImpactFeeScalar: 1_000_000_000_000_000n, maxFeeBps: 150n };
const stamp = { asOf: 0, slaMs: 30_000, source: 'LIVE' as const };

describe('price-impact fee', () => {
  it('is ceil(size(6 dp) × 1e4 / tradeImpactFeeScalar), capped at maxFeeBps', () => {
    expect(impactBps(10_000, FEES)).toBe(1n); // 0.1 → 1
    expect(impactBps(250_000, FEES)).toBe(3n); // 2.5 → 3
    expect(impactBps(1_000_000, FEES)).toBe(10n);
    expect(impactBps(100_000_000, FEES)).toBe(150n); // 1000 → cap
  });
});

describe('synthetic ladder', () => {
  const mark = 200;
  const book = syntheticBook(
    'jupiter:SOL-USD-PERP',
    mark,
    { fees: FEES, availableUsd: 1e9 },
    { fees: FEES, availableUsd: 1e9 },
    DEPTH_NOTIONALS_USD,
    stamp,
    '1',
  );

  it('has 5 levels per side; level 1 is mark × (1 ± (6 + 1) / 1e4); mid = mark; SYNTHETIC with the model named', () => {
    expect(book.kind).toBe('SYNTHETIC');
    expect(book.model).toMatch(/fee-ladder/);
    expect(book.asks).toHaveLength(5);
    expect(book.bids).toHaveLength(5);
    expect(book.asks[0]!.price).toBeCloseTo(200.14, 10);
    expect(book.bids[0]!.price).toBeCloseTo(199.86, 10);
    expect(book.midPrice).toBeCloseTo(200, 10);
    expect(book.spreadBps).toBeCloseTo(14, 8);
    expect(book.asks.map((l) => l.cumulativeSizeUsd)).toEqual([10_000, 50_000, 100_000, 250_000, 1_000_000]);
    expect(book.asks[1]!.sizeUsd).toBe(40_000);
    for (let i = 1; i < 5; i++) {
      expect(book.asks[i]!.price).toBeGreaterThanOrEqual(book.asks[i - 1]!.price);
      expect(book.bids[i]!.price).toBeLessThanOrEqual(book.bids[i - 1]!.price);
    }
  });

  it('walking the book to each notional costs exactly the venue fee at that size (core/slippage.ts)', () => {
    // fee(S) = 6 + ceil(S / 100 000) bps: 10k → 7, 50k → 7, 100k → 7, 250k → 9, 1M → 16
    const expected = [7, 7, 7, 9, 16];
    DEPTH_NOTIONALS_USD.forEach((n, i) => {
      const buy = walkBook(book.asks, book.midPrice!, n)!;
      const sell = walkBook(book.bids, book.midPrice!, n)!;
      expect(buy.exceedsDepth).toBe(false);
      expect(buy.bps).toBeCloseTo(expected[i]!, 6);
      expect(sell.bps).toBeCloseTo(expected[i]!, 6);
      expect(buy.vwap).toBeCloseTo(mark * (1 + expected[i]! / 1e4), 8);
    });
  });

  it('caps sizes at available liquidity (shorts: the USDC custody) and stops there', () => {
    const side = ladderSide(mark, -1, FEES, 120_000, DEPTH_NOTIONALS_USD);
    expect(side.map((l) => l.cumulativeSizeUsd)).toEqual([10_000, 50_000, 100_000, 120_000]);
    expect(side[3]!.sizeUsd).toBe(20_000);
    // a fill of the whole 120k costs the venue fee at 120k: 6 + ceil(1.2) = 8 bps
    expect(walkBook(side, mark, 120_000)!.bps).toBeCloseTo(8, 6);
    expect(ladderSide(mark, 1, FEES, 0, DEPTH_NOTIONALS_USD)).toEqual([]);
  });
});

describe('market book from custody accounts', () => {
  const usdcKey = Object.keys(CUSTODIES).find((k) => CUSTODIES[k]!.mint === MINTS.USDC)!;
  const sol = (over: Values) =>
    decodeCustody(encodeFixed(CUSTODY_LAYOUT, custodyValues(CUSTODIES[Object.keys(CUSTODIES)[0]!]!, over), 1117));
  const usdc = decodeCustody(encodeFixed(CUSTODY_LAYOUT, custodyValues(CUSTODIES[usdcKey]!), 1117));

  it('bids (shorts) stop at the room under the short OI cap: maxGlobalShortSizes − globalShortSizes', () => {
    // SOL shorts 61.5 M USD held; a 61.65 M cap leaves 150 000 USD to short.
    const c = sol({ maxGlobalShortSizes: 61_650_000_000_000n });
    expect(shortRoomUsd(c)).toBe(150_000);
    const b = marketBook('jupiter:SOL-USD-PERP', c, usdc, 191.25, 1, stamp, '1');
    expect(b.bids.map((l) => l.cumulativeSizeUsd)).toEqual([10_000, 50_000, 100_000, 150_000]);
    expect(b.asks).toHaveLength(5); // the long side is not bound by it
  });

  it('a cap already reached leaves no bids; a cap of 0 means none', () => {
    expect(marketBook('jupiter:SOL-USD-PERP', sol({ maxGlobalShortSizes: 1n }), usdc, 191.25, 1, stamp, '1').bids).toEqual([]);
    expect(shortRoomUsd(sol({ maxGlobalShortSizes: 0n }))).toBe(Infinity);
  });
});
