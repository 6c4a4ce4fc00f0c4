/**
 * Completeness from the schema: every null field of every served market appears in its completeness.missing
 * (or is one of the documented NULL_IS_A_VALUE fields), for every venue in mock mode and live over the fake venues.
 */
import { buildSchema } from 'graphql';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nullableFieldPaths } from '../../src/core/schema-fields.js';
import { CHECKED_FIELDS, NULL_IS_A_VALUE } from '../../src/gateway/graphql/completeness.js';
import type { Gateway } from '../../src/gateway/server.js';
import { PERP_MARKET_NULLABLE_FIELDS } from '../../src/generated/completeness-fields.js';
import { createAvantisConnector } from '../../src/venues/avantis/index.js';
import { createAsterConnector } from '../../src/venues/aster/index.js';
import { createJupiterConnector } from '../../src/venues/jupiter/index.js';
import { createSynfuturesConnector } from '../../src/venues/synfutures/index.js';
import { until } from '../contract/connector.contract.js';
import { FakeAster } from '../fakes/aster/index.js';
import { FakeAvantis } from '../fakes/avantis/index.js';
import { FakeBase } from '../fakes/base/index.js';
import { seedDefault as seedBase } from '../fakes/base/scenario.js';
import { FakeSolana } from '../fakes/solana/index.js';
import { seedDefault as seedSolana, startOracleKeeper } from '../fakes/solana/scenario.js';
import { gql, testGateway } from '../gateway/harness.js';
import { FAST as ASTER_T } from '../venues/aster/setup.js';
import { FAST as AVANTIS_T } from '../venues/avantis/setup.js';
import { FAST as JUP_T, seedApis } from '../venues/jupiter/setup.js';
import { FAST as SYN_T } from '../venues/synfutures/setup.js';
import { VENUES } from '../../src/venues/registry.js';

/** A GraphQL selection of every nullable PerpMarket field (objects by a scalar inside them). */
function selection(paths: readonly string[]): string {
  const tree: Record<string, unknown> = {};
  for (const p of paths) {
    let t = tree;
    for (const k of p.split('.')) t = (t[k] ??= {}) as Record<string, unknown>;
  }
  const LEAF_OBJECT: Record<string, string> = {
    funding: '{ model }',
    depth: '{ kind }',
    leverageTiers: '{ maxLeverage }',
    oracle: '{ thresholdBps }',
  };
  const render = (t: Record<string, unknown>): string =>
    Object.entries(t)
      .map(([k, v]) =>
        Object.keys(v as object).length ? `${k} { ${render(v as Record<string, unknown>)} }` : `${k} ${LEAF_OBJECT[k] ?? ''}`,
      )
      .join(' ');
  return render(tree);
}
const Q = (mode: string) => `{ markets(mode: ${mode}) { id ${selection(PERP_MARKET_NULLABLE_FIELDS)} completeness { score missing } } }`;

type Market = Record<string, unknown> & { id: string; completeness: { score: number; missing: string[] } };
const at = (o: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((v, k) => (v === null || v === undefined ? v : (v as Record<string, unknown>)[k]), o);

/** Every null field is listed missing (or documented as a value); returns how many nulls were checked. */
function assertHonest(markets: Market[]): number {
  let nulls = 0;
  for (const m of markets) {
    for (const f of PERP_MARKET_NULLABLE_FIELDS) {
      if (at(m, f) !== null) continue;
      nulls++;
      if (NULL_IS_A_VALUE.has(f)) continue;
      expect.soft(m.completeness.missing, `${m.id}: ${f} is null`).toContain(f);
    }
    expect(m.completeness.score).toBeGreaterThanOrEqual(0);
    expect(m.completeness.score).toBeLessThanOrEqual(1);
  }
  return nulls;
}

describe('completeness from the schema', () => {
  it('checks the schema’s nullable fields, not a hand-written list (the generated list matches the SDL)', () => {
    const sdl = buildSchema(readFileSync('schema/schema.graphql', 'utf8'));
    expect(nullableFieldPaths(sdl, 'PerpMarket')).toEqual([...PERP_MARKET_NULLABLE_FIELDS]);
    // The fields the issue found unchecked are checked now.
    for (const f of ['openInterest.base', 'openInterest.longBase', 'openInterest.shortBase', 'risk.initialMarginRate', 'markPriceQuote'])
      expect(CHECKED_FIELDS).toContain(f);
  });

  it('mock mode: every null field of every market of every venue is in completeness.missing', async () => {
    const gw = await testGateway({ PERP_CONNECTOR_MODE: 'mock' });
    try {
      const r = await gql<{ markets: Market[] }>(gw.url, Q('MOCK'));
      expect(r.errors).toBeUndefined();
      const venues = new Set(r.data!.markets.map((m) => m.id.split(':')[0]));
      expect([...venues].sort()).toEqual([...VENUES].sort());
      expect(assertHonest(r.data!.markets)).toBeGreaterThan(0);
    } finally {
      await gw.close();
    }
  });

  describe('live over the fake venues', () => {
    let gw: Gateway;
    const closers: Array<() => Promise<unknown> | unknown> = [];
    beforeAll(async () => {
      const aster = await FakeAster.start();
      const avantis = await FakeAvantis.start();
      const sol = seedSolana(await FakeSolana.start());
      seedApis(sol);
      startOracleKeeper(sol, 200);
      const base = seedBase(await FakeBase.start());
      closers.push(
        () => aster.close(),
        () => avantis.close(),
        () => sol.close(),
        () => base.close(),
      );
      gw = await testGateway(
        {
          PERP_CONNECTOR_MODE: 'live',
          ASTER_REST_URL: aster.restUrl,
          ASTER_WS_URL: aster.wsUrl,
          ASTER_RATE_LIMIT_PER_MIN: '600',
          ...avantis.env(),
          ...sol.env(),
          JUPITER_RATE_LIMIT_PER_MIN: '600',
          JUPITER_API_RATE_LIMIT_PER_MIN: '600',
          ...base.env(),
        },
        {
          factories: {
            aster: (a) => createAsterConnector({ ...a, timings: ASTER_T, watchdogMs: 800, timeoutMs: 500 }),
            avantis: (a) => createAvantisConnector({ ...a, timings: AVANTIS_T, timeoutMs: 500, watchdogMs: 1500 }),
            jupiter: (a) => createJupiterConnector({ ...a, timings: JUP_T, watchdogMs: 800, timeoutMs: 500 }),
            synfutures: (a) => createSynfuturesConnector({ ...a, timings: SYN_T, timeoutMs: 500 }),
          },
        },
      );
      await until(async () => {
        const ms = (await gql<{ markets: Market[] }>(gw.url, Q('LIVE'))).data?.markets ?? [];
        return new Set(ms.map((m) => m.id.split(':')[0])).size === 4 && ms.every((m) => m.markPriceQuote !== null);
      }, 'live markets of all four venues with stats');
    });
    afterAll(async () => {
      await gw?.close();
      for (const c of closers) await c();
    });

    it('every null field of every served market is in completeness.missing', async () => {
      const r = await gql<{ markets: Market[] }>(gw.url, Q('LIVE'));
      expect(r.errors).toBeUndefined();
      expect(r.data!.markets.length).toBeGreaterThan(10);
      expect(assertHonest(r.data!.markets)).toBeGreaterThan(0);
    });
  });
});
