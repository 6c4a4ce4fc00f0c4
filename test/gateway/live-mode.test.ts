import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Gateway } from '../../src/gateway/server.js';
import { until } from '../contract/connector.contract.js';
import { createReferenceConnector, seedReferenceFake } from '../contract/reference-connector.js';
import { startFake, type FakeServer } from '../fakes/server.js';
import { gql, testGateway } from './harness.js';

/** A live venue (the reference connector over the generic fake) behind the real gateway. */
describe('gateway with a live venue: telemetry, modes and fallback', () => {
  let fake: FakeServer;
  let gw: Gateway;
  const timings = {
    FUNDING: { cadenceMs: 150, slaMs: 1500 },
    MARK: { cadenceMs: 150, slaMs: 1500 },
    DEPTH: { cadenceMs: 150, slaMs: 1500 },
    METADATA: { cadenceMs: 500, slaMs: 5000 },
  };

  beforeAll(async () => {
    fake = await startFake();
    seedReferenceFake(fake);
    gw = await testGateway(
      { PERP_VENUES: 'aster' },
      {
        healthEveryMs: 100,
        factories: {
          aster: ({ io }) => createReferenceConnector({ io, baseUrl: fake.url, budgetPerMinute: 600, timings, timeoutMs: 500 }),
        },
      },
    );
    await until(
      async () => (await gql<{ markets: unknown[] }>(gw.url, '{ markets(mode: LIVE) { id } }')).data?.markets.length === 2,
      'live markets',
    );
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });

  it('mode LIVE serves the venue with source LIVE and live rate-limit and channel figures', async () => {
    await until(
      async () =>
        (await gql<{ connectors: Array<{ status: string }> }>(gw.url, '{ connectors(mode: LIVE) { status } }')).data?.connectors[0]
          ?.status === 'HEALTHY',
      'HEALTHY',
    );
    const r = await gql<{
      markets: Array<{ id: string; funding: { ratePerHour: number; freshness: { source: string; stale: boolean } }; dataSource: string }>;
      connectors: Array<{
        status: string;
        rateLimit: { budgetPerMinute: number; usedLastMinute: number; remaining: number };
        channels: Array<{ channel: string; ageMs: number; stale: boolean }>;
      }>;
    }>(
      gw.url,
      '{ markets(mode: LIVE) { id dataSource funding { ratePerHour freshness { source stale } } } connectors(mode: LIVE) { status rateLimit { budgetPerMinute usedLastMinute remaining } channels { channel ageMs stale } } }',
    );
    const btc = r.data!.markets.find((m) => m.id === 'aster:BTC-USD-PERP')!;
    expect(btc.dataSource).toBe('LIVE');
    expect(btc.funding.freshness).toEqual({ source: 'LIVE', stale: false });
    expect(btc.funding.ratePerHour).toBeCloseTo(0.0000125, 12);
    const c = r.data!.connectors[0]!;
    expect(c.rateLimit.budgetPerMinute).toBe(600);
    expect(c.rateLimit.usedLastMinute).toBeGreaterThan(0);
    expect(c.rateLimit.remaining).toBe(600 - c.rateLimit.usedLastMinute);
    expect(c.channels.find((x) => x.channel === 'DEPTH')!.stale).toBe(false);
    expect(c.channels.find((x) => x.channel === 'DEPTH')!.ageMs).toBeLessThan(1500);
  });

  it('/metrics exposes the same figures with a venue label', async () => {
    // The status gauge follows health, which can dip to DEGRADED for a tick on a loaded machine: wait for HEALTHY.
    const text = await until(async () => {
      const t = await (await fetch(`${gw.url}/metrics`)).text();
      return /perp_connector_status\{venue="aster",status="HEALTHY"\} 0/.test(t) ? t : null;
    }, 'HEALTHY in /metrics');
    expect(text).toMatch(/perp_connector_rate_limit_remaining\{venue="aster"\} \d+/);
    expect(text).toMatch(/perp_connector_channel_age_seconds\{venue="aster",channel="DEPTH"\} [\d.]+/);
    expect(text).toMatch(/perp_connector_requests_total\{venue="aster",outcome="ok"\} [1-9]\d*/);
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('REST in live mode is cached for the live TTL', async () => {
    const body = (await (await fetch(`${gw.url}/api/perp-connectors?mode=live`)).json()) as {
      cache: { ttlMs: number };
      connectors: Array<{ dataSource: string }>;
    };
    expect(body.connectors[0]!.dataSource).toBe('LIVE');
    expect(body.cache.ttlMs).toBe(60_000);
  });

  it('connectorHealth emits on status change; auto falls back to mock while the venue is down and returns to live after recovery', async () => {
    const client = createClient({ url: gw.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
    const seen: string[] = [];
    const stop = client.subscribe(
      { query: 'subscription { connectorHealth { venue status dataSource consecutiveFailures } }' },
      {
        next: (m) => void seen.push((m.data as { connectorHealth: { status: string } }).connectorHealth.status),
        error: () => undefined,
        complete: () => undefined,
      },
    );
    await until(() => seen.includes('HEALTHY'), 'initial HEALTHY');
    fake.fault('', { kind: 'status', status: 503 }, Infinity);
    await until(() => seen.includes('MOCK'), 'auto fallback to MOCK after the venue went stale/down', 10_000);
    const auto = await gql<{ markets: Array<{ dataSource: string }> }>(gw.url, '{ markets { dataSource } }');
    expect(auto.data!.markets.every((m) => m.dataSource === 'MOCK')).toBe(true);
    const live = await gql<{ connectors: Array<{ status: string; lastError: { code: string } }> }>(
      gw.url,
      '{ connectors(mode: LIVE) { status lastError { code } } }',
    );
    expect(live.data!.connectors[0]!.lastError.code).toBe('HTTP_5XX');
    fake.clearFaults();
    await until(() => seen[seen.length - 1] === 'HEALTHY', 'back to live HEALTHY', 10_000);
    const back = await gql<{ markets: Array<{ dataSource: string }> }>(gw.url, '{ markets { dataSource } }');
    expect(back.data!.markets.every((m) => m.dataSource === 'LIVE')).toBe(true);
    stop();
    await client.dispose();
  });
});
