/**
 * Issue 18 items 1–2: CORS on every HTTP surface and one error envelope on /graphql (413, 429, query limits on
 * both transports, mutation, documents too deep or too long to parse), and the graphql-over-HTTP audit.
 */
import { auditServer } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Gateway } from '../../src/gateway/server.js';
import { testGateway } from './harness.js';

type Envelope = { errors: Array<{ message: string; extensions: Record<string, unknown> }> };

async function post(gw: Gateway, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${gw.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Envelope };
}

/** One graphql-transport-ws subscribe on a raw socket: the first message answering it. */
async function wsFirst(url: string, query: string): Promise<{ type: string; payload: unknown }> {
  const ws = new WebSocket(url, 'graphql-transport-ws');
  await new Promise((r) => ws.once('open', r));
  const msgs: Array<{ type: string; payload: unknown; id?: string }> = [];
  ws.on('message', (d) => msgs.push(JSON.parse(d.toString()) as { type: string; payload: unknown }));
  ws.send(JSON.stringify({ type: 'connection_init' }));
  ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
  for (let i = 0; i < 200 && !msgs.some((m) => m.id === '1'); i++) await new Promise((r) => setTimeout(r, 10));
  ws.close();
  return msgs.find((m) => m.id === '1')!;
}

describe('CORS', () => {
  let open: Gateway;
  let listed: Gateway;
  beforeAll(async () => {
    open = await testGateway({ PERP_CONNECTOR_MODE: 'mock' });
    listed = await testGateway({ PERP_CONNECTOR_MODE: 'mock', PERP_CORS_ORIGINS: 'http://app.test:8080, https://b.test' });
  });
  afterAll(async () => {
    await open.close();
    await listed.close();
  });

  it('answers a preflight on /graphql with the methods, the headers GraphQL clients send, a max-age, and no credentials', async () => {
    const res = await fetch(`${open.url}/graphql`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://elsewhere.test',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
    const allowed = res.headers.get('access-control-allow-headers')!.split(', ');
    expect(allowed).toEqual(expect.arrayContaining(['content-type', 'accept', 'apollo-require-preflight', 'x-apollo-operation-name']));
    expect(res.headers.get('access-control-max-age')).toBe('86400');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('puts the origin header on /graphql, /api/perp-connectors, /readyz and errors alike', async () => {
    const h = { origin: 'http://elsewhere.test' };
    const q = await post(open, { query: '{ schemaVersion }' }, h);
    expect(q.headers.get('access-control-allow-origin')).toBe('*');
    for (const path of ['/api/perp-connectors?mode=mock', '/readyz', '/healthz', '/no-such-route']) {
      const res = await fetch(`${open.url}${path}`, { headers: h });
      expect([path, res.headers.get('access-control-allow-origin')]).toEqual([path, '*']);
    }
  });

  it('with PERP_CORS_ORIGINS, echoes a listed origin (Vary: Origin) and allows no other', async () => {
    const ok = await fetch(`${listed.url}/api/perp-connectors?mode=mock`, { headers: { origin: 'http://app.test:8080' } });
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://app.test:8080');
    expect(ok.headers.get('vary')).toContain('Origin');
    const other = await fetch(`${listed.url}/api/perp-connectors?mode=mock`, { headers: { origin: 'http://evil.test' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('keeps CSRF prevention: a GET without a preflight header is refused, with apollo-require-preflight it is served', async () => {
    const url = `${open.url}/graphql?query=${encodeURIComponent('{ schemaVersion }')}`;
    expect((await fetch(url)).status).toBe(400);
    const res = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: { schemaVersion: string } }).data.schemaVersion).toMatch(/^\d+\.\d+/);
  });
});

describe('one error envelope on /graphql', () => {
  let gw: Gateway;
  beforeAll(async () => {
    gw = await testGateway({ PERP_CONNECTOR_MODE: 'mock', PERP_MAX_QUERY_DEPTH: '3' });
  });
  afterAll(() => gw.close());

  it('413: a body over 1 000 000 bytes', async () => {
    const r = await post(gw, { query: '{ schemaVersion }', pad: 'x'.repeat(1_000_001) });
    expect(r.status).toBe(413);
    expect(r.body).toEqual({
      errors: [
        {
          message: 'request body exceeds 1000000 bytes',
          extensions: { code: 'PAYLOAD_TOO_LARGE', limit: 'maxBodyBytes', max: 1_000_000 },
        },
      ],
    });
  });

  it('query limits are QUERY_LIMIT_EXCEEDED over HTTP (200 for application/json, 400 for graphql-response+json) and WebSocket', async () => {
    expect((await post(gw, { query: '{ markets { funding { rate } } }' })).body.errors).toBeUndefined(); // depth 3: the maximum
    const q5 = '{ market(id: "aster:BTC-USD-PERP") { depth { bids { price } } } }'; // depth 4
    const json = await post(gw, { query: q5 }, { accept: 'application/json' });
    expect(json.status).toBe(200);
    expect(json.body.errors[0]!.extensions).toMatchObject({ code: 'QUERY_LIMIT_EXCEEDED', limit: 'maxDepth', max: 3 });
    const gql = await post(gw, { query: q5 }, { accept: 'application/graphql-response+json' });
    expect(gql.status).toBe(400);
    expect(gql.body.errors[0]!.extensions.code).toBe('QUERY_LIMIT_EXCEEDED');
    const ws = await wsFirst(gw.wsUrl, q5);
    expect(ws.type).toBe('error');
    expect((ws.payload as Array<{ extensions: { code: string } }>)[0]!.extensions.code).toBe('QUERY_LIMIT_EXCEEDED');
  });

  it('a mutation is a 400 saying the API is read-only (HTTP and WebSocket)', async () => {
    const r = await post(gw, { query: 'mutation { schemaVersion }' });
    expect(r.status).toBe(400);
    expect(r.body.errors[0]).toEqual({
      message: 'this API is read-only: the schema defines no mutations',
      extensions: { code: 'BAD_REQUEST' },
    });
    const ws = await wsFirst(gw.wsUrl, 'mutation { schemaVersion }');
    expect((ws.payload as Array<{ message: string }>)[0]!.message).toBe('this API is read-only: the schema defines no mutations');
  });

  it('a 5000-deep document and a 200 000-character one are refused before parsing, naming the limit', async () => {
    const deep = await post(gw, { query: '{' + ' a {'.repeat(5000) + '}'.repeat(5001) });
    expect(deep.body.errors[0]!.message).toBe('query nesting exceeds 64 levels (the maximum depth is 3; refused before parsing)');
    expect(deep.body.errors[0]!.extensions).toEqual({ code: 'QUERY_LIMIT_EXCEEDED', limit: 'maxNesting', max: 64, actual: 65 });
    const long = await post(gw, { query: `{ schemaVersion ${' '.repeat(200_000)}}` });
    expect(long.body.errors[0]!.extensions).toMatchObject({ code: 'QUERY_LIMIT_EXCEEDED', limit: 'maxDocumentChars', max: 100_000 });
    const ws = await wsFirst(gw.wsUrl, 'subscription {' + ' a {'.repeat(5000) + '}'.repeat(5001));
    expect((ws.payload as Array<{ extensions: { limit: string } }>)[0]!.extensions.limit).toBe('maxNesting');
  });

  it('passes every MUST and every SHOULD of the graphql-over-HTTP audit', async () => {
    const results = await auditServer({ url: `${gw.url}/graphql` });
    const graded = results.filter((r) => r.name.startsWith('MUST') || r.name.startsWith('SHOULD'));
    expect(graded.length).toBeGreaterThan(30);
    expect(graded.filter((r) => r.status !== 'ok').map((r) => r.name)).toEqual([]);
  });
});

describe('429 on /graphql', () => {
  it('is the envelope with RATE_LIMITED and a Retry-After', async () => {
    const gw = await testGateway({ PERP_CONNECTOR_MODE: 'mock', PERP_HTTP_RATE_LIMIT_PER_MIN: '2' });
    try {
      await post(gw, { query: '{ schemaVersion }' });
      await post(gw, { query: '{ schemaVersion }' });
      const r = await post(gw, { query: '{ schemaVersion }' });
      expect(r.status).toBe(429);
      expect(r.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(r.body.errors).toHaveLength(1);
      expect(r.body.errors[0]!.extensions.code).toBe('RATE_LIMITED');
      expect(r.body.errors[0]!.message).toMatch(/^too many requests from this address; retry in \d+ s$/);
    } finally {
      await gw.close();
    }
  });
});
