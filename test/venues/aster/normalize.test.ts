import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LocalBook } from '../../../src/transports/book.js';
import {
  breaksCap,
  intervalFromSpacing,
  normalizeFunding,
  normalizeIntervals,
  normalizeMarkets,
} from '../../../src/venues/aster/normalize.js';
import { parseFrame } from '../../../src/venues/aster/stream.js';
import { ExchangeInfo, FundingInfo } from '../../../src/venues/aster/wire.js';

const fx = (n: string) => JSON.parse(readFileSync(`test/fixtures/aster/${n}.json`, 'utf8')) as unknown;
const stamp = { asOf: 0, slaMs: 180_000, source: 'LIVE' as const };

describe('Aster normalizers (values)', () => {
  it('0.00010000 at 8h → 0.0000125 per hour, APR 0.1095; the 4h symbol doubles the APR', () => {
    const iv = normalizeIntervals(FundingInfo.parse(fx('fundingInfo')));
    const btc = normalizeFunding(
      'aster:BTC-USD-PERP',
      { lastFundingRate: '0.00010000', nextFundingTime: 1750147200000 },
      iv.get('BTCUSDT')!,
      stamp,
    );
    expect(btc.ratePerHour).toBeCloseTo(0.0000125, 15);
    expect(btc.annualizedRate).toBeCloseTo(0.1095, 12);
    expect(btc.intervalSource).toBe('VENUE_API');
    expect(btc.nextFundingTime).toBe(1750147200000);
    expect([btc.capRate, btc.floorRate]).toEqual([0.03, -0.03]);
    const aster = normalizeFunding(
      'aster:ASTER-USD-PERP',
      { lastFundingRate: '0.00010000', nextFundingTime: 0 },
      iv.get('ASTERUSDT')!,
      stamp,
    );
    expect(aster.annualizedRate! / btc.annualizedRate!).toBeCloseTo(2, 12);
    expect(breaksCap(0.05, iv.get('BTCUSDT')!)).toBe(true);
    expect(breaksCap(0.01, iv.get('BTCUSDT')!)).toBe(false);
  });

  it('exchangeInfo → trading perps only, canonical ids, tick/step/min notional from both key spellings; honest gaps without keys', () => {
    const m = normalizeMarkets(ExchangeInfo.parse(fx('exchangeInfo')), { fees: null, brackets: null });
    expect([...m.keys()]).toEqual(['aster:BTC-USD-PERP', 'aster:ETH-USD-PERP', 'aster:ASTER-USD-PERP']);
    const btc = m.get('aster:BTC-USD-PERP')!;
    expect(btc).toMatchObject({
      venueSymbol: 'BTCUSDT',
      tickSize: 0.1,
      stepSize: 0.001,
      minNotional: 5,
      marginAssets: ['USDT'],
      leverageTiers: null,
      maxLeverage: null,
    });
    expect(m.get('aster:ETH-USD-PERP')!.minNotional).toBe(5);
    expect(btc.fees).toMatchObject({ maker: 0.0001, taker: 0.00035, source: 'DEFAULT_SCHEDULE' });
    expect(btc.risk.insuranceFund).toMatchObject({ balanceUsd: null, status: 'NOT_PUBLISHED' });
    expect(btc.missing).toEqual(expect.arrayContaining(['leverageTiers', 'risk.maintenanceMarginRate', 'risk.insuranceFund.balanceUsd']));
    const keyed = normalizeMarkets(ExchangeInfo.parse(fx('exchangeInfo')), {
      fees: { maker: 0.0002, taker: 0.0004 },
      brackets: new Map([['BTCUSDT', [{ notionalFloor: 0, notionalCap: 50_000, maxLeverage: 125, maintenanceMarginRate: 0.004 }]]]),
    }).get('aster:BTC-USD-PERP')!;
    expect(keyed.fees.source).toBe('ACCOUNT');
    expect(keyed.maxLeverage).toBe(125);
    expect(keyed.risk.maintenanceMarginRate).toBe(0.004);
  });

  it('infers the interval from history spacing', () => {
    expect(intervalFromSpacing([0, 4, 8, 12].map((h) => h * 3_600_000))).toBe(4);
    expect(intervalFromSpacing([0, 1])).toBeNull();
  });

  it('parses stream frames by hand and rejects malformed ones', () => {
    expect(
      parseFrame(
        '{"stream":"!markPrice@arr@1s","data":[{"e":"markPriceUpdate","E":1,"s":"BTCUSDT","p":"1.5","i":"1.4","r":"0.0001","T":2}]}',
      ),
    ).toMatchObject({ kind: 'mark', entries: [{ s: 'BTCUSDT', p: '1.5', r: '0.0001' }] });
    expect(parseFrame('{"stream":"btcusdt@depth@100ms","data":{"s":"BTCUSDT","U":1,"u":2,"pu":0,"E":3,"b":[["1","2"]],"a":[]}}').kind).toBe(
      'depth',
    );
    expect(parseFrame('{"stream":"btcusdt@depth@100ms","data":{"s":"BTCUSDT","U":"x"}}').kind).toBe('malformed');
    expect(parseFrame('{not json').kind).toBe('malformed');
    expect(parseFrame('{"result":null,"id":1}').kind).toBe('other');
  });
});

describe('LocalBook sync rules', () => {
  const diff = (U: number, u: number, pu: number, b: Array<[string, string]> = [], a: Array<[string, string]> = []) => ({
    U,
    u,
    pu,
    E: 0,
    b,
    a,
  });
  it('buffers until the snapshot, drops stale diffs, applies the straddling one, then follows pu', () => {
    const b = new LocalBook();
    expect(b.apply(diff(95, 99, 94))).toBe('buffered');
    expect(b.apply(diff(100, 102, 99, [['10', '5']]))).toBe('buffered');
    expect(b.snapshot(101, [[9, 1]], [[11, 1]])).toBe('applied');
    expect(b.top(5).bids).toEqual([
      [10, 5],
      [9, 1],
    ]);
    expect(b.apply(diff(103, 104, 102, [['10', '0']], [['10.5', '2']]))).toBe('applied');
    expect(b.top(5)).toEqual({
      bids: [[9, 1]],
      asks: [
        [10.5, 2],
        [11, 1],
      ],
    });
    expect(b.apply(diff(110, 111, 108))).toBe('gap');
    expect(b.synced).toBe(false);
  });
  it('never serves a crossed book', () => {
    const b = new LocalBook();
    b.snapshot(
      1,
      [
        [10, 1],
        [9, 1],
      ],
      [
        [9.5, 1],
        [11, 1],
      ],
    );
    const t = b.top(5);
    expect(t.bids[0]![0]).toBeLessThan(t.asks[0]![0]);
  });
});
