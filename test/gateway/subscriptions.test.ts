/**
 * Issue 18 item 3: subscriptions behave like a frontend expects. The current state first, an unknown market is an
 * error at once, ids are validated as in queries, connectorHealth emits on change only, the WebSocket message
 * limit is the HTTP body limit, and shutdown closes with 1001.
 */
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { ConnectorHealth } from '../../src/core/types.js';
import { UnavailableConnector } from '../../src/core/unavailable.js';
import type { Gateway } from '../../src/gateway/server.js';
import { until } from '../contract/connector.contract.js';
import { gql, testGateway } from './harness.js';

type Result = { data?: Record<string, Record<string, unknown>>; errors?: Array<{ message: string; extensions?: { code?: string } }> };

/** Subscribe and collect frames; `error` holds a subscribe error. */
function collect(client: Client, query: string) {
  const frames: Result[] = [];
  const state: { error: unknown; frames: Result[]; stop: () => void } = { error: null, frames, stop: () => undefined };
  state.stop = client.subscribe(
    { query },
    { next: (r) => frames.push(r as Result), error: (e) => (state.error = e), complete: () => undefined },
  );
  return state;
}

async function rawSocket(url: string): Promise<{ ws: WebSocket; closed: Promise<number> }> {
  const ws = new WebSocket(url, 'graphql-transport-ws');
  const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
  await new Promise((r) => ws.once('open', r));
  return { ws, closed };
}

describe('subscriptions in mock mode', () => {
  let gw: Gateway;
  let client: Client;
  beforeAll(async () => {
    // Cadences of a minute: any frame within 2 s is the current state, not a tick.
    gw = await testGateway({ PERP_CONNECTOR_MODE: 'mock', PERP_FUNDING_CADENCE_MS: '60000', PERP_DEPTH_CADENCE_MS: '60000' });
    client = createClient({ url: gw.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
  });
  afterAll(async () => {
    await client.dispose();
    await gw.close();
  });

  it('fundingRates and markPrices send the current state within 2 s, equal to what a query returns', async () => {
    const id = 'aster:BTC-USD-PERP';
    const t0 = Date.now();
    const f = collect(client, `subscription { fundingRates(markets: ["${id}"]) { market rate ratePerHour } }`);
    const m = collect(client, `subscription { markPrices(markets: ["${id}"]) { market markPrice } }`);
    await until(() => f.frames.length && m.frames.length, 'first frames', 2000);
    expect(Date.now() - t0).toBeLessThan(2000);
    const q = await gql<{ market: { funding: { rate: number; ratePerHour: number }; markPrice: number } }>(
      gw.url,
      `{ market(id: "${id}") { markPrice funding { rate ratePerHour } } }`,
    );
    expect(f.frames[0]!.data!.fundingRates).toEqual({
      market: id,
      rate: q.data!.market.funding.rate,
      ratePerHour: q.data!.market.funding.ratePerHour,
    });
    expect(m.frames[0]!.data!.markPrices).toEqual({ market: id, markPrice: q.data!.market.markPrice });
    f.stop();
    m.stop();
  });

  it('a fundingRates subscription without a filter sends every market of every venue first', async () => {
    const f = collect(client, 'subscription { fundingRates(venues: [JUPITER]) { market } }');
    const expected = gw.app.store.venue('mock', 'jupiter').funding.size;
    expect(expected).toBeGreaterThan(0);
    await until(() => f.frames.length >= expected, 'one frame per market', 2000);
    expect(new Set(f.frames.map((x) => x.data!.fundingRates!.market))).toEqual(
      new Set(gw.app.store.venue('mock', 'jupiter').funding.keys()),
    );
    f.stop();
  });

  it('an unknown market is an error on subscribe; a malformed id is BAD_USER_INPUT, in queries too', async () => {
    const unknown = collect(client, 'subscription { orderBook(market: "aster:NOPE-USD-PERP") { market } }');
    await until(() => unknown.error, 'orderBook error', 2000);
    expect((unknown.error as Array<{ message: string; extensions: { code: string } }>)[0]).toMatchObject({
      message: 'market: no such market "aster:NOPE-USD-PERP"',
      extensions: { code: 'NOT_FOUND' },
    });
    const funding = collect(client, 'subscription { fundingRates(markets: ["jupiter:NOPE-USD-PERP"]) { market } }');
    await until(() => funding.error, 'fundingRates error', 2000);
    expect((funding.error as Array<{ extensions: { code: string } }>)[0]!.extensions.code).toBe('NOT_FOUND');
    const bad = collect(client, 'subscription { markPrices(markets: ["BTCUSDT"]) { market } }');
    await until(() => bad.error, 'markPrices error', 2000);
    expect((bad.error as Array<{ extensions: { code: string } }>)[0]!.extensions.code).toBe('BAD_USER_INPUT');
    for (const q of [
      '{ market(id: "BTCUSDT") { id } }',
      '{ fundingRates(markets: ["BTCUSDT"]) { market } }',
      '{ orderBook(market: "BTCUSDT") { market } }',
    ]) {
      const r = await gql(gw.url, q);
      expect([q, r.errors?.[0]?.extensions?.code]).toEqual([q, 'BAD_USER_INPUT']);
    }
    expect((await gql<{ market: null }>(gw.url, '{ market(id: "aster:NOPE-USD-PERP") { id } }')).data!.market).toBeNull();
  });

  it('connectorHealth sends the current health, then nothing while it does not change', async () => {
    const h = collect(client, 'subscription { connectorHealth(venues: [ASTER]) { venue status dataSource } }');
    await until(() => h.frames.length, 'current health', 2000);
    const health = gw.app.health('aster', 'mock');
    expect(h.frames[0]!.data!.connectorHealth).toEqual({ venue: 'ASTER', status: health.status, dataSource: 'MOCK' });
    for (let i = 0; i < 5; i++)
      gw.app.bus.publish({ type: 'health', venue: 'aster', health: { ...health, lastError: null }, plane: 'mock' });
    await new Promise((r) => setTimeout(r, 300));
    expect(h.frames).toHaveLength(1);
    h.stop();
  });

  it('a WebSocket message over the HTTP body limit closes the socket with 1009', async () => {
    const { ws, closed } = await rawSocket(gw.wsUrl);
    ws.send(JSON.stringify({ type: 'connection_init', payload: { pad: 'x'.repeat(1_000_001) } }));
    expect(await closed).toBe(1009);
  });
});

/** A live connector that keeps failing the same way: its lastError time moves on every call, nothing else. */
class FailingConnector extends UnavailableConnector {
  override health(): ConnectorHealth {
    return { ...super.health(), lastError: { code: 'UPSTREAM', message: 'connect ECONNREFUSED 127.0.0.1:9', at: Date.now() } };
  }
}

describe('connectorHealth in auto mode over a failing live connector', () => {
  it('emits the fallback once, not on every retry of the same failure', async () => {
    const gw = await testGateway(
      { PERP_CONNECTOR_MODE: 'auto', PERP_VENUES: 'aster' },
      { factories: { aster: ({ io }) => new FailingConnector('aster', 'down', io.now) }, healthEveryMs: 20 },
    );
    const client = createClient({ url: gw.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
    try {
      const h = collect(client, 'subscription { connectorHealth { venue dataSource lastError { code message } } }');
      await until(() => h.frames.length, 'current health', 2000);
      const before = gw.fanout.stats.executions;
      await new Promise((r) => setTimeout(r, 400)); // ~20 health ticks, each with a new lastError.at
      expect(h.frames.map((f) => f.data!.connectorHealth)).toEqual([
        { venue: 'ASTER', dataSource: 'MOCK', lastError: { code: 'UPSTREAM', message: 'connect ECONNREFUSED 127.0.0.1:9' } },
      ]);
      expect(gw.fanout.stats.executions).toBe(before);
    } finally {
      await client.dispose();
      await gw.close();
    }
  });
});

describe('shutdown', () => {
  it('closes subscriber sockets with 1001 (going away)', async () => {
    const gw = await testGateway({ PERP_CONNECTOR_MODE: 'mock' });
    const { ws, closed } = await rawSocket(gw.wsUrl);
    ws.send(JSON.stringify({ type: 'connection_init' }));
    await new Promise((r) => ws.once('message', r));
    ws.send(JSON.stringify({ id: 'h', type: 'subscribe', payload: { query: 'subscription { connectorHealth { venue } }' } }));
    await new Promise((r) => ws.once('message', r));
    await gw.close();
    expect(await closed).toBe(1001);
  });
});
