/**
 * Fuzzing the GraphQL API of a running mock-mode gateway: operations generated from the real schema (random
 * selections, aliases, literal and variable arguments of right and wrong types), damaged operation text, hostile
 * HTTP envelopes, and random graphql-transport-ws traffic. A client error must never get a 5xx, never surface as
 * INTERNAL_SERVER_ERROR, and never crash or wedge the process.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Gateway } from '../../src/gateway/server.js';
import { testGateway } from '../gateway/harness.js';
import { params } from './arb.js';
import { damaged, envelope, operation, type GeneratedOperation } from './graphql-gen.js';

type Body = { errors?: Array<{ message?: string; extensions?: { code?: string } }> } | null;

describe('GraphQL API fuzzing (fixed seed, bounded runs)', () => {
  let gw: Gateway;
  beforeAll(async () => {
    gw = await testGateway({ PERP_CONNECTOR_MODE: 'mock', PERP_HTTP_RATE_LIMIT_PER_MIN: '0' });
  });
  afterAll(() => gw?.close());

  async function expectClientSafe(res: Response, what: string): Promise<void> {
    expect(res.status, what).toBeLessThan(500);
    const text = await res.text();
    let body: Body = null;
    try {
      body = JSON.parse(text) as Body;
    } catch {
      body = null;
    }
    for (const e of body?.errors ?? []) {
      expect(e.extensions?.code, `${what}: ${e.message}`).not.toBe('INTERNAL_SERVER_ERROR');
      expect(e.message ?? '').not.toMatch(/\n\s+at |node_modules|https?:\/\/(?!localhost)/);
    }
  }

  const post = (op: GeneratedOperation) =>
    fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(op) });

  it('generated operations over the schema never get a 5xx or an internal error', async () => {
    await fc.assert(
      fc.asyncProperty(operation, async (op) => expectClientSafe(await post(op), op.query)),
      params(150),
    );
  });

  it('damaged operation text and hostile HTTP envelopes never get a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(damaged, async (op) => expectClientSafe(await post(op), op.query)),
      params(80),
    );
    await fc.assert(
      fc.asyncProperty(envelope, async (e) => {
        const search = 'search' in e ? e.search : '';
        const res = await fetch(`${gw.url}/graphql${search}`, {
          method: e.method,
          headers: { ...(e.contentType ? { 'content-type': e.contentType } : {}), accept: 'application/json' },
          ...(e.method === 'POST' ? { body: e.body } : {}),
        });
        await expectClientSafe(res, `${e.method} ${search} ${e.body.slice(0, 60)}`);
      }),
      params(150),
    );
  });

  it('random graphql-transport-ws traffic is answered with protocol close codes, never an internal error', async () => {
    const frame = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.json({ maxDepth: 2 }),
      operation.map((op) => JSON.stringify({ id: '1', type: 'subscribe', payload: op })),
      fc
        .record({
          id: fc.oneof(fc.string({ maxLength: 3 }), fc.integer()),
          type: fc.constantFrom('subscribe', 'complete', 'ping', 'pong', 'next', 'x'),
        })
        .map((m) => JSON.stringify(m)),
    );
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.array(frame, { minLength: 1, maxLength: 4 }), async (init, frames) => {
        const ws = new WebSocket(gw.wsUrl, 'graphql-transport-ws');
        const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
        ws.on('error', () => undefined);
        await new Promise<void>((r) => ws.once('open', () => r()).once('close', () => r()));
        if (ws.readyState === WebSocket.OPEN) {
          if (init) ws.send(JSON.stringify({ type: 'connection_init' }));
          for (const f of frames) ws.send(f);
          setTimeout(() => ws.close(1000), 60);
        }
        const code = await closed;
        // 1000/1005 normal, 4400 bad message, 4401 unauthorized (no init), 4403, 4408 init timeout, 4409 duplicate
        // id, 4429 too many inits; 1011 or 4500 would be the server failing on client input.
        expect([1000, 1005, 1006, 4400, 4401, 4403, 4406, 4408, 4409, 4429]).toContain(code);
      }),
      params(60),
    );
    const health = await fetch(`${gw.url}/healthz`);
    expect(health.status).toBe(200);
  });
});
