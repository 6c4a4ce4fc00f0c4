/**
 * Venue readings that failed on real payloads, each on a fixture shaped like the real one: Avantis variant suffix
 * on the quote leg, Avantis open interest without a readable oracle, Aster signed endpoints failing on their own,
 * Aster duplicate canonical ids, Jupiter insurance fund NOT_PUBLISHED.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Observed } from '../contract/observe.js';
import type { MarketStats } from '../../src/core/types.js';
import { normalizeMarkets } from '../../src/venues/aster/normalize.js';
import { feedKey, marketMeta, pairId, splitPair } from '../../src/venues/avantis/normalize.js';
import type { ExchangeInfo } from '../../src/venues/aster/wire.js';
import { until } from '../contract/connector.contract.js';
import { asterUnderTest } from '../venues/aster/setup.js';
import { avantisUnderTest } from '../venues/avantis/setup.js';

const ZERO_FEED = `0x${'0'.repeat(64)}`;
/** A real-shaped v2 pair whose DEGEN suffix sits on the quote leg, priced by a Lazer feed only (all-zero Pyth id). */
const usdJpyDegen = {
  index: 7,
  from: 'USD',
  to: 'JPY_DEGEN',
  groupIndex: 4,
  isPairListed: true,
  feed: { feedId: ZERO_FEED, attributes: { symbol: 'FX.USD/JPY', assetType: 'fx', isOpen: true, nextOpen: 0, nextClose: 0 } },
  lazerFeed: { feedId: 327, exponent: -8, state: 'stable' },
  leverages: { minLeverage: 1, maxLeverage: 250, pnlMinLeverage: 250, pnlMaxLeverage: 1000 },
  spreadP: 0.002,
  openFeeP: 0.01,
  closeFeeP: 0.01,
  minLevPosUSDC: 100,
  additionalPairParams2: { openMakerFeeP: 0.005, closeMakerFeeP: 0.005, openTakerFeeP: 0.02, closeTakerFeeP: 0.02, closeOnlyMode: false },
  openInterest: { long: 120_000, short: 80_000 },
  coinOI: { long: 120_000, short: 80_000 },
  marginFee: { long: 0.0005, short: 0.0005 },
  fundingRate: { long: 0.0001, short: -0.0001 },
  pairParams: { onePercentDepthAbove: 50_000_000, onePercentDepthBelow: 50_000_000 },
};

let conn: Observed | null = null;
let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await conn?.dispose();
  await close?.();
  conn = close = null;
});

describe('Avantis', () => {
  it('a variant suffix on the quote leg (USD / JPY_DEGEN) is the market avantis:USD-JPY-PERP-DEGEN', () => {
    expect(splitPair('USD', 'JPY_DEGEN')).toEqual({ base: 'USD', quote: 'JPY', variant: 'DEGEN' });
    expect(splitPair('ETH_UPSIDE', 'USD')).toEqual({ base: 'ETH', quote: 'USD', variant: 'UPSIDE' });
    expect(splitPair('ETH_UPSIDE', 'USD_DEGEN')).toBeNull(); // two variants: no id
    expect(pairId(usdJpyDegen as never)).toBe('avantis:USD-JPY-PERP-DEGEN');
    const m = marketMeta(usdJpyDegen as never, 'avantis:USD-JPY-PERP-DEGEN', 'v2', null);
    expect([m.baseAsset, m.quoteAsset, m.variant, m.symbol]).toEqual(['USD', 'JPY', 'DEGEN', 'USD-JPY']);
    expect(m.fees.taker).toBe(0.0002);
  });

  it('an all-zero Pyth feed id is no feed (nothing to ask Hermes for)', () => {
    expect(feedKey(usdJpyDegen as never)).toBeNull();
    expect(feedKey({ ...usdJpyDegen, feed: { feedId: `0x${'ab'.repeat(32)}` } } as never)).toBe('ab'.repeat(32));
  });

  it('over the fake venue: the pair is served and its open interest, fees and leverage are emitted without an oracle price', async () => {
    const r = await avantisUnderTest({}, { before: (f) => f.patchSnapshot({ pairInfos: { '7': usdJpyDegen } }) });
    conn = r.connector;
    close = () => r.fake.close();
    await conn.start({ emit: () => undefined });
    const id = 'avantis:USD-JPY-PERP-DEGEN';
    const meta = await until(async () => (await conn!.listMarkets()).find((m) => m.id === id) ?? null, 'USD-JPY-DEGEN listed');
    expect(meta.maxLeverage).toBe(250);
    expect(meta.fees.taker).toBe(0.0002);
    const s = await until(async () => {
      const [x] = await conn!.getStats([id]);
      return x instanceof Error || !x ? null : (x as MarketStats);
    }, 'USD-JPY-DEGEN stats');
    expect(s.markPrice).toBeNull(); // no readable oracle: null, not 0
    expect(s.openInterest.usd).toBe(200_000);
    expect(s.openInterest.long).toBe(120_000);
    expect(s.openInterest.shortBase).toBe(80_000);
  });
});

describe('Aster', () => {
  const info = JSON.parse(readFileSync('test/fixtures/aster/exchangeInfo.json', 'utf8')) as ExchangeInfo;
  const btc = info.symbols.find((s) => s.symbol === 'BTCUSDT')!;
  const btcUsd = { ...btc, symbol: 'BTCUSD', quoteAsset: 'USD', pair: 'BTCUSD' };

  it('a second symbol on one canonical id (BTCUSD next to BTCUSDT): USDT is served whatever the order, the other is counted', () => {
    for (const symbols of [
      [...info.symbols, btcUsd],
      [btcUsd, ...info.symbols],
    ]) {
      const dropped: Array<{ symbol: string; id: string; kept: string }> = [];
      const m = normalizeMarkets({ ...info, symbols }, { fees: null, brackets: null }, (d) => dropped.push(d));
      expect(m.get('aster:BTC-USD-PERP')!.venueSymbol).toBe('BTCUSDT');
      expect(dropped).toEqual([{ symbol: 'BTCUSD', id: 'aster:BTC-USD-PERP', kept: 'BTCUSDT' }]);
    }
  });

  it('leverageBracket failing does not drop the account fees: each signed endpoint has its own source; duplicates counted', async () => {
    const r = await asterUnderTest({ ASTER_API_KEY: 'key', ASTER_SECRET_KEY: 'secret' });
    for (const v of ['v1', 'v3']) {
      r.fake.server.route('GET', `/fapi/${v}/leverageBracket`, () => ({ status: 500, body: { code: -1000, msg: 'internal error' } }));
      r.fake.server.route('GET', `/fapi/${v}/commissionRate`, () => ({
        symbol: 'BTCUSDT',
        makerCommissionRate: '0.0001',
        takerCommissionRate: '0.0003',
      }));
      r.fake.server.route('GET', `/fapi/${v}/exchangeInfo`, () => ({ ...info, symbols: [...info.symbols, btcUsd] }));
    }
    conn = r.connector;
    close = () => r.fake.close();
    await conn.start({ emit: () => undefined });
    const meta = await until(
      async () => (await conn!.listMarkets()).find((m) => m.id === 'aster:BTC-USD-PERP' && m.fees.source === 'ACCOUNT') ?? null,
      'account fees',
    );
    expect(meta.fees.taker).toBe(0.0003);
    expect(meta.leverageTiers).toBeNull();
    expect(meta.venueSymbol).toBe('BTCUSDT');
    const h = await until(() => {
      const x = conn!.health();
      return x.sources.some((s) => s.name === 'signed-leverageBracket') ? x : null;
    }, 'signed sources in health');
    const src = (n: string) => h.sources.find((s) => s.name === n)!;
    expect(src('signed-commissionRate').status).toBe('AVAILABLE');
    expect(src('signed-leverageBracket').status).toBe('UNAVAILABLE');
    expect(src('signed-leverageBracket').reason).toMatch(/500|internal/);
    expect(h.counters['markets.duplicateIdDropped']).toBe(1);
  });
});
