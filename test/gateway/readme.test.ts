/** Every GraphQL example in the README runs as printed: valid against the schema and the query limits, no errors. */
import { readFileSync } from 'node:fs';
import { parse, specifiedRules, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, limitsRule } from '../../src/gateway/graphql/limits.js';
import { buildSchema } from '../../src/gateway/graphql/schema.js';
import type { Gateway } from '../../src/gateway/server.js';
import { gql, testGateway } from './harness.js';

const examples = [...readFileSync('README.md', 'utf8').matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe('README GraphQL examples', () => {
  let gw: Gateway;
  beforeAll(async () => {
    gw = await testGateway({ PERP_CONNECTOR_MODE: 'mock' });
  });
  afterAll(() => gw.close());

  it('there are examples to check', () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
  });

  it.each(examples.map((q, i) => [i + 1, q] as const))('example %i validates and runs without errors', async (_n, q) => {
    const schema = buildSchema();
    const doc = parse(q);
    expect(validate(schema, doc, [...specifiedRules, limitsRule(DEFAULT_LIMITS, () => ({}))]).map((e) => e.message)).toEqual([]);
    const isSubscription = doc.definitions.some((d) => d.kind === 'OperationDefinition' && d.operation === 'subscription');
    if (isSubscription) return; // subscriptions are exercised over graphql-ws in mock-mode.test.ts
    const r = await gql(gw.url, q);
    expect(r.errors).toBeUndefined();
    expect(r.data).toBeTruthy();
  });
});
