import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../src/gateway/server.js';
import { testGateway } from '../gateway/harness.js';

const SEED = 20261124;

describe('GraphQL API fuzzing (fixed seed, bounded runs)', () => {
  let gw: Gateway;
  beforeAll(async () => {
    gw = await testGateway({ PERP_CONNECTOR_MODE: 'mock', PERP_HTTP_RATE_LIMIT_PER_MIN: '0' });
  });
  afterAll(() => gw.close());

  const field = fc.constantFrom(
    'markets { id }',
    'markets(bases: $bases) { id funding { ratePerHour } }',
    'market(id: $id) { id depth(levels: $levels) { bids { price } } }',
    'orderBook(market: $id, levels: $levels) { midPrice }',
    'fundingSpreads(base: $base, notionalUsd: $n, holdHours: $h) { netCarryApr }',
    'fundingHistory(market: $id) { coverage }',
    'connectors { status }',
    'schemaVersion',
  );
  const vars = fc.record({
    id: fc.oneof(fc.string(), fc.constantFrom('aster:BTC-USD-PERP', 'jupiter:SOL-USD-PERP', 'x:Y')),
    levels: fc.oneof(fc.integer(), fc.constant(5)),
    bases: fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
    base: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('BTC', 'ETH')),
    n: fc.oneof(fc.double(), fc.constant(10_000)),
    h: fc.oneof(fc.double(), fc.constant(24)),
  });

  it('generated queries and variables never crash the process and never get a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(field, { minLength: 1, maxLength: 3 }), vars, fc.boolean(), async (fields, v, garbage) => {
        const query = garbage
          ? fields.join(' ').slice(0, 30)
          : `query Q($id: ID!, $levels: Int, $bases: [String!], $base: String!, $n: Float, $h: Float) { ${fields.map((f, i) => `f${i}: ${f}`).join(' ')} }`;
        const res = await fetch(`${gw.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query, variables: v }),
        });
        expect(res.status).toBeLessThan(500);
        const body = (await res.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
        for (const e of body.errors ?? []) expect(e.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
      }),
      { seed: SEED, numRuns: 150 },
    );
    const health = await fetch(`${gw.url}/healthz`);
    expect(health.status).toBe(200);
  });
});
