import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector, ConnectorStartOptions } from '../../src/core/connector.js';
import type { ConnectorEvent, Venue } from '../../src/core/types.js';
import type { Gateway } from '../../src/gateway/server.js';
import { createMockConnector } from '../../src/mocks/connector.js';
import { VENUES } from '../../src/venues/registry.js';
import { gql, testGateway } from '../gateway/harness.js';

/** A mock connector whose emitted events pass through `tweak` (a venue that stops publishing a figure, or lags). */
class Tweaked implements Connector {
  constructor(
    private readonly c: Connector,
    private readonly tweak: (e: ConnectorEvent) => ConnectorEvent,
  ) {}
  get venue(): Venue {
    return this.c.venue;
  }
  start(o: ConnectorStartOptions) {
    return this.c.start({ ...o, emit: (e) => o.emit(this.tweak(e)) });
  }
  watchBook = (id: string) => this.c.watchBook(id);
  unwatchBook = (id: string) => this.c.unwatchBook(id);
  fundingHistory = (id: string, from: number, to: number) => this.c.fundingHistory(id, from, to);
  health = () => this.c.health();
  dispose = () => this.c.dispose();
}

const T0 = Date.UTC(2026, 10, 2, 12, 0, 0);
const SHARE = `base asOf volume24hUsdTotal openInterestUsdTotal longShareOfOpenInterest
  venues { venue markets volume24hUsd volumeShare openInterestUsd openInterestShare longOpenInterestUsd shortOpenInterestUsd longShare
           freshness { asOf ageMs slaMs stale source } }
  leftOut { venue quantities reason detail }`;
const MARKETS = `markets(bases: ["BTC"]) { id venue volume24hUsd openInterest { usd long short } }`;

interface VenueShare {
  venue: string;
  markets: string[];
  volume24hUsd: number | null;
  volumeShare: number | null;
  openInterestUsd: number | null;
  openInterestShare: number | null;
  longOpenInterestUsd: number | null;
  shortOpenInterestUsd: number | null;
  longShare: number | null;
  freshness: { asOf: string; ageMs: number; slaMs: number; stale: boolean; source: string };
}
interface Share {
  base: string;
  volume24hUsdTotal: number | null;
  openInterestUsdTotal: number | null;
  longShareOfOpenInterest: number | null;
  venues: VenueShare[];
  leftOut: Array<{ venue: string; quantities: string[]; reason: string; detail: string }>;
}
interface Mkt {
  id: string;
  venue: string;
  volume24hUsd: number | null;
  openInterest: { usd: number | null; long: number | null; short: number | null };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('orderFlowShare in mock mode (shipped datasets, fixed clock)', () => {
  let gw: Gateway;
  beforeAll(async () => {
    gw = await testGateway({ PERP_CONNECTOR_MODE: 'mock' }, { now: () => T0 });
  });
  afterAll(() => gw.close());

  it('BTC: every venue counted; shares equal each venue’s summed market figures over the total and sum to 1', async () => {
    const r = await gql<{ orderFlowShare: Share; markets: Mkt[] }>(gw.url, `{ orderFlowShare(base: "btc") { ${SHARE} } ${MARKETS} }`);
    expect(r.errors).toBeUndefined();
    const s = r.data!.orderFlowShare;
    const ms = r.data!.markets;
    expect(s.base).toBe('BTC');
    expect(s.venues.map((v) => v.venue).sort()).toEqual(VENUES.map((v) => v.toUpperCase()).sort());
    const totalVol = sum(ms.map((m) => m.volume24hUsd!));
    const totalOi = sum(ms.map((m) => m.openInterest.usd!));
    expect(s.volume24hUsdTotal).toBeCloseTo(totalVol, 3);
    expect(s.openInterestUsdTotal).toBeCloseTo(totalOi, 3);
    for (const v of s.venues) {
      const mine = ms.filter((m) => m.venue === v.venue);
      expect(v.markets.sort()).toEqual(mine.map((m) => m.id).sort());
      expect(v.volumeShare).toBeCloseTo(sum(mine.map((m) => m.volume24hUsd!)) / totalVol, 12);
      expect(v.openInterestShare).toBeCloseTo(sum(mine.map((m) => m.openInterest.usd!)) / totalOi, 12);
      expect(v.freshness).toMatchObject({ source: 'MOCK', stale: false, slaMs: 180_000 });
    }
    expect(Math.abs(sum(s.venues.map((v) => v.volumeShare!)) - 1)).toBeLessThanOrEqual(1e-9);
    expect(Math.abs(sum(s.venues.map((v) => v.openInterestShare!)) - 1)).toBeLessThanOrEqual(1e-9);
    // Highest volume share first.
    const shares = s.venues.map((v) => v.volumeShare!);
    expect([...shares].sort((a, b) => b - a)).toEqual(shares);
    // Avantis sums its two BTC markets (plain and UPSIDE); SynFutures its three (USD, EMG, BTC-ETH).
    expect(s.venues.find((v) => v.venue === 'AVANTIS')!.markets.sort()).toEqual(['avantis:BTC-USD-PERP', 'avantis:BTC-USD-PERP-UPSIDE']);
    expect(s.venues.find((v) => v.venue === 'SYNFUTURES')!.markets).toHaveLength(3);
  });

  it('long/short split: per venue long / (long + short); venues without sides (Aster, Hyperliquid) are left out of that quantity only', async () => {
    const r = await gql<{ orderFlowShare: Share; markets: Mkt[] }>(gw.url, `{ orderFlowShare(base: "BTC") { ${SHARE} } ${MARKETS} }`);
    const s = r.data!.orderFlowShare;
    const ms = r.data!.markets;
    const aster = s.venues.find((v) => v.venue === 'ASTER')!;
    expect(aster).toMatchObject({ longOpenInterestUsd: null, shortOpenInterestUsd: null, longShare: null });
    expect(aster.volumeShare).toBeGreaterThan(0);
    const noSides = ['ASTER', 'HYPERLIQUID'];
    expect(s.leftOut).toEqual(
      noSides.map((venue) => ({
        venue,
        quantities: ['OPEN_INTEREST_SIDES'],
        reason: 'NOT_PUBLISHED',
        detail: expect.stringContaining('long/short'),
      })),
    );
    let longAll = 0;
    let sidesAll = 0;
    for (const v of s.venues.filter((x) => !noSides.includes(x.venue))) {
      const mine = ms.filter((m) => m.venue === v.venue);
      const long = sum(mine.map((m) => m.openInterest.long!));
      const short = sum(mine.map((m) => m.openInterest.short!));
      expect(v.longOpenInterestUsd).toBeCloseTo(long, 3);
      expect(v.shortOpenInterestUsd).toBeCloseTo(short, 3);
      expect(v.longShare).toBeCloseTo(long / (long + short), 12);
      longAll += long;
      sidesAll += long + short;
    }
    expect(s.longShareOfOpenInterest).toBeCloseTo(longAll / sidesAll, 12);
  });

  it('the board serves its order-flow panel next to the spreads (public API only)', async () => {
    const page = await (await fetch(`${gw.url}/board`)).text();
    expect(page.indexOf('id="flow-panel"')).toBeGreaterThan(page.indexOf('id="spreads"'));
    expect(page).toContain('<script src="/board/flow.js"></script>');
    const js = await fetch(`${gw.url}/board/flow.js`);
    expect(js.status).toBe(200);
    expect(await js.text()).toContain('orderFlowShare(base: $base)');
  });

  it('lists asked-for venues that are not counted: not serving the base, not enabled; bad base is BAD_USER_INPUT', async () => {
    const none = await gql<{ orderFlowShare: Share }>(
      gw.url,
      `{ orderFlowShare(base: "NOSUCHCOIN", venues: [ASTER, JUPITER]) { ${SHARE} } }`,
    );
    expect(none.data!.orderFlowShare).toMatchObject({
      venues: [],
      volume24hUsdTotal: null,
      openInterestUsdTotal: null,
      longShareOfOpenInterest: null,
    });
    expect(none.data!.orderFlowShare.leftOut.map((l) => [l.venue, l.reason, l.quantities.length])).toEqual([
      ['ASTER', 'NOT_SERVING_BASE', 3],
      ['JUPITER', 'NOT_SERVING_BASE', 3],
    ]);
    const two = await gql<{ orderFlowShare: Share }>(gw.url, `{ orderFlowShare(base: "ETH", venues: [JUPITER, SYNFUTURES]) { ${SHARE} } }`);
    const v = two.data!.orderFlowShare.venues;
    expect(v.map((x) => x.venue).sort()).toEqual(['JUPITER', 'SYNFUTURES']);
    expect(v[0]!.volumeShare! + v[1]!.volumeShare!).toBeCloseTo(1, 12);
    const bad = await gql(gw.url, `{ orderFlowShare(base: "B T C") { base } }`);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('orderFlowShare with a venue that publishes no volume and a venue that lags', () => {
  let gw: Gateway;
  beforeAll(async () => {
    gw = await testGateway(
      { PERP_CONNECTOR_MODE: 'mock', PERP_VENUES: 'aster,avantis,jupiter,synfutures' },
      {
        now: () => T0,
        mockFactory: (venue, o) => {
          const c = createMockConnector(venue, o);
          if (venue === 'jupiter')
            return new Tweaked(c, (e) => (e.type === 'stats' ? { ...e, stats: { ...e.stats, volume24hUsd: null } } : e));
          if (venue === 'synfutures') return new Tweaked(c, (e) => (e.type === 'stats' ? { ...e, asOf: e.asOf - 600_000 } : e));
          return c;
        },
      },
    );
  });
  afterAll(() => gw.close());

  it('the venue without volume is left out of VOLUME_24H (still counted for open interest); the stale one is left out unless includeStale', async () => {
    const r = await gql<{ orderFlowShare: Share; markets: Mkt[] }>(gw.url, `{ orderFlowShare(base: "BTC") { ${SHARE} } ${MARKETS} }`);
    expect(r.errors).toBeUndefined();
    const s = r.data!.orderFlowShare;
    const ms = r.data!.markets;
    expect(s.leftOut).toContainEqual({
      venue: 'JUPITER',
      quantities: ['VOLUME_24H'],
      reason: 'NOT_PUBLISHED',
      detail: 'the venue publishes no 24 h volume for this base',
    });
    expect(s.leftOut).toContainEqual({
      venue: 'SYNFUTURES',
      quantities: ['VOLUME_24H', 'OPEN_INTEREST', 'OPEN_INTEREST_SIDES'],
      reason: 'STALE',
      detail: 'statistics are 600 s old (SLA 180 s); pass includeStale to count them',
    });
    expect(s.venues.map((v) => v.venue).sort()).toEqual(['ASTER', 'AVANTIS', 'JUPITER']);
    const jup = s.venues.find((v) => v.venue === 'JUPITER')!;
    expect(jup).toMatchObject({ volume24hUsd: null, volumeShare: null });
    expect(jup.openInterestShare).toBeGreaterThan(0);
    // Volume shares over Aster + Avantis only; open-interest shares over Aster + Avantis + Jupiter.
    const vol = (venue: string) => sum(ms.filter((m) => m.venue === venue).map((m) => m.volume24hUsd!));
    const oi = (venue: string) => sum(ms.filter((m) => m.venue === venue).map((m) => m.openInterest.usd!));
    const aster = s.venues.find((v) => v.venue === 'ASTER')!;
    expect(aster.volumeShare).toBeCloseTo(vol('ASTER') / (vol('ASTER') + vol('AVANTIS')), 12);
    expect(aster.openInterestShare).toBeCloseTo(oi('ASTER') / (oi('ASTER') + oi('AVANTIS') + oi('JUPITER')), 12);
    const counted = s.venues.filter((v) => v.volumeShare !== null);
    expect(Math.abs(sum(counted.map((v) => v.volumeShare!)) - 1)).toBeLessThanOrEqual(1e-9);
    expect(Math.abs(sum(s.venues.map((v) => v.openInterestShare!)) - 1)).toBeLessThanOrEqual(1e-9);

    const withStale = await gql<{ orderFlowShare: Share }>(gw.url, `{ orderFlowShare(base: "BTC", includeStale: true) { ${SHARE} } }`);
    const syn = withStale.data!.orderFlowShare.venues.find((v) => v.venue === 'SYNFUTURES')!;
    expect(syn.freshness).toMatchObject({ stale: true, ageMs: 600_000, source: 'MOCK' });
    expect(syn.volumeShare).toBeGreaterThan(0);
    expect(withStale.data!.orderFlowShare.leftOut.map((l) => l.reason)).toEqual(['NOT_PUBLISHED', 'NOT_PUBLISHED']);
  });
});
