import { afterEach, describe, expect, it } from 'vitest';
import type { Timings } from '../../src/core/cadence.js';
import type { Connector } from '../../src/core/connector.js';
import { type ConnectorEvent, type FundingRate, type MarketStats, type OrderBook, type Venue } from '../../src/core/types.js';
import { registry, VENUES } from '../../src/venues/registry.js';
import { DEPTH_FRACTIONS } from '../../src/venues/avantis/normalize.js';
import { DEPTH_LEVELS } from '../../src/venues/synfutures/constants.js';
import { DEPTH_NOTIONALS_USD } from '../../src/venues/jupiter/constants.js';
import { BOOK_LEVELS as HYPERLIQUID_LEVELS } from '../../src/venues/hyperliquid/constants.js';
import { createMockConnector } from '../../src/mocks/connector.js';
import { bookInt, loadDataset } from '../../src/mocks/dataset.js';
import { GENERATION_END } from '../../scripts/mocks/generate.js';
import { replayOffset } from '../../src/mocks/replay.js';
import { walkBook } from '../../src/core/slippage.js';
import { findNonFinite, until } from '../contract/connector.contract.js';

const FAST: Timings = {
  FUNDING: { cadenceMs: 150, slaMs: 2000 },
  MARK: { cadenceMs: 100, slaMs: 2000 },
  DEPTH: { cadenceMs: 100, slaMs: 2000 },
  METADATA: { cadenceMs: 1000, slaMs: 5000 },
};
const open: Connector[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.dispose()));
});
function mock(venue: Venue, now: () => number = Date.now): ReturnType<typeof createMockConnector> {
  const c = createMockConnector(venue, { now, timings: FAST, mock: registry[venue].mock });
  open.push(c);
  return c;
}
const ok = <T>(xs: Array<T | Error>): T[] => xs.map((x) => (x instanceof Error ? expect.fail(x.message) : x));

/** Levels per side each venue's live normalizer serves (the stored order book's 10 for an order-book venue). */
const LEVELS: Record<string, number> = {
  jupiter: DEPTH_NOTIONALS_USD.length,
  avantis: DEPTH_FRACTIONS.length,
  synfutures: DEPTH_LEVELS,
  // Hyperliquid's socket pushes full snapshots: the same levels pushed and on request.
  hyperliquid: HYPERLIQUID_LEVELS,
};
/** A pushed order book carries the live stream's top 5; one served on request, the stored 10. */
const levelsOf = (market: string, pushed: boolean): number => LEVELS[market.split(':')[0]!] ?? (pushed ? 5 : 10);

function expectSaneBook(b: OrderBook, tick: number | null, step: number | null, pushed = false): void {
  const where = `${b.market} seq ${b.sequence}`;
  expect(b.bids).toHaveLength(levelsOf(b.market, pushed));
  expect(b.asks).toHaveLength(levelsOf(b.market, pushed));
  expect(b.bids[0]!.price, where).toBeLessThan(b.asks[0]!.price);
  for (const [side, dir] of [
    [b.bids, -1],
    [b.asks, 1],
  ] as const) {
    let cum = 0;
    side.forEach((l, k) => {
      // Order books: strictly outwards. The fee ladder (live normalizer) may repeat a price while the impact fee rounds to 1 bp.
      if (k > 0 && b.kind === 'ORDER_BOOK') expect(Math.sign(l.price - side[k - 1]!.price), where).toBe(dir);
      if (k > 0) expect(Math.sign(l.price - side[k - 1]!.price), where).not.toBe(-dir);
      expect(l.size, where).toBeGreaterThan(0);
      cum += l.sizeUsd;
      expect(l.cumulativeSizeUsd, where).toBeCloseTo(cum, 1);
      if (tick !== null) expect(Math.abs(l.price / tick - Math.round(l.price / tick)), `${where} on tick`).toBeLessThan(1e-6);
      if (step !== null) expect(Math.abs(l.size / step - Math.round(l.size / step)), `${where} on step`).toBeLessThan(1e-6);
    });
  }
  const mid = (b.bids[0]!.price + b.asks[0]!.price) / 2;
  // An exchange order book's mid is its touch; a synthetic book's, or a native book walked into bands (an ORDER_BOOK with
  // a model: SynFutures' ranges + limit orders, docs/venues/synfutures.md §9.1), is the price it is built around
  // (oracle, AMM fair price), inside the touch.
  if (b.kind === 'ORDER_BOOK' && b.model === null) expect(Math.abs(b.midPrice! / mid - 1), where).toBeLessThan(1e-9);
  else expect(b.bids[0]!.price <= b.midPrice! && b.midPrice! <= b.asks[0]!.price, where).toBe(true);
}

describe('mock connector', () => {
  it.each(VENUES)('%s: emits metadata, then funding for every market, then stats and a book per market, all MOCK at now', async (venue) => {
    const now = Date.parse('2026-11-20T12:00:00Z');
    const events: ConnectorEvent[] = [];
    const c = mock(venue, () => now);
    await c.start({ emit: (e) => events.push(e) });
    const ids = (await c.listMarkets()).map((m) => m.id);
    expect(events.map((e) => e.type)).toEqual(['metadata', ...ids.map(() => 'funding'), ...ids.flatMap(() => ['stats', 'book'])]);
    for (const e of events) {
      if (e.type === 'funding') expect([e.funding.stamp.source, e.funding.stamp.asOf]).toEqual(['MOCK', now]);
      else if (e.type === 'book') expect([e.book.stamp.source, e.book.stamp.asOf]).toEqual(['MOCK', now]);
      else expect([e.source, e.asOf]).toEqual(['MOCK', now]);
    }
    expect(findNonFinite(events)).toBeNull();
    expect(c.health()).toMatchObject({
      venue,
      status: 'MOCK',
      dataSource: 'MOCK',
      transport: 'MOCK',
      lastError: null,
      consecutiveFailures: 0,
    });
    expect(c.health().channels.map((ch) => [ch.channel, ch.stale, ch.ageMs])).toEqual([
      ['METADATA', false, 0],
      ['MARK', false, 0],
      ['FUNDING', false, 0],
      ['DEPTH', false, 0],
    ]);
  });

  it('every market of every venue gets a changed, sane book on every depth tick, and funding on every funding tick', async () => {
    for (const venue of VENUES) {
      const books = new Map<string, OrderBook[]>();
      const funding = new Map<string, FundingRate[]>();
      const c = mock(venue);
      await c.start({
        emit: (e) => {
          if (e.type === 'book') books.set(e.book.market, [...(books.get(e.book.market) ?? []), e.book]);
          if (e.type === 'funding') funding.set(e.funding.market, [...(funding.get(e.funding.market) ?? []), e.funding]);
        },
      });
      const ids = (await c.listMarkets()).map((m) => m.id);
      await until(
        () => ids.every((id) => (books.get(id)?.length ?? 0) >= 4 && (funding.get(id)?.length ?? 0) >= 2),
        `${venue}: 4 books, 2 fundings each`,
        4000,
      );
      await c.dispose();
      const d = loadDataset(venue);
      for (const id of ids) {
        const bs = books.get(id)!;
        for (let i = 1; i < bs.length; i++) {
          // At most one book per depth cadence (a loaded machine may delay a tick, never advance it), and different:
          // a subscription always moves.
          expect(bs[i]!.stamp.asOf - bs[i - 1]!.stamp.asOf, id).toBeGreaterThanOrEqual(FAST.DEPTH.cadenceMs * 0.5);
          expect(JSON.stringify([bs[i]!.bids, bs[i]!.asks]), id).not.toBe(JSON.stringify([bs[i - 1]!.bids, bs[i - 1]!.asks]));
          // A venue without sequence ids (a synthetic book from a catalog) serves null, as live does.
          if (bs[i]!.sequence !== null) expect(Number(bs[i]!.sequence), id).toBeGreaterThan(Number(bs[i - 1]!.sequence));
        }
        for (const b of bs) expectSaneBook(b, d.series[id]!.tick, d.series[id]!.step, true);
        for (const f of funding.get(id)!) {
          expect(f.stamp.source).toBe('MOCK');
          expect(findNonFinite(f), id).toBeNull();
          expect(Number.isFinite(f.longCostPerHour) && Number.isFinite(f.shortCostPerHour), id).toBe(true);
        }
      }
    }
  });

  it('books stay sorted, uncrossed and on the tick/step grid across the whole replayed day', async () => {
    let t = GENERATION_END;
    for (const venue of VENUES) {
      const c = mock(venue, () => t);
      const ids = (await c.listMarkets()).map((m) => m.id);
      const d = loadDataset(venue);
      for (t = GENERATION_END; t < GENERATION_END + 86_400_000; t += 1_337_000) {
        for (const b of ok(await c.getBooks(ids, 10))) expectSaneBook(b, d.series[b.market]!.tick, d.series[b.market]!.step);
      }
    }
  });

  it('rebases the newest snapshot to now: at start it serves the last stored row', async () => {
    const now = Date.parse('2026-12-03T08:00:00Z');
    const c = mock('aster', () => now);
    const d = loadDataset('aster');
    const s = d.series['aster:ZORA-USD-PERP']!;
    const [f] = ok(await c.getFunding(['aster:ZORA-USD-PERP']));
    expect(f).toMatchObject({
      rate: s.funding.rate!.at(-1),
      intervalHours: 4,
      capRate: 0.02,
      floorRate: -0.02,
      nextFundingTime: now + 4 * 3_600_000,
    });
    const [st] = ok(await c.getStats(['aster:ZORA-USD-PERP'])) as MarketStats[];
    expect(st!.markPrice! / s.mark.at(-1)! - 1).toBeLessThan(0.00002);
    // Levels come from the newest stored book row.
    const [b] = ok(await c.getBooks(['aster:ZORA-USD-PERP'], 2));
    const row = (s.mark.length - 1) * d.levels;
    const grid = Math.floor(st!.markPrice! / s.tick!);
    expect(b!.bids.map((l) => l.price)).toEqual(
      [0, 1].map((k) => Number(((grid - bookInt(s.book.bidOff, row + k, s.book.offWidth)) * s.tick!).toFixed(5))),
    );
  });

  it('replays the stored day backwards from now, then forwards again (continuous, never out of range)', () => {
    const span = 1439 * 60_000;
    expect([0, 60_000, span, span + 60_000, 2 * span, 2 * span + 1, -60_000].map((e) => replayOffset(e, span))).toEqual([
      0,
      60_000,
      span,
      span - 60_000,
      0,
      1,
      60_000,
    ]);
  });

  it('Avantis mock books follow the live model: walking the whole 1 % depth costs ≈ spread + 1 %, the first level ≈ the spread', async () => {
    // Several replay times (books vary with time): 1 % impact + a spread of a few bps each time; the mock jitters
    // prices by ±1 % of their offset and sizes by ±3 %, hence the band. (The previous model gave ≈ 67 bps here.)
    for (const t of [0, 7, 13, 29, 61].map((h) => Date.parse('2026-11-20T00:00:00Z') + h * 3_600_000 + h * 7_919)) {
      const c = mock('avantis', () => t);
      const [b] = ok(await c.getBooks(['avantis:BTC-USD-PERP'], 10));
      const [st] = ok(await c.getStats(['avantis:BTC-USD-PERP']));
      const oracle = st!.markPrice!;
      for (const side of [b!.asks, b!.bids]) {
        const all = walkBook(side, oracle, side.at(-1)!.cumulativeSizeUsd)!;
        expect(all.bps).toBeGreaterThan(94);
        expect(all.bps).toBeLessThan(115);
        expect(walkBook(side, oracle, side[0]!.sizeUsd)!.bps).toBeLessThan(8);
      }
      await c.dispose();
    }
  });

  it('serves 24 h of rebased funding history on the minute grid, newest point = now, consistent with what it served', async () => {
    let now = Date.parse('2026-11-20T12:00:00Z');
    const c = mock('avantis', () => now);
    const id = 'avantis:ETH-USD-PERP';
    const pts = (await c.fundingHistory(id, now - 86_400_000, now))!;
    expect(pts).toHaveLength(1440);
    expect([pts[0]!.time, pts.at(-1)!.time, pts[1]!.time - pts[0]!.time]).toEqual([now - 1439 * 60_000, now, 60_000]);
    expect(new Set(pts.map((p) => p.source))).toEqual(new Set(['MOCK']));
    const lf = loadDataset('avantis').series[id]!.funding.longFundingPct!;
    expect(pts.map((p) => p.rate)).toEqual(lf.map((x) => x / 100));
    const start = now;
    now += 10 * 60_000 + 5_000;
    const [served] = ok(await c.getFunding([id]));
    const later = (await c.fundingHistory(id, start, now))!;
    expect(later.map((p) => p.time)).toEqual(Array.from({ length: 11 }, (_, k) => start + k * 60_000));
    expect(later.at(-1)!.ratePerHour).toBe(served!.ratePerHour);
    expect(await c.fundingHistory('avantis:NOPE-USD-PERP', start, now)).toBeNull();
  });

  it('Avantis FX pairs follow the weekly session: closed Sunday 00:00 UTC, open midweek', async () => {
    let now = GENERATION_END; // Sunday 2026-11-01T00:00Z
    const c = mock('avantis', () => now);
    const eur = async () => (await c.listMarkets()).find((m) => m.id === 'avantis:EUR-USD-PERP')!.marketHours;
    expect(await eur()).toEqual({
      isOpen: false,
      nextOpen: Date.parse('2026-11-01T22:00:00Z'),
      nextClose: Date.parse('2026-11-06T22:00:00Z'),
    });
    now = Date.parse('2026-11-04T09:30:00Z');
    expect(await eur()).toEqual({
      isOpen: true,
      nextOpen: Date.parse('2026-11-08T22:00:00Z'),
      nextClose: Date.parse('2026-11-06T22:00:00Z'),
    });
    expect((await c.listMarkets()).find((m) => m.id === 'avantis:ETH-USD-PERP')!.marketHours).toEqual({
      isOpen: true,
      nextOpen: null,
      nextClose: null,
    });
  });

  it('models each venue’s carry: periodic, funding+borrow, borrow-only with a shared USDC short rate, asymmetric continuous', async () => {
    const now = Date.parse('2026-11-20T12:00:00Z');
    const [aster] = ok(await mock('aster', () => now).getFunding(['aster:BTC-USD-PERP']));
    expect(aster).toMatchObject({
      model: 'PERIODIC_FUNDING',
      intervalSource: 'VENUE_API',
      longRatePerHour: aster!.ratePerHour,
      shortRatePerHour: -aster!.ratePerHour!,
    });
    const av = mock('avantis', () => now);
    const [eth] = ok(await av.getFunding(['avantis:ETH-USD-PERP']));
    const [st] = ok(await av.getStats(['avantis:ETH-USD-PERP']));
    expect(eth!.model).toBe('FUNDING_PLUS_BORROW');
    expect(eth!.longRatePerHour! * st!.openInterest.longBase! + eth!.shortRatePerHour! * st!.openInterest.shortBase!).toBeCloseTo(0, 6);
    expect(eth!.longCostPerHour).toBeCloseTo(eth!.longRatePerHour! + eth!.longBorrowRatePerHour!, 15);
    expect(st!.indexPrice).toBe(st!.markPrice);
    const jup = ok(await mock('jupiter', () => now).getFunding(['jupiter:SOL-USD-PERP', 'jupiter:ETH-USD-PERP', 'jupiter:BTC-USD-PERP']));
    expect(jup.map((f) => [f.model, f.rate, f.ratePerHour, f.longRatePerHour])).toEqual(jup.map(() => ['BORROW_FEE', null, null, null]));
    expect(new Set(jup.map((f) => f.shortBorrowRatePerHour)).size).toBe(1);
    expect(jup.every((f) => f.longCostPerHour === f.longBorrowRatePerHour && f.longBorrowRatePerHour! > 0)).toBe(true);
    const syn = mock('synfutures', () => now);
    const [sf] = ok(await syn.getFunding(['synfutures:BTC-USD-PERP']));
    const [ss] = ok(await syn.getStats(['synfutures:BTC-USD-PERP']));
    const payerIsLong = sf!.rate! >= 0;
    const [payer, receiver] = payerIsLong ? [sf!.longRatePerHour!, sf!.shortRatePerHour!] : [sf!.shortRatePerHour!, sf!.longRatePerHour!];
    const [payerOi, receiverOi] = payerIsLong
      ? [ss!.openInterest.long!, ss!.openInterest.short!]
      : [ss!.openInterest.short!, ss!.openInterest.long!];
    expect(payer).toBeCloseTo(Math.abs(sf!.ratePerHour!), 15);
    expect(receiver).toBeCloseTo((-payer * payerOi) / receiverOi, 12);
    // The book sits around the AMM fair price = mark × (1 + rate) (venues/synfutures.md §7).
    const [sb] = ok(await syn.getBooks(['synfutures:BTC-USD-PERP'], 1));
    expect(sb!.midPrice! / (ss!.markPrice! * (1 + sf!.rate!)) - 1).toBeLessThan(0.0006);
  });

  it('answers unknown markets with a NOT_FOUND error in place, and stops emitting after dispose', async () => {
    const events: ConnectorEvent[] = [];
    const c = mock('jupiter');
    await c.start({ emit: (e) => events.push(e) });
    const [x, y] = await c.getBooks(['jupiter:NOPE-USD-PERP', 'jupiter:SOL-USD-PERP'], 3);
    expect((x as unknown as { code: string }).code).toBe('NOT_FOUND');
    expect((y as OrderBook).bids).toHaveLength(3);
    await c.dispose();
    const n = events.length;
    await new Promise((r) => setTimeout(r, 250));
    expect(events.length).toBe(n);
  });
});
