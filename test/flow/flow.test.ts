import { describe, expect, it } from 'vitest';
import { computeFlowShare, type FlowMarketInput, type FlowVenueInput } from '../../src/scout/flow.js';

const NOW = 1_800_000_000_000;
const mkt = (
  id: string,
  vol: number | null,
  oi: number | null,
  long: number | null,
  short: number | null,
  ageMs = 1000,
): FlowMarketInput => ({
  id,
  stats: { volume24hUsd: vol, openInterestUsd: oi, longUsd: long, shortUsd: short, asOf: NOW - ageMs, source: 'LIVE' },
});
const venue = (v: FlowVenueInput['venue'], markets: FlowMarketInput[], enabled = true): FlowVenueInput => ({
  venue: v,
  enabled,
  markets,
  slaMs: 180_000,
});

describe('computeFlowShare (pure)', () => {
  it('a venue with one market missing volume is PARTIAL (null, not an undercount) and the rest share the total', () => {
    const r = computeFlowShare(
      'ETH',
      [
        venue('aster', [mkt('aster:ETH-USD-PERP', 300, 100, null, null)]),
        venue('avantis', [mkt('avantis:ETH-USD-PERP', 100, 50, 30, 20), mkt('avantis:ETH-USD-PERP-DEGEN', null, 10, 6, 4)]),
        venue('jupiter', [], true),
        venue('synfutures', [mkt('synfutures:ETH-USD-PERP', 1, 1, 1, 0)], false),
      ],
      { now: NOW, includeStale: false },
    );
    expect(r.volume24hUsdTotal).toBe(300);
    expect(r.openInterestUsdTotal).toBe(160);
    expect(r.venues.map((v) => [v.venue, v.volumeShare, v.openInterestShare])).toEqual([
      ['aster', 1, 100 / 160],
      ['avantis', null, 60 / 160],
    ]);
    const avantis = r.venues.find((v) => v.venue === 'avantis')!;
    expect(avantis).toMatchObject({ longOpenInterestUsd: 36, shortOpenInterestUsd: 24, longShare: 0.6 });
    expect(r.longShareOfOpenInterest).toBe(0.6);
    expect(r.leftOut).toEqual([
      {
        venue: 'aster',
        quantities: ['OPEN_INTEREST_SIDES'],
        reason: 'NOT_PUBLISHED',
        detail: 'the venue publishes no long/short open interest for this base',
      },
      {
        venue: 'avantis',
        quantities: ['VOLUME_24H'],
        reason: 'PARTIAL',
        detail: "no 24 h volume for avantis:ETH-USD-PERP-DEGEN: the venue's total would be an undercount",
      },
      {
        venue: 'jupiter',
        quantities: ['VOLUME_24H', 'OPEN_INTEREST', 'OPEN_INTEREST_SIDES'],
        reason: 'NOT_SERVING_BASE',
        detail: 'the venue lists no market on this base',
      },
      {
        venue: 'synfutures',
        quantities: ['VOLUME_24H', 'OPEN_INTEREST', 'OPEN_INTEREST_SIDES'],
        reason: 'NOT_ENABLED',
        detail: 'the venue is not enabled in this gateway',
      },
    ]);
  });

  it('no statistics yet is NO_DATA; freshness is the oldest market’s; all-zero volume gives a 0 total and null shares', () => {
    const r = computeFlowShare(
      'SOL',
      [
        venue('aster', [{ id: 'aster:SOL-USD-PERP', stats: null }]),
        venue('jupiter', [mkt('jupiter:SOL-USD-PERP', 0, 5, 3, 2, 2000), mkt('jupiter:SOL-USD-PERP-X', 0, 5, 2, 3, 9000)]),
      ],
      { now: NOW, includeStale: false },
    );
    expect(r.leftOut[0]).toMatchObject({ venue: 'aster', reason: 'NO_DATA' });
    expect(r.volume24hUsdTotal).toBe(0);
    expect(r.venues[0]).toMatchObject({ volume24hUsd: 0, volumeShare: null, openInterestShare: 1, longShare: 0.5 });
    expect(r.venues[0]!.freshness).toEqual({ asOf: NOW - 9000, ageMs: 9000, slaMs: 180_000, stale: false, source: 'LIVE' });
  });
});
