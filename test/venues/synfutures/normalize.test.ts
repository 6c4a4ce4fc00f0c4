/** Ids, filters, fees, margins and insurance fund from decoded Observer data (docs/venues/synfutures.md §3, §10, §11). */
import { describe, expect, it } from 'vitest';
import {
  assignIds,
  marketMeta,
  parseSymbol,
  quoteUsdOf,
  servedPerp,
  usdMarksOf,
  type Assembled,
  type InstrumentInfo,
} from '../../../src/venues/synfutures/normalize.js';
import { instrumentOf, row } from '../../fakes/base/scenario.js';

const e = (address: string, symbol: string, order: number) => ({ address, ...parseSymbol(symbol)!, order });

describe('SynFutures canonical ids', () => {
  it('stablecoin quotes become USD, WETH becomes ETH, wrapped bases map to their native names', () => {
    const ids = assignIds([e('0xA', 'BTC-USDC-LINK', 0), e('0xB', 'cbBTC-WETH-LINK', 1), e('0xC', 'SOL-USDC-PYTH', 2)]);
    expect(ids.get('0xa')).toEqual({ id: 'synfutures:BTC-USD-PERP', variant: null });
    expect(ids.get('0xb')).toEqual({ id: 'synfutures:BTC-ETH-PERP', variant: null });
    expect(ids.get('0xc')).toEqual({ id: 'synfutures:SOL-USD-PERP', variant: null });
  });

  it('the oracle-backed market gets the plain id (LINK before PYTH, whatever the listing order); others append their type', () => {
    const ids = assignIds([
      e('0x1', 'BTC-USDC-EMG', 0),
      e('0x2', 'BTC-USDC-PYTH', 1),
      e('0x3', 'BTC-USDC-LINK', 2),
      e('0x4', 'BTC-USDC-DEXV2', 3),
    ]);
    expect(ids.get('0x3')!.id).toBe('synfutures:BTC-USD-PERP');
    expect(ids.get('0x2')!.id).toBe('synfutures:BTC-USD-PERP-PYTH');
    expect(ids.get('0x1')!.id).toBe('synfutures:BTC-USD-PERP-EMG');
    expect(ids.get('0x4')!.id).toBe('synfutures:BTC-USD-PERP-DEXV2');
  });

  it('synthetic-index markets keep their suffix even alone, so a later oracle listing renames nothing; clashes stay unique', () => {
    expect(assignIds([e('0x1', 'ARB-USDC-DEXV2', 0)]).get('0x1')!.id).toBe('synfutures:ARB-USD-PERP-DEXV2');
    const twins = assignIds([e('0x1', 'BTC-USDC-LINK', 0), e('0x2', 'WBTC-USDC-LINK', 1)]);
    expect([twins.get('0x1')!.id, twins.get('0x2')!.id]).toEqual(['synfutures:BTC-USD-PERP', 'synfutures:BTC-USD-PERP-LINK']);
  });
});

describe('SynFutures perp filter and metadata', () => {
  const asAssembled = (symbol: string): Assembled => {
    const i = instrumentOf(row(symbol));
    return {
      instrumentAddr: i.address,
      symbol: i.symbol,
      initialMarginRatio: i.imrBps,
      maintenanceMarginRatio: i.mmrBps,
      param: {
        minMarginAmount: i.minMarginAmount,
        tradingFeeRatio: i.tradingFeeRatio,
        protocolFeeRatio: i.protocolFeeRatio,
        stabilityFeeRatioParam: 0n,
        qtype: i.quote.stable ? 1 : 2,
        tip: 0n,
      },
      spotPrice: i.spot,
      condition: i.condition,
      amms: i.amms.map((a) => ({ ...a, tick: 0 })),
      markPrices: i.amms.map((a) => a.mark),
    };
  };
  const info = (symbol: string, o: Partial<InstrumentInfo> = {}): InstrumentInfo => {
    const s = parseSymbol(symbol)!;
    return {
      address: '0x0000000000000000000000000000000000000001',
      id: 'synfutures:BTC-ETH-PERP',
      variant: null,
      venueSymbol: symbol,
      ...s,
      quoteAddress: '0x4200000000000000000000000000000000000006',
      quoteDecimals: 18,
      stableQuote: false,
      fundingHour: 8,
      fundingHourSource: 'VENUE_API',
      placePaused: false,
      order: 0,
      ...o,
    };
  };

  it('serves only NORMAL instruments with a TRADING perpetual pair (dated-only and frozen ones are filtered)', () => {
    expect(servedPerp(asAssembled('BTC-USDC-LINK'))).not.toBeNull();
    expect(servedPerp(asAssembled('BTC-USDC-PYTH'))).toBeNull(); // dated expiry only
    expect(servedPerp(asAssembled('LINK-USDC-LINK'))).toBeNull(); // FROZEN
  });

  it('fees, max leverage, MMR and a WETH-quoted insurance fund converted to USD, each with its source', () => {
    const d = asAssembled('cbBTC-WETH-LINK');
    const q = quoteUsdOf(info('cbBTC-WETH-LINK'), new Map([['ETH', { mark: 3400, id: 'synfutures:ETH-USD-PERP' }]]));
    const m = marketMeta(info('cbBTC-WETH-LINK'), d, servedPerp(d)!.amm, q);
    expect(m.fees).toMatchObject({ taker: 0.0003, maker: -0.0001, source: 'VENUE_API' });
    expect(m.maxLeverage).toBe(20); // 1 / 5 %
    expect(m.leverageTiers).toEqual([{ notionalFloor: 0, notionalCap: null, maxLeverage: 20, maintenanceMarginRate: 0.025 }]);
    expect(m.risk).toMatchObject({ initialMarginRate: 0.05, maintenanceMarginRate: 0.025, liquidationThreshold: 0.025 });
    expect(m.risk.insuranceFund.status).toBe('AVAILABLE');
    expect(m.risk.insuranceFund.balanceUsd).toBeCloseTo(6.29 * 3400, 9);
    expect(m.risk.insuranceFund.source).toMatch(/amm\.insuranceFund.*WETH × ETH\/USD = mark of synfutures:ETH-USD-PERP/);
    expect(m.minNotional).toBeCloseTo(((0.005 * 1e4) / 500) * 3400, 9); // minTradeValue = minMargin / IMR, in USD
    expect(m.marginAssets).toEqual(['WETH']);
    expect(m.flags).toEqual(['MARKET_TYPE_LINK', 'MARGIN_TOKEN_0x4200000000000000000000000000000000000006', 'MARGIN_TOKEN_DECIMALS_18']);
    expect(m.tickSize).toBeCloseTo(28.521 * (1.0001 ** 5 - 1), 6);
  });

  it('without a USD price for the quote the insurance fund is UNAVAILABLE and listed missing (never 0)', () => {
    const d = asAssembled('cbBTC-WETH-LINK');
    const m = marketMeta(info('cbBTC-WETH-LINK'), d, servedPerp(d)!.amm, quoteUsdOf(info('cbBTC-WETH-LINK'), new Map()));
    expect(m.risk.insuranceFund).toMatchObject({ balanceUsd: null, status: 'UNAVAILABLE' });
    expect(m.missing).toContain('risk.insuranceFund.balanceUsd');
  });

  it('takes the USD price of a quote from the oracle-backed stablecoin market of that asset', () => {
    const mk = (symbol: string, id: string, order: number) => info(symbol, { id, order, stableQuote: true, ...parseSymbol(symbol)! });
    const marks = usdMarksOf([
      { info: mk('ETH-USDC-EMG', 'synfutures:ETH-USD-PERP-EMG', 0), mark: 3300 },
      { info: mk('ETH-USDC-LINK', 'synfutures:ETH-USD-PERP', 1), mark: 3405 },
    ]);
    expect(marks.get('ETH')).toEqual({ mark: 3405, id: 'synfutures:ETH-USD-PERP' });
  });
});
