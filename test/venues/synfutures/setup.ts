import { WebSocket } from 'ws';
import { loadConfig } from '../../../src/config/index.js';
import type { Timings } from '../../../src/core/cadence.js';
import type { WebSocketCtor } from '../../../src/core/connector.js';
import { silentLogger, type Logger } from '../../../src/telemetry/logger.js';
import { createSynfuturesConnector } from '../../../src/venues/synfutures/index.js';
import { FakeBase } from '../../fakes/base/index.js';
import { seedDefault } from '../../fakes/base/scenario.js';
import { observe } from '../../contract/observe.js';

/** Short cadences for tests (the block time has 1 s resolution, so SLAs stay ≥ 3 s). */
export const FAST: Timings = {
  FUNDING: { cadenceMs: 200, slaMs: 3000 },
  MARK: { cadenceMs: 200, slaMs: 3000 },
  DEPTH: { cadenceMs: 250, slaMs: 3000 },
  METADATA: { cadenceMs: 1000, slaMs: 10_000 },
};

export async function synUnderTest(
  env: Record<string, string> = {},
  o: { timings?: Timings; seed?: boolean; logger?: Logger; timeoutMs?: number } = {},
) {
  const fake = await FakeBase.start();
  if (o.seed !== false) seedDefault(fake);
  const config = loadConfig({ ...fake.env(), SYNFUTURES_RATE_LIMIT_PER_MIN: '600', ...env });
  const connector = observe(
    createSynfuturesConnector({
      io: { fetch, WebSocket: WebSocket as unknown as WebSocketCtor, now: Date.now, logger: o.logger ?? silentLogger },
      config,
      timings: o.timings ?? FAST,
      watchdogMs: 800,
      timeoutMs: o.timeoutMs ?? 500,
    }),
  );
  return { fake, connector, config };
}
