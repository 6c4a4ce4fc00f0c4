/**
 * Fast recovery (issue 19 item 5): a venue whose first metadata/discovery job fails keeps retrying on a capped
 * exponential backoff (core/backoff.ts RECOVERY_BACKOFF, seconds) instead of its 10-minute cadence, shows the retry and
 * the next attempt in health, and serves live within one backoff step of the venue recovering.
 *
 * The outage is a fault toggle held for RECOVERY_OUTAGE_MS (default 3 s so the suite stays quick; the 20 s
 * runs with RECOVERY_OUTAGE_MS=20000). The bound after recovery is one backoff cap plus a generous 8 s for a loaded
 * machine: with the 10-minute metadata cadence nothing but the retry can meet it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { RECOVERY_BACKOFF } from '../../src/core/backoff.js';
import type { Timings } from '../../src/core/cadence.js';
import type { WebSocketCtor } from '../../src/core/connector.js';
import type { ConnectorHealth } from '../../src/core/types.js';
import { loadConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/telemetry/logger.js';
import { createAsterConnector } from '../../src/venues/aster/index.js';
import { until } from '../contract/connector.contract.js';
import { observe } from '../contract/observe.js';
import { FakeAster } from '../fakes/aster/index.js';
import { BASE } from '../fakes/base/index.js';
import { synUnderTest } from './synfutures/setup.js';

const OUTAGE_MS = Number(process.env.RECOVERY_OUTAGE_MS ?? 3_000);
const SLACK_MS = 8_000;
const LIVE_WITHIN_MS = RECOVERY_BACKOFF.maxMs + SLACK_MS;

/** Fast data channels, the real 10-minute metadata cadence. */
const TIMINGS: Timings = {
  FUNDING: { cadenceMs: 250, slaMs: 3_000 },
  MARK: { cadenceMs: 250, slaMs: 3_000 },
  DEPTH: { cadenceMs: 250, slaMs: 3_000 },
  METADATA: { cadenceMs: 600_000, slaMs: 1_800_000 },
};

/** What the app serves live in auto mode (src/app/served.ts planeOf): not DOWN and funding fresh. */
const isLive = (h: ConnectorHealth): boolean => h.status !== 'DOWN' && h.channels.find((c) => c.channel === 'FUNDING')?.stale === false;
const recovery = (h: ConnectorHealth) => h.sources.find((s) => s.name === 'recovery');

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

/** Hold the outage, check health shows the pending retry, lift it and time how long until the venue is live. */
async function outageThenLive(h: () => ConnectorHealth, lift: () => void, failedRequests: () => number): Promise<number> {
  await new Promise((r) => setTimeout(r, OUTAGE_MS));
  const during = h();
  expect(isLive(during)).toBe(false);
  expect(during.status).toBe('DOWN');
  expect(recovery(during)).toMatchObject({
    status: 'UNAVAILABLE',
    reason: expect.stringMatching(/failed \d+× .*next attempt \d+ in [\d.]+ s at /),
  });
  expect(during.counters['recovery.attempt']).toBeGreaterThanOrEqual(2);
  expect(during.counters['recovery.nextAttemptAt']).toBeGreaterThan(Date.now() - 1_000);
  // Retried within the outage: a 10-minute cadence would have made exactly one attempt.
  expect(failedRequests()).toBeGreaterThanOrEqual(2);
  lift();
  const liftedAt = Date.now();
  await until(() => isLive(h()), 'live after the venue recovered', LIVE_WITHIN_MS + 2_000, 50);
  const tookMs = Date.now() - liftedAt;
  expect(tookMs).toBeLessThanOrEqual(LIVE_WITHIN_MS);
  expect(recovery(h())).toMatchObject({ status: 'AVAILABLE', reason: expect.stringMatching(/recovered after \d+ failed attempts?/) });
  expect(h().counters['recovery.attempt']).toBe(0);
  return tookMs;
}

describe('fast recovery of a failed first metadata job', () => {
  it(
    'Aster: exchangeInfo failing at start is retried on the backoff and the venue is live within one step of recovery',
    async () => {
      const fake = await FakeAster.start();
      cleanup.push(() => fake.close());
      const config = loadConfig({ ASTER_REST_URL: fake.restUrl, ASTER_WS_URL: fake.wsUrl, ASTER_RATE_LIMIT_PER_MIN: '600' });
      const connector = observe(
        createAsterConnector({
          io: { fetch, WebSocket: WebSocket as unknown as WebSocketCtor, now: Date.now, logger: silentLogger },
          config,
          timings: TIMINGS,
          watchdogMs: 800,
          timeoutMs: 500,
        }),
      );
      cleanup.push(() => connector.dispose());
      fake.server.fault('/fapi/v1/exchangeInfo', { kind: 'status', status: 503 }, Infinity);
      fake.server.fault('/fapi/v3/exchangeInfo', { kind: 'status', status: 503 }, Infinity);
      await connector.start({ emit: () => undefined });
      await outageThenLive(
        () => connector.health(),
        () => fake.server.clearFaults(),
        () => fake.server.count('/fapi/v1/exchangeInfo') + fake.server.count('/fapi/v3/exchangeInfo'),
      );
      expect((await connector.listMarkets()).length).toBeGreaterThan(0);
    },
    OUTAGE_MS + LIVE_WITHIN_MS + 15_000,
  );

  it(
    'SynFutures: discovery failing at start (Gate reverts) is retried on the backoff and the venue is live within one step',
    async () => {
      const t = await synUnderTest({}, { timings: TIMINGS });
      cleanup.push(() => t.fake.close());
      cleanup.push(() => t.connector.dispose());
      const gate = `${BASE.gate.toLowerCase()}:getAllInstruments`;
      t.fake.reverts.add(gate);
      await t.connector.start({ emit: () => undefined });
      await outageThenLive(
        () => t.connector.health(),
        () => t.fake.reverts.delete(gate),
        () => t.connector.health().counters['rpc.reverted'] ?? 0,
      );
      expect((await t.connector.listMarkets()).length).toBeGreaterThan(0);
    },
    OUTAGE_MS + LIVE_WITHIN_MS + 15_000,
  );
});
