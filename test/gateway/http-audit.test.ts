import { auditServer } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../src/gateway/server.js';
import { testGateway } from './harness.js';

describe('GraphQL over HTTP compliance (graphql-http auditServer)', () => {
  let gw: Gateway;
  beforeAll(async () => {
    gw = await testGateway({ PERP_CONNECTOR_MODE: 'mock' });
  });
  afterAll(() => gw.close());

  it('passes every MUST and every SHOULD item against the running gateway', async () => {
    const results = await auditServer({ url: `${gw.url}/graphql` });
    const must = results.filter((r) => r.name.startsWith('MUST') || r.name.startsWith('SHOULD'));
    expect(must.length).toBeGreaterThan(30);
    const failed = must.filter((r) => r.status !== 'ok').map((r) => `${r.name}: ${'reason' in r ? r.reason : ''}`);
    expect(failed).toEqual([]);
  });
});
