import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { FanoutServer } from '../../src/gateway/ws/server.js';
import { ResponseCache } from '../../src/gateway/http/response-cache.js';
import { until } from '../contract/connector.contract.js';

/** A tiny schema whose subscription is fed by the test, and which counts resolver executions. */
function setup(opts: { highWaterBytes?: number; blockedCloseMs?: number } = {}) {
  const listeners = new Set<(v: number) => void>();
  let executions = 0;
  const schema = makeExecutableSchema({
    typeDefs: 'type Query { x: Int } type Book { seq: Int! blob: String! } type Subscription { book(market: String!): Book! }',
    resolvers: {
      Subscription: {
        book: {
          subscribe: () => {
            const queue: number[] = [];
            let wake: (() => void) | null = null;
            const l = (v: number) => {
              queue.push(v);
              wake?.();
            };
            listeners.add(l);
            return {
              async next() {
                while (queue.length === 0) await new Promise<void>((r) => (wake = r));
                return { value: { book: queue.shift()! }, done: false };
              },
              async return() {
                listeners.delete(l);
                return { value: undefined, done: true };
              },
              [Symbol.asyncIterator]() {
                return this;
              },
            };
          },
          resolve: (v: { book: number }) => {
            executions++;
            return { seq: v.book, blob: 'x'.repeat(200_000) };
          },
        },
      },
    },
  });
  const server: Server = createServer();
  const wss = new WebSocketServer({ server, path: '/graphql' });
  const fanout = new FanoutServer(wss, { schema, context: () => ({}), rules: () => [], drainEveryMs: 10, ...opts });
  return {
    fanout,
    emit: (v: number) => listeners.forEach((l) => l(v)),
    executions: () => executions,
    listeners: () => listeners.size,
    async listen() {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      return `ws://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    },
    async close() {
      fanout.close();
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function subscriber(url: string, id: string, query = 'subscription { book(market: "m") { seq blob } }') {
  const frames: string[] = [];
  const ws = new WebSocket(url, 'graphql-transport-ws');
  let closeCode: number | null = null;
  ws.on('open', () => ws.send('{"type":"connection_init"}'));
  ws.on('message', (d) => {
    const s = d.toString();
    if (s.includes('connection_ack')) ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query } }));
    else frames.push(s);
  });
  ws.on('close', (c) => (closeCode = c));
  return { ws, frames, closeCode: () => closeCode };
}

let ctx: ReturnType<typeof setup> | null = null;
afterEach(async () => {
  await ctx?.close();
  ctx = null;
});

describe('fan-out that executes and serializes once', () => {
  it('two subscribers to the same operation share one execution and receive the same payload bytes', async () => {
    ctx = setup();
    const url = await ctx.listen();
    const a = subscriber(url, 'same-id');
    const b = subscriber(url, 'same-id');
    await until(() => ctx!.listeners() === 1 && ctx!.fanout.stats.subscribers === 2, 'both joined one group');
    for (let i = 1; i <= 3; i++) ctx.emit(i);
    await until(() => a.frames.length === 3 && b.frames.length === 3, 'three frames each');
    expect(ctx.executions()).toBe(3); // once per update, not once per subscriber
    expect(a.frames).toEqual(b.frames); // byte-identical frames (same ids here)
    expect(JSON.parse(a.frames[2]!).payload.data.book.seq).toBe(3);
    expect(ctx.fanout.stats.groups).toBe(1);
    // Every frame went out as the update's shared pre-framed bytes (no per-subscriber framing), and decoded intact.
    expect(ctx.fanout.stats.sent).toBe(6);
    expect(ctx.fanout.stats.sentShared).toBe(6);
    a.ws.close();
    b.ws.close();
    await until(() => ctx!.listeners() === 0, 'upstream released when the last subscriber leaves');
  });

  it('a blocked client is conflated, then closed with 4008, while others keep receiving every update', async () => {
    ctx = setup({ highWaterBytes: 1, blockedCloseMs: 400 });
    const url = await ctx.listen();
    const fast = subscriber(url, 'f');
    const slow = subscriber(url, 's');
    await until(() => ctx!.fanout.stats.subscribers === 2, 'joined');
    // Stop reading on the slow client's socket so its server-side buffer fills up.
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    for (let i = 1; i <= 60; i++) {
      ctx.emit(i);
      await new Promise((r) => setTimeout(r, 10));
    }
    await until(() => fast.frames.length === 60, 'fast client got all 60');
    expect(ctx.fanout.stats.conflated).toBeGreaterThan(0);
    await until(() => ctx!.fanout.stats.closedSlow === 1, 'slow client closed', 3000);
    ctx.emit(61);
    await until(() => fast.frames.length === 61, 'fast client still receiving');
  });

  it('speaks the protocol: 4401 before init, 4409 on duplicate id, 4400 on garbage', async () => {
    ctx = setup();
    const url = await ctx.listen();
    const closeOf = (send: (ws: WebSocket) => void) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url, 'graphql-transport-ws');
        ws.on('open', () => send(ws));
        ws.on(
          'message',
          (d) =>
            d.toString().includes('connection_ack') &&
            ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { book(market: "m") { seq } }' } })),
        );
        ws.on('close', (c) => resolve(c));
      });
    expect(await closeOf((ws) => ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: '{ x }' } })))).toBe(4401);
    expect(await closeOf((ws) => ws.send('not json'))).toBe(4400);
    expect(
      await closeOf((ws) => {
        ws.send('{"type":"connection_init"}');
        setTimeout(
          () => ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { book(market: "m") { seq } }' } })),
          100,
        );
      }),
    ).toBe(4409);
  });
});

describe('response cache', () => {
  it('serves stored bytes until the store version changes or the entry ages out', () => {
    const c = new ResponseCache(10, 1000);
    const key = ResponseCache.keyOf('POST', '', JSON.stringify({ query: '{ markets { id } }' }), 'application/json')!;
    expect(c.get(key, 1, 0)).toBeNull();
    c.set(key, 1, 0, 200, { 'content-type': 'application/json' }, '{"data":{"markets":[]}}');
    expect(c.get(key, 1, 500)!.body).toBe('{"data":{"markets":[]}}');
    expect(c.get(key, 2, 500)).toBeNull(); // store changed
    expect(c.get(key, 1, 1501)).toBeNull(); // too old
    expect(c.set(key, 1, 0, 200, {}, '{"errors":[{"message":"x"}],"data":null}')).toBeNull(); // errors are never cached
    expect(ResponseCache.keyOf('POST', '', JSON.stringify({ query: 'mutation { x }' }), '')).toBeNull();
  });
});

describe('HTTP response cache in the gateway', () => {
  it('answers an unchanged GET with 304 and a changed store with fresh bytes', async () => {
    const { testGateway } = await import('./harness.js');
    const gw = await testGateway({ PERP_CONNECTOR_MODE: 'mock', PERP_DEPTH_CADENCE_MS: '600000', PERP_FUNDING_CADENCE_MS: '600000' });
    try {
      const url = `${gw.url}/graphql?query=${encodeURIComponent('{ markets(bases: ["BTC"]) { id markPrice } }')}`;
      const h = { 'apollo-require-preflight': 'true' };
      const a = await fetch(url, { headers: h });
      expect(a.status).toBe(200);
      const etag = a.headers.get('etag')!;
      expect(etag).toMatch(/^W\/"/);
      const b = await fetch(url, { headers: { ...h, 'if-none-match': etag } });
      expect(b.status).toBe(304);
      expect(gw.responses.hits).toBeGreaterThanOrEqual(1);
      // A store change (a new book) invalidates the entry: same request, new ETag.
      const book = [...gw.app.store.venue('mock', 'aster').books.values()][0]!;
      gw.app.bus.publish({ type: 'book', venue: 'aster', book: { ...book, sequence: 'changed' }, plane: 'mock' });
      const c = await fetch(url, { headers: { ...h, 'if-none-match': etag } });
      expect(c.status).toBe(200);
      expect(c.headers.get('etag')).not.toBe(etag);
    } finally {
      await gw.close();
    }
  });
});

describe('automatic persisted queries', () => {
  it('a hash-only request is unknown until registered, then served (and cached) by hash', async () => {
    const { createHash } = await import('node:crypto');
    const { testGateway } = await import('./harness.js');
    const gw = await testGateway({ PERP_CONNECTOR_MODE: 'mock' });
    try {
      const query = '{ schemaVersion }';
      const ext = { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } };
      const post = (body: unknown) =>
        fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
          (r) => r.json(),
        );
      const miss = (await post({ extensions: ext })) as { errors: Array<{ extensions: { code: string } }> };
      expect(miss.errors[0]!.extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect(await post({ query, extensions: ext })).toEqual({ data: { schemaVersion: '1.0.0' } });
      expect(await post({ extensions: ext })).toEqual({ data: { schemaVersion: '1.0.0' } });
    } finally {
      await gw.close();
    }
  });
});
