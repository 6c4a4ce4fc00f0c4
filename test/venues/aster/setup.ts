import { WebSocket } from 'ws';
import { loadConfig } from '../../../src/config/index.js';
import type { WebSocketCtor } from '../../../src/core/connector.js';
import { silentLogger } from '../../../src/telemetry/logger.js';
import { createAsterConnector } from '../../../src/venues/aster/index.js';
import { FakeAster } from '../../fakes/aster/index.js';
import { observe } from '../../contract/observe.js';

export const FAST = {
  FUNDING: { cadenceMs: 200, slaMs: 2000 },
  MARK: { cadenceMs: 200, slaMs: 2000 },
  DEPTH: { cadenceMs: 200, slaMs: 1500 },
  METADATA: { cadenceMs: 2000, slaMs: 10_000 },
};

export async function asterUnderTest(env: Record<string, string> = {}, o: { watchdogMs?: number } = {}) {
  const fake = await FakeAster.start();
  const config = loadConfig({ ASTER_REST_URL: fake.restUrl, ASTER_WS_URL: fake.wsUrl, ASTER_RATE_LIMIT_PER_MIN: '600', ...env });
  const connector = observe(
    createAsterConnector({
      io: { fetch, WebSocket: WebSocket as unknown as WebSocketCtor, now: Date.now, logger: silentLogger },
      config,
      timings: FAST,
      watchdogMs: o.watchdogMs ?? 800,
      timeoutMs: 500,
    }),
  );
  return { fake, connector, config };
}
