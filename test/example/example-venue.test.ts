/**
 * "Adding a venue touches only its folder" (issue 16), proven: a minimal example venue built with the connector
 * template (the reference connector, test/contract/reference-connector.ts, over the generic fake) is registered ONLY
 * here, through `registerVenue`, with no line in src/venues/registry.ts, no schema edit and no codegen. It passes the
 * shared contract suite and is served by the gateway: the GraphQL `markets` query (its `Venue` enum value is added at
 * schema-build time from the live registry) and GET /api/perp-connectors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Connector } from '../../src/core/connector.js';
import { parseMarketId } from '../../src/core/symbols.js';
import type { Venue } from '../../src/core/types.js';
import type { Gateway } from '../../src/gateway/server.js';
import { silentLogger } from '../../src/telemetry/logger.js';
import type { VenueFactoryArgs } from '../../src/venues/factory.js';
import { registerVenue, VENUES } from '../../src/venues/registry.js';
import { connectorContract, until } from '../contract/connector.contract.js';
import { createReferenceConnector, seedReferenceFake } from '../contract/reference-connector.js';
import { startFake, type FakeServer } from '../fakes/server.js';
import { gql, testGateway } from '../gateway/harness.js';

const EXAMPLE = 'example' as Venue;
const FAST = {
  FUNDING: { cadenceMs: 150, slaMs: 2000 },
  MARK: { cadenceMs: 150, slaMs: 2000 },
  DEPTH: { cadenceMs: 150, slaMs: 2000 },
  METADATA: { cadenceMs: 400, slaMs: 5000 },
};

/** The example venue's "folder": one factory over its fake (the fake's URL is what its config would hold). */
let venueUrl = '';
const exampleFactory = ({ io }: Pick<VenueFactoryArgs, 'io'>): Connector =>
  createReferenceConnector({ io, baseUrl: venueUrl, budgetPerMinute: 600, timings: FAST, timeoutMs: 500, venue: EXAMPLE });

// The one registration, at module load (before the gateway builds its schema and config).
registerVenue(EXAMPLE, {
  description: 'Example venue registered by a test only (reference connector over the generic fake).',
  env: {},
  load: async () => exampleFactory,
  mock: () => Promise.reject(new Error('the example venue ships no mock dataset')),
});

describe('the example venue is registered at run time only', () => {
  it('joins the venue list and the market-id pattern', () => {
    expect(VENUES).toContain(EXAMPLE);
    expect(parseMarketId('example:BTC-USD-PERP')).toEqual({ venue: EXAMPLE, base: 'BTC', quote: 'USD', variant: null });
  });

  it('refuses a second registration and an id that is not lower-case letters and digits', () => {
    const entry = { description: 'x', env: {}, load: async () => exampleFactory, mock: () => Promise.reject(new Error('none')) };
    expect(() => registerVenue(EXAMPLE, entry)).toThrow('venue example is already registered');
    expect(() => registerVenue('Bad-Id', entry)).toThrow('venue id must be lower-case letters and digits');
  });
});

connectorContract('example venue registered only in the test', async () => {
  const fake = await startFake();
  seedReferenceFake(fake);
  venueUrl = fake.url;
  const connector = exampleFactory({ io: { fetch, WebSocket: WebSocket as never, now: Date.now, logger: silentLogger } });
  return {
    connector,
    budgetPerMinute: 600,
    timeoutMs: 500,
    fault: (f, times) => void fake.fault('', f, times),
    clearFaults: () => fake.clearFaults(),
    requestTimes: () => fake.requests.map((r) => r.time),
    dispose: async () => {
      await connector.dispose();
      await fake.close();
    },
  };
});

describe('the example venue through the gateway (mode=live; the app loads it from the registry)', () => {
  let fake: FakeServer;
  let gw: Gateway;
  beforeAll(async () => {
    fake = await startFake();
    seedReferenceFake(fake);
    venueUrl = fake.url;
    gw = await testGateway({ PERP_VENUES: EXAMPLE, PERP_CONNECTOR_MODE: 'live' });
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });

  it('serves its markets on the GraphQL markets query, with its Venue enum value', async () => {
    const markets = await until(async () => {
      const r = await gql<{ markets: Array<{ id: string; venue: string; dataSource: string; funding: { ratePerHour: number } | null }> }>(
        gw.url,
        '{ markets(mode: LIVE) { id venue dataSource funding { ratePerHour } } }',
      );
      const m = r.data?.markets ?? [];
      return m.length === 2 && m.every((x) => x.funding) ? m : null;
    }, 'example markets served');
    expect(markets.map((m) => [m.id, m.venue, m.dataSource]).sort()).toEqual([
      ['example:BTC-USD-PERP', 'EXAMPLE', 'LIVE'],
      ['example:ETH-USD-PERP', 'EXAMPLE', 'LIVE'],
    ]);
    // 0.0001 per 8 h on the fake → 0.0000125 per hour.
    expect(markets.find((m) => m.id === 'example:BTC-USD-PERP')!.funding!.ratePerHour).toBeCloseTo(0.0000125, 12);
    const one = await gql<{ market: { id: string } }>(gw.url, '{ market(id: "example:ETH-USD-PERP", mode: LIVE) { id } }');
    expect(one.data?.market.id).toBe('example:ETH-USD-PERP');
    const filtered = await gql<{ markets: Array<{ id: string }> }>(gw.url, '{ markets(mode: LIVE, venues: [EXAMPLE]) { id } }');
    expect(filtered.errors).toBeUndefined();
    expect(filtered.data?.markets).toHaveLength(2);
  });

  it('serves them on GET /api/perp-connectors?mode=live', async () => {
    const body = await until(async () => {
      const b = (await (await fetch(`${gw.url}/api/perp-connectors?mode=live`)).json()) as {
        connectors: Array<{ venue: string; dataSource: string }>;
        markets: Array<{ id: string; venue: string }>;
      };
      return b.markets?.length === 2 ? b : null;
    }, 'REST payload with the example markets');
    expect(body.connectors.map((c) => [c.venue, c.dataSource])).toEqual([['EXAMPLE', 'LIVE']]);
    expect(body.markets.map((m) => m.id).sort()).toEqual(['example:BTC-USD-PERP', 'example:ETH-USD-PERP']);
  });
});
