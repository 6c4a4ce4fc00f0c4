/**
 * The start path (src/gateway/server.ts): the server listens before the GraphQL edge loads. Requests sent the moment
 * it listens — /readyz, a GraphQL query, /metrics, a subscription socket — are all answered (the edge-bound ones once
 * it is there), never refused; an upgrade on another path is refused with 400.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { loadConfig } from '../../src/config/index.js';
import type { WebSocketCtor } from '../../src/core/connector.js';
import { startGateway, type Gateway } from '../../src/gateway/server.js';
import { silentLogger } from '../../src/telemetry/logger.js';
import { OFFLINE } from './harness.js';

let gw: Gateway | null = null;
afterEach(async () => {
  await gw?.close();
  gw = null;
});

/** One graphql-transport-ws exchange: init, subscribe `query`, collect messages until `complete` or `error`. */
function wsQuery(url: string, query: string): Promise<Array<{ type: string; payload?: unknown }>> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, 'graphql-transport-ws');
    const got: Array<{ type: string; payload?: unknown }> = [];
    ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init' })));
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString()) as { type: string; payload?: unknown };
      got.push(m);
      if (m.type === 'connection_ack') ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
      if (m.type === 'complete' || m.type === 'error') {
        ws.close();
        resolve(got);
      }
    });
    ws.on('error', reject);
  });
}

/** An upgrade's HTTP status (the handshake's answer when it is refused). */
function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, 'graphql-transport-ws');
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('error', () => resolve(-1));
  });
}

describe('cold start: listen first, load the GraphQL edge after', () => {
  it('answers /readyz, /graphql, /metrics and a subscription socket sent the moment the server listens', async () => {
    const config = loadConfig({ PERP_LOG_LEVEL: 'silent', PERP_DB_PATH: ':memory:', PERP_CONNECTOR_MODE: 'mock' });
    let early: Promise<unknown[]> | null = null;
    const body = JSON.stringify({ query: '{ schemaVersion }' });
    gw = await startGateway({
      config,
      io: { fetch, WebSocket: WebSocket as unknown as WebSocketCtor, now: Date.now, logger: silentLogger },
      factories: OFFLINE,
      onListening: (url) => {
        const ws = url.replace('http', 'ws');
        early = Promise.all([
          fetch(`${url}/readyz`).then(async (r) => [r.status, ((await r.json()) as { ready: boolean }).ready]),
          fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(async (r) => [
            r.status,
            await r.json(),
          ]),
          fetch(`${url}/metrics`).then(async (r) => [r.status, (await r.text()).includes('perp_gateway_subscribers')]),
          wsQuery(`${ws}/graphql`, '{ schemaVersion }'),
          upgradeStatus(`${ws}/elsewhere`),
        ]);
      },
    });
    expect(early).not.toBeNull();
    const [readyz, graphql, metrics, socket, elsewhere] = (await early!) as [
      [number, boolean],
      [number, { data?: { schemaVersion?: unknown } }],
      [number, boolean],
      Array<{ type: string; payload?: { data?: { schemaVersion?: unknown } } }>,
      number,
    ];
    expect(readyz).toEqual([200, true]);
    expect(graphql[0]).toBe(200);
    expect(typeof graphql[1].data?.schemaVersion).toBe('string');
    expect(metrics).toEqual([200, true]);
    expect(socket.map((m) => m.type)).toEqual(['connection_ack', 'next', 'complete']);
    expect(typeof socket[1]!.payload?.data?.schemaVersion).toBe('string');
    expect(elsewhere).toBe(400);
  });
});
