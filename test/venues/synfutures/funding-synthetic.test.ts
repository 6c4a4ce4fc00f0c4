/**
 * Funding of SynFutures' synthetic-index markets (EMG: operator-pushed index; DEXV2: thin-DEX index) checked against
 * the venue's own formula (docs/venues/synfutures.md §7.1–7.2), with every expected value worked out by hand here:
 *   rate   = (fair − mark) / mark per fundingHour period, fair = (sqrtPX96 / 2^96)², positive = longs pay;
 *   payer  pays |rate|; receiver gets |rate| × payerOI / receiverOI; per hour = ÷ fundingHour; APR = × 8760.
 * And how funding behaves while the index deviates (§7.6): the mark follows the index, fair does not, so the spread
 * (and the funding) grows until trades bring fair back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FundingRate } from '../../../src/core/types.js';
import { synFunding } from '../../../src/venues/synfutures/rates.js';
import { Q96, WAD } from '../../../src/venues/synfutures/wad.js';
import type { Observed } from '../../contract/observe.js';
import { until } from '../../contract/connector.contract.js';
import { wad } from '../../fakes/base/amm.js';
import type { FakeBase } from '../../fakes/base/index.js';
import { instrumentOf, row } from '../../fakes/base/scenario.js';
import { synUnderTest } from './setup.js';

const stamp = { asOf: 1_700_000_000_000, slaMs: 180_000, source: 'LIVE' as const };

describe('EMG / DEXV2 funding from raw chain values, expected values by hand', () => {
  it('EMG: fair 2.25 above mark 2.2, fundingHour 8: longs pay 1/44 per period, shorts receive 1/220 per hour', () => {
    // sqrtPX96 = 1.5 · 2^96 = 3 · 2^95 → fair = 1.5² = 2.25 exactly.
    const f = synFunding(
      'synfutures:BTC-USD-PERP-EMG',
      {
        sqrtPX96: 3n * 2n ** 95n,
        mark: (22n * WAD) / 10n,
        totalLong: 400n * WAD,
        totalShort: 250n * WAD,
        fundingHour: 8,
        fundingHourSource: 'VENUE_API',
        imrBps: 1000,
      },
      stamp,
    );
    // rate = (2.25 − 2.2) / 2.2 = 0.05 / 2.2 = 1/44; per hour 1/352; longs (400) pay it.
    expect(f.rate).toBeCloseTo(1 / 44, 15);
    expect(f.ratePerHour).toBeCloseTo(1 / 352, 15);
    expect(f.longRatePerHour).toBeCloseTo(1 / 352, 15);
    // Shorts (250) receive the longs' total: 1/44 × 400/250 = 0.4/11 per period = 1/220 per hour.
    expect(f.shortRatePerHour).toBeCloseTo(-1 / 220, 15);
    expect(f.annualizedRate).toBeCloseTo(8760 / 352, 10);
    expect([f.capRate, f.floorRate]).toEqual([0.1, -0.1]); // ±IMR 1000 bps
  });

  it('DEXV2: fair 0.5625 below mark 0.563, fundingHour 24: shorts pay, longs receive scaled by 120 000 / 90 000', () => {
    // sqrtPX96 = 0.75 · 2^96 = 3 · 2^94 → fair = 0.5625 exactly.
    const f = synFunding(
      'synfutures:ARB-USD-PERP-DEXV2',
      {
        sqrtPX96: 3n * 2n ** 94n,
        mark: 563n * 10n ** 15n,
        totalLong: 90_000n * WAD,
        totalShort: 120_000n * WAD,
        fundingHour: 24,
        fundingHourSource: 'VENUE_API',
        imrBps: 1000,
      },
      stamp,
    );
    const rate = (0.5625 - 0.563) / 0.563; // −0.000888099…
    expect(f.rate).toBeCloseTo(rate, 15);
    expect(f.shortRatePerHour).toBeCloseTo(-rate / 24, 15);
    expect(f.longRatePerHour).toBeCloseTo((rate * (120_000 / 90_000)) / 24, 15);
    expect(f.longCostPerHour).toBe(f.longRatePerHour);
  });

  it('a balanced zero spread pays nothing either way', () => {
    const f = synFunding(
      'm',
      { sqrtPX96: Q96, mark: WAD, totalLong: WAD, totalShort: WAD, fundingHour: 24, fundingHourSource: 'VENUE_API', imrBps: 300 },
      stamp,
    );
    expect([f.rate, f.longRatePerHour, f.shortRatePerHour]).toEqual([0, 0, 0]);
  });
});

let fake: FakeBase;
let c: Observed;
afterEach(async () => {
  await c?.dispose();
  await fake?.close();
});

const funding = (id: string, ok: (f: FundingRate) => boolean = () => true) =>
  until(async () => {
    const x = (await c.getFunding([id]))[0];
    return x && !(x instanceof Error) && ok(x) ? x : null;
  }, `${id} funding`);

describe('EMG / DEXV2 funding over the fake Base node', () => {
  it('serves the fixture spreads with the receiving side scaled by the OI ratio', async () => {
    ({ fake, connector: c } = await synUnderTest());
    fake.add(instrumentOf(row('ARB-USDC-DEXV2')));
    await c.start({ emit: () => undefined });
    // BTC-USDC-EMG: rate +0.0012 per 24 h, longs 2.8 pay, shorts 1.2 receive 0.0012 × 2.8 / 1.2 = 0.0028.
    const emg = await funding('synfutures:BTC-USD-PERP-EMG');
    expect(emg.rate).toBeCloseTo(0.0012, 10);
    expect(emg.longRatePerHour).toBeCloseTo(0.0012 / 24, 10);
    expect(emg.shortRatePerHour).toBeCloseTo(-0.0028 / 24, 10);
    // ARB-USDC-DEXV2: rate −0.0009, shorts 120 000 pay, longs 90 000 receive 0.0009 × 120 000 / 90 000 = 0.0012.
    const dex = await funding('synfutures:ARB-USD-PERP-DEXV2');
    expect(dex.rate).toBeCloseTo(-0.0009, 10);
    expect(dex.shortRatePerHour).toBeCloseTo(0.0009 / 24, 10);
    expect(dex.longRatePerHour).toBeCloseTo(-0.0012 / 24, 10);
  });

  it('while the EMG index deviates 2 % below fair, the mark follows it and longs pay 2 % per period until fair catches up', async () => {
    ({ fake, connector: c } = await synUnderTest());
    await c.start({ emit: () => undefined });
    await funding('synfutures:BTC-USD-PERP-EMG');
    // The operator pushes an index 2 % under the AMM's fair price; the mark (smoothed index) lands there too.
    const amm = fake.get(row('BTC-USDC-EMG').address).amms[0]!;
    amm.mark = wad((97_190 / 1.02).toFixed(9));
    const f = await funding('synfutures:BTC-USD-PERP-EMG', (x) => x.rate !== null && x.rate > 0.01);
    // rate = (fair − mark) / mark = 1.02 − 1 = 0.02; longs pay 0.02 / 24 per hour, shorts get 0.02 × 2.8 / 1.2 / 24.
    expect(f.rate).toBeCloseTo(0.02, 8);
    expect(f.longRatePerHour).toBeCloseTo(0.02 / 24, 8);
    expect(f.shortRatePerHour).toBeCloseTo((-0.02 * 2.8) / 1.2 / 24, 8);
    expect(f.capRate).toBe(0.1); // still inside ±IMR: trades that would push it past 10 % revert
  });
});
