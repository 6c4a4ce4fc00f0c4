/** What the shipped datasets contain: the real market sets and what each venue publishes (../shared/venues/*.md). */
import { describe, expect, it } from 'vitest';
import { parseMarketId } from '../../src/core/symbols.js';
import { type MarketMeta } from '../../src/core/types.js';
import { VENUES } from '../../src/venues/registry.js';
import { readFileSync } from 'node:fs';
import { datasetPath, loadDataset, parseDataset, type Dataset } from '../../src/mocks/dataset.js';
import { findNonFinite } from '../contract/connector.contract.js';

const data = Object.fromEntries(VENUES.map((v) => [v, loadDataset(v)])) as Record<(typeof VENUES)[number], Dataset>;
const all: MarketMeta[] = VENUES.flatMap((v) => data[v].markets);
const meta = (id: string) => all.find((m) => m.id === id)!;
const col = (id: string, c: string) => data[parseMarketId(id)!.venue].series[id]!.funding[c]!;

describe('shipped mock datasets', () => {
  it('pass the full validation (zod + structure) that the start path skips for them', () => {
    for (const v of VENUES) {
      const full = parseDataset(readFileSync(datasetPath(v), 'utf8'), datasetPath(v));
      expect(full.venue).toBe(v);
      expect(full).toEqual(data[v]);
    }
  });

  it('have canonical, unique ids whose venue, symbol and assets agree with the id', () => {
    expect(new Set(all.map((m) => m.id)).size).toBe(all.length);
    for (const m of all) {
      const p = parseMarketId(m.id);
      expect(p, m.id).not.toBeNull();
      expect([m.venue, m.symbol, m.baseAsset, m.quoteAsset, m.variant]).toEqual([
        p!.venue,
        `${p!.base}-${p!.quote}`,
        p!.base,
        p!.quote,
        p!.variant,
      ]);
    }
  });

  it('list BTC and ETH on every venue, so cross-venue spreads exist', () => {
    for (const base of ['BTC', 'ETH']) {
      const venues = new Set(all.filter((m) => m.baseAsset === base && m.variant === null).map((m) => m.venue));
      expect([...venues].sort(), base).toEqual([...VENUES].sort());
    }
  });

  it('hold only finite numbers', () => {
    for (const v of VENUES) expect(findNonFinite(data[v]), v).toBeNull();
  });

  it('name every null metadata field in `missing` (null means "not published", never a made-up 0)', () => {
    const fields: Array<[string, (m: MarketMeta) => unknown]> = [
      ['tickSize', (m) => m.tickSize],
      ['stepSize', (m) => m.stepSize],
      ['minNotional', (m) => m.minNotional],
      ['maxLeverage', (m) => m.maxLeverage],
      ['leverageTiers', (m) => m.leverageTiers],
      ['risk.initialMarginRate', (m) => m.risk.initialMarginRate],
      ['risk.maintenanceMarginRate', (m) => m.risk.maintenanceMarginRate],
      ['risk.liquidationThreshold', (m) => m.risk.liquidationThreshold],
      ['risk.insuranceFund.balanceUsd', (m) => m.risk.insuranceFund.balanceUsd],
      ['fees.maker', (m) => m.fees.maker],
      ['fees.taker', (m) => m.fees.taker],
    ];
    for (const m of all) {
      const nulls = fields.filter(([, get]) => get(m) === null).map(([name]) => name);
      expect(m.missing.filter((x) => !x.startsWith('openInterest.')).sort(), m.id).toEqual(nulls.sort());
    }
  });

  it('Aster: ≥ 10 USDT perps, 4 h intervals for ASTER and ZORA, default fee schedule, signed-only data null', () => {
    const ids = data.aster.markets.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['aster:BTC-USD-PERP', 'aster:ETH-USD-PERP', 'aster:SOL-USD-PERP', 'aster:ZORA-USD-PERP']));
    expect(ids.length).toBeGreaterThanOrEqual(10);
    const intervals = Object.fromEntries(Object.entries(data.aster.series).map(([id, s]) => [id, s.intervalHours]));
    expect(intervals['aster:ASTER-USD-PERP']).toBe(4);
    expect(intervals['aster:ZORA-USD-PERP']).toBe(4);
    expect(intervals['aster:BTC-USD-PERP']).toBe(8);
    for (const m of data.aster.markets) {
      expect(m.venueSymbol).toBe(`${m.baseAsset}USDT`);
      expect(m.fees).toMatchObject({ maker: 0.0001, taker: 0.00035, source: 'DEFAULT_SCHEDULE' });
      expect([m.leverageTiers, m.maxLeverage, m.risk.insuranceFund.status]).toEqual([null, null, 'NOT_PUBLISHED']);
      expect(m.missing).toEqual(expect.arrayContaining(['openInterest.long', 'openInterest.short']));
      expect(data.aster.series[m.id]!.bookKind).toBe('ORDER_BOOK');
    }
    // Funding sits on the interest rate inside the ±0.05 % clamp, and never beyond the fundingInfo cap.
    expect(col('aster:BTC-USD-PERP', 'rate').filter((r) => r === 0.0001).length).toBeGreaterThan(1000);
    expect(Math.max(...col('aster:ZORA-USD-PERP', 'rate').map(Math.abs))).toBeLessThanOrEqual(0.02);
    expect(new Set(col('aster:BNB-USD-PERP', 'rate')).has(0)).toBe(true);
  });

  it('Avantis: crypto, an FX and a commodity pair on weekly hours, a one-sided pair, and -DEGEN / -UPSIDE variants', () => {
    const ids = data.avantis.markets.map((m) => m.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'avantis:ETH-USD-PERP',
        'avantis:BTC-USD-PERP',
        'avantis:EUR-USD-PERP',
        'avantis:ETH-USD-PERP-DEGEN',
        'avantis:BTC-USD-PERP-UPSIDE',
      ]),
    );
    expect(data.avantis.series['avantis:EUR-USD-PERP']!.schedule).toBe('WEEKLY_FX');
    expect(data.avantis.series['avantis:XAU-USD-PERP']!.schedule).toBe('WEEKLY_FX');
    expect(data.avantis.series['avantis:ETH-USD-PERP']!.schedule).toBeNull();
    expect(meta('avantis:BTC-USD-PERP-UPSIDE').fees).toMatchObject({ maker: 0, taker: 0 });
    expect(meta('avantis:ETH-USD-PERP').fees).toMatchObject({ maker: 0.0001, taker: 0.0005 });
    expect(meta('avantis:ETH-USD-PERP').risk).toMatchObject({
      liquidationThreshold: 0.002,
      liquidationCollateralLossFraction: 0.85,
      maintenanceMarginRate: 0.002,
    });
    // One-sided pair: no shorts, the only side pays exactly fundingFeePerHourP (venues/avantis.md §5).
    expect(new Set(data.avantis.series['avantis:TAO-USD-PERP']!.oiShortUsd)).toEqual(new Set([0]));
    expect(new Set(col('avantis:TAO-USD-PERP', 'longFundingPct'))).toEqual(new Set([0.0022842]));
  });

  it('Avantis: per-side funding nets to zero by open interest every minute; borrow is paid by both sides', () => {
    for (const [id, s] of Object.entries(data.avantis.series)) {
      const { longFundingPct: lf, shortFundingPct: sf, longBorrowPct: lb, shortBorrowPct: sb } = s.funding;
      lf!.forEach((l, j) => {
        const L = s.oiLongUsd[Math.floor(j / 5)]!;
        const S = s.oiShortUsd[Math.floor(j / 5)]!;
        if (S > 0 && L > 0) expect(Math.abs(l * L + sf![j]! * S) / (Math.abs(l) * L), `${id} row ${j}`).toBeLessThan(1e-6);
        expect(lb![j]! > 0 && sb![j]! > 0).toBe(true);
      });
    }
  });

  it('Jupiter: SOL, ETH, BTC on synthetic books, every short on the one USDC custody utilisation', () => {
    expect(data.jupiter.markets.map((m) => m.id)).toEqual(['jupiter:SOL-USD-PERP', 'jupiter:ETH-USD-PERP', 'jupiter:BTC-USD-PERP']);
    const shorts = data.jupiter.markets.map((m) => JSON.stringify(col(m.id, 'shortUtilization')));
    expect(new Set(shorts).size).toBe(1);
    expect(JSON.stringify(col('jupiter:SOL-USD-PERP', 'longUtilization'))).not.toBe(shorts[0]);
    for (const m of data.jupiter.markets) expect(col(m.id, 'longUtilization').every((u) => u >= 0 && u <= 1)).toBe(true);
    expect(meta('jupiter:BTC-USD-PERP').marginAssets).toEqual(['WBTC', 'USDC']);
    for (const s of Object.values(data.jupiter.series))
      expect([s.bookKind, s.bookModel?.startsWith('jupiter-fee-ladder')]).toEqual(['SYNTHETIC', true]);
  });

  it('SynFutures: USDC LINK and PYTH instruments, a WETH-quoted one, an -EMG one flagged as synthetic index', () => {
    expect(data.synfutures.markets.map((m) => [m.id, m.venueSymbol])).toEqual([
      ['synfutures:BTC-USD-PERP', 'BTC-USDC-LINK'],
      ['synfutures:ETH-USD-PERP', 'ETH-USDC-LINK'],
      ['synfutures:SOL-USD-PERP', 'SOL-USDC-PYTH'],
      ['synfutures:BTC-USD-PERP-EMG', 'BTC-USDC-EMG'],
      ['synfutures:BTC-ETH-PERP', 'cbBTC-WETH-LINK'],
    ]);
    expect(meta('synfutures:BTC-USD-PERP-EMG').flags).toEqual(['MARKET_TYPE_EMG', 'INDEX_SYNTHETIC']);
    expect(meta('synfutures:BTC-ETH-PERP').marginAssets).toEqual(['WETH']);
    expect(meta('synfutures:BTC-USD-PERP')).toMatchObject({
      maxLeverage: 33.3333,
      minNotional: 333.333,
      fees: { maker: -0.0001, taker: 0.0003 },
    });
    for (const [id, s] of Object.entries(data.synfutures.series)) {
      // Trades beyond ±IMR revert, so the payer rate stays inside the cap (venues/synfutures.md §7.4).
      expect(Math.max(...s.funding.rate!.map(Math.abs)), id).toBeLessThan(s.capRate!);
      expect(s.bookKind).toBe('SYNTHETIC');
    }
  });
});
