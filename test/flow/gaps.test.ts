/** Documented data gaps served as data: hidden liquidity on books, multi-asset / yield-bearing margin flags. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../src/gateway/server.js';
import { normalizeMarkets } from '../../src/venues/aster/normalize.js';
import { ExchangeInfo } from '../../src/venues/aster/wire.js';
import { gql, testGateway } from '../gateway/harness.js';

const fixture = () => JSON.parse(readFileSync('test/fixtures/aster/exchangeInfo.json', 'utf8')) as Record<string, unknown>;

describe('hidden liquidity: the visible book is a lower bound', () => {
  let gw: Gateway;
  beforeAll(async () => {
    gw = await testGateway({ PERP_CONNECTOR_MODE: 'mock' });
  });
  afterAll(() => gw.close());

  it('books of the venue that accepts hidden orders carry HIDDEN_LIQUIDITY; other venues’ books carry none', async () => {
    type B = { orderBook: { market: string; kind: string; flags: string[] } | null };
    const hidden = await gql<B>(gw.url, '{ orderBook(market: "aster:BTC-USD-PERP") { market kind flags } }');
    expect(hidden.errors).toBeUndefined();
    expect(hidden.data!.orderBook).toEqual({ market: 'aster:BTC-USD-PERP', kind: 'ORDER_BOOK', flags: ['HIDDEN_LIQUIDITY'] });
    for (const m of ['jupiter:SOL-USD-PERP', 'avantis:ETH-USD-PERP', 'synfutures:BTC-USD-PERP']) {
      const r = await gql<B>(gw.url, `{ orderBook(market: "${m}") { market flags } }`);
      expect(r.data!.orderBook).toEqual({ market: m, flags: [] });
    }
    const nested = await gql<{ market: { depth: { flags: string[] } } }>(
      gw.url,
      '{ market(id: "aster:ETH-USD-PERP") { depth(levels: 1) { flags } } }',
    );
    expect(nested.data!.market.depth.flags).toEqual(['HIDDEN_LIQUIDITY']);
  });
});

describe('multi-asset mode margin assets, yield-bearing ones flagged (exchangeInfo assets)', () => {
  it('lists every margin-available asset besides the market’s own, and flags the yield-bearing tokens', () => {
    const info = fixture();
    info.assets = [
      { asset: 'USDT', marginAvailable: true, autoAssetExchange: 0 },
      { asset: 'BNB', marginAvailable: true, autoAssetExchange: 0 },
      { asset: 'asBNB', marginAvailable: true, autoAssetExchange: 0 },
      { asset: 'asUSDF', marginAvailable: false, autoAssetExchange: 0 },
      { asset: 'USDF', marginAvailable: true, autoAssetExchange: 0 },
    ];
    const m = normalizeMarkets(ExchangeInfo.parse(info), { fees: null, brackets: null });
    const btc = m.get('aster:BTC-USD-PERP')!;
    expect(btc.marginAssets).toEqual(['USDT']);
    expect(btc.flags).toEqual([
      'MULTI_ASSET_MARGIN_BNB',
      'MULTI_ASSET_MARGIN_asBNB',
      'YIELD_BEARING_MARGIN_asBNB',
      'MULTI_ASSET_MARGIN_USDF',
    ]);
  });

  it('with only the market’s own margin asset published (the recorded payload), no flag is added', () => {
    const m = normalizeMarkets(ExchangeInfo.parse(fixture()), { fees: null, brackets: null });
    for (const meta of m.values()) expect(meta.flags).toEqual([]);
  });
});
