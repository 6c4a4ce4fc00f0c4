/**
 * Whole-venue coverage against a fake listing 400 symbols, time scaled by the ASTER_RATE_WINDOW_MS knob: the budget
 * (60 requests) applies to a 1.5 s window instead of a minute, and every cadence is scaled by the same factor (1/40),
 * so the README's period for 400 symbols (14 min) becomes 21 s. The budget is asserted over the fake's own log.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { loadConfig } from '../../../src/config/index.js';
import type { WebSocketCtor } from '../../../src/core/connector.js';
import type { MarketStats, OrderBook } from '../../../src/core/types.js';
import { silentLogger } from '../../../src/telemetry/logger.js';
import { createAsterConnector } from '../../../src/venues/aster/index.js';
import { observe } from '../../contract/observe.js';
import { until } from '../../contract/connector.contract.js';
import { FakeAster } from '../../fakes/aster/index.js';

const WINDOW = 1500;
const SCALE = WINDOW / 60_000;
/** The README's stated period for every symbol's open interest at 400 symbols and 60 requests/min. */
const STATED_PERIOD_MIN = 14;
const scaled = (cadenceMs: number, slaMs: number) => ({ cadenceMs: cadenceMs * SCALE, slaMs: slaMs * SCALE });

let fake: FakeAster | null = null;
let connector: ReturnType<typeof observe> | null = null;
let ticker: NodeJS.Timeout | null = null;
afterEach(async () => {
  if (ticker) clearInterval(ticker);
  await connector?.dispose();
  await fake?.close();
  fake = connector = ticker = null;
});

describe('Aster: every one of 400 symbols within 60 requests per rolling minute (time scaled 40×)', () => {
  it('serves bid and ask for all within 10 s, OI for all within the stated period, never over budget', async () => {
    fake = await FakeAster.start({ symbols: 400 });
    const config = loadConfig({
      ASTER_REST_URL: fake.restUrl,
      ASTER_WS_URL: fake.wsUrl,
      ASTER_RATE_LIMIT_PER_MIN: '60',
      ASTER_RATE_WINDOW_MS: String(WINDOW),
    });
    connector = observe(
      createAsterConnector({
        io: { fetch, WebSocket: WebSocket as unknown as WebSocketCtor, now: Date.now, logger: silentLogger },
        config,
        timings: {
          FUNDING: scaled(60_000, 180_000),
          MARK: scaled(60_000, 180_000),
          DEPTH: scaled(10_000, 30_000),
          METADATA: scaled(600_000, 1_800_000),
        },
        watchdogMs: 5000,
        timeoutMs: 2000,
      }),
    );
    const t0 = Date.now();
    ticker = setInterval(() => fake!.pushBookTickers(), 500);
    await connector.start({ emit: () => undefined });
    const ids = (await connector.listMarkets()).map((m) => m.id);
    expect(ids).toHaveLength(400);

    await until(
      async () => {
        const books = await connector!.getBooks(ids, 5);
        return books.every((b) => !(b instanceof Error) && b.bids.length >= 1 && b.asks.length >= 1);
      },
      'bid and ask for all 400',
      10_000 - (Date.now() - t0),
    );
    expect(Date.now() - t0).toBeLessThanOrEqual(10_000);
    const books = (await connector.getBooks(ids, 5)) as OrderBook[];
    expect(books.filter((b) => b.flags?.includes('TOP_OF_BOOK')).length).toBeGreaterThanOrEqual(390);

    const period = STATED_PERIOD_MIN * WINDOW;
    await until(() => fake!.symbols.every((s) => fake!.oiReads.has(s)), 'OI read for all 400', period + 5000);
    const lastFirstRead = Math.max(...fake.symbols.map((s) => fake!.oiReads.get(s)![0]!));
    expect(lastFirstRead - t0).toBeLessThanOrEqual(period);
    expect(connector.health().counters['openInterest.periodMs']).toBeLessThanOrEqual(period);

    // Served: every market's stats carry OI with its own read time.
    fake.pushMarks();
    await until(async () => {
      const st = await connector!.getStats(ids);
      return st.every((s) => !(s instanceof Error) && s.openInterest.base !== null);
    }, 'OI served for all 400');
    const st = (await connector.getStats(ids)) as MarketStats[];
    for (const s of st) expect(s.openInterest.asOf).toBeGreaterThanOrEqual(t0);

    // After the first sweep (never-read symbols first), hot symbols (the depth set: top 10 by volume) are due 4× as
    // often as the long tail: BTC is read again within a hot period while the last symbol is not.
    const reads = (s: string) => fake!.oiReads.get(s)!.length;
    const hotMs = connector.health().counters['openInterest.hotPeriodMs']!;
    await until(() => reads('BTCUSDT') >= 2, 'BTC read again', hotMs * 2);
    expect(reads(fake.symbols.at(-1)!)).toBe(1);
    expect(fake.server.maxInWindow(WINDOW)).toBeLessThanOrEqual(60);
  }, 60_000);
});
