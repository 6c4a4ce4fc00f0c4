/**
 * Jupiter Perps coverage (issue 19 item 4, docs/venues/jupiter.md §6, §8): every listed market (SOL, ETH, BTC) has
 * carry, open interest and a book. What it cannot have, and why: Jupiter has no funding, only a borrow fee
 * (`BORROW_FEE`): `rate`, `ratePerHour`, `annualizedRate` and the funding parts per side are null by design and the
 * carry is the borrow fee per side; open interest has no short size in base units and no total in base units (the
 * custody publishes short OI in USD only) and the long side is derived from locked tokens × mark; the book is
 * SYNTHETIC (a fee and impact ladder, there is no resting liquidity).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FundingRate, MarketStats } from '../../../src/core/types.js';
import { until } from '../../contract/connector.contract.js';
import { coverageGaps, fullyCovered } from '../../contract/every-market.js';
import { jupUnderTest } from './setup.js';

type T = Awaited<ReturnType<typeof jupUnderTest>>;
let t: T | null = null;
afterEach(async () => {
  await t?.connector.dispose();
  await t?.fake.close();
  t = null;
});

describe('Jupiter: carry, open interest and a book for every listed market', () => {
  it('every listed market has all three; what Jupiter does not publish is null, never 0', async () => {
    t = await jupUnderTest();
    await t.connector.start({ emit: () => undefined });
    await until(() => fullyCovered(t!.connector, 3), 'carry, OI and a book for every listed market', 10_000);
    const ids = [...(await coverageGaps(t.connector)).keys()].sort();
    expect(ids).toEqual(['jupiter:BTC-USD-PERP', 'jupiter:ETH-USD-PERP', 'jupiter:SOL-USD-PERP']);
    const funding = (await t.connector.getFunding(ids)) as FundingRate[];
    const stats = (await t.connector.getStats(ids)) as MarketStats[];
    const books = await t.connector.getBooks(ids, 5);
    ids.forEach((id, i) => {
      expect(funding[i], id).toMatchObject({ model: 'BORROW_FEE', rate: null, ratePerHour: null, annualizedRate: null });
      expect(funding[i]!.longBorrowRatePerHour, id).toBeGreaterThan(0);
      expect(funding[i]!.shortBorrowRatePerHour, id).toBeGreaterThan(0);
      expect(stats[i]!.openInterest, id).toMatchObject({ base: null, shortBase: null });
      expect(stats[i]!.openInterest.longBase, id).toBeGreaterThan(0);
      expect(books[i], id).toMatchObject({ kind: 'SYNTHETIC' });
    });
  });
});
