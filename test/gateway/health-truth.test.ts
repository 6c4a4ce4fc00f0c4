/**
 * Issue 18 item 4: in auto mode a venue served from mock still shows its live connector's failures, in
 * `connectors`, `/readyz` and `/metrics`; times are ISO; lastError names the cause (ECONNREFUSED, not `fetch failed`).
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../src/gateway/server.js';
import { createAsterConnector } from '../../src/venues/aster/index.js';
import { until } from '../contract/connector.contract.js';
import { FAST } from '../venues/aster/setup.js';
import { gql, testGateway } from './harness.js';

/** A local port nothing listens on (connections are refused at once). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

type Conn = {
  venue: string;
  dataSource: string;
  lastError: { message: string; at: string } | null;
  live: { status: string; consecutiveFailures: number; lastError: { code: string; message: string; at: string } | null } | null;
};

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('health that tells the truth in auto mode', () => {
  let gw: Gateway;
  let port: number;
  beforeAll(async () => {
    port = await closedPort();
    gw = await testGateway(
      {
        PERP_CONNECTOR_MODE: 'auto',
        PERP_VENUES: 'aster',
        ASTER_REST_URL: `http://127.0.0.1:${port}`,
        ASTER_WS_URL: `ws://127.0.0.1:${port}`,
      },
      { factories: { aster: (args) => createAsterConnector({ ...args, timings: FAST, watchdogMs: 800, timeoutMs: 500 }) } },
    );
  });
  afterAll(() => gw.close());

  it('connectors shows the live failures beside MOCK, naming the cause', async () => {
    const q =
      '{ connectors { venue dataSource lastError { message at } live { status consecutiveFailures lastError { code message at } } } }';
    const c = await until(async () => {
      const r = await gql<{ connectors: Conn[] }>(gw.url, q);
      const a = r.data?.connectors[0];
      return a && a.live && a.live.consecutiveFailures >= 2 ? a : null;
    }, 'live failures visible');
    expect(c.dataSource).toBe('MOCK');
    expect(c.live!.status).toBe('DOWN');
    expect(c.live!.lastError!.code).toBe('NETWORK');
    expect(c.live!.lastError!.message).toContain(`ECONNREFUSED 127.0.0.1:${port}`);
    expect(c.live!.lastError!.at).toMatch(ISO);
    expect(c.lastError!.message).toContain('ECONNREFUSED');
  });

  it('/readyz carries the live state with ISO times', async () => {
    const body = (await (await fetch(`${gw.url}/readyz`)).json()) as {
      at: string;
      venues: Array<{
        dataSource: string;
        lastError: { at: string };
        live: { status: string; consecutiveFailures: number; lastError: { at: string; message: string } };
      }>;
    };
    expect(body.at).toMatch(ISO);
    const v = body.venues[0]!;
    expect(v.dataSource).toBe('MOCK');
    expect(v.lastError.at).toMatch(ISO);
    expect(v.live.status).toBe('DOWN');
    expect(v.live.consecutiveFailures).toBeGreaterThan(0);
    expect(v.live.lastError.at).toMatch(ISO);
    expect(v.live.lastError.message).toContain('ECONNREFUSED');
  });

  it('/metrics shows non-zero live error counters and failures while the fallback is active', async () => {
    const text = await (await fetch(`${gw.url}/metrics`)).text();
    const value = (line: string) =>
      Number(
        text
          .split('\n')
          .find((l) => l.startsWith(line))
          ?.slice(line.length + 1),
      );
    expect(value('perp_connector_fallback_active{venue="aster"}')).toBe(1);
    expect(value('perp_connector_requests_total{venue="aster",outcome="error"}')).toBeGreaterThan(0);
    expect(value('perp_connector_consecutive_failures{venue="aster"}')).toBeGreaterThan(0);
    expect(value('perp_connector_rate_limit_budget{venue="aster"}')).toBeGreaterThan(0);
  });
});
