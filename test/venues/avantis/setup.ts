import { WebSocket } from 'ws';
import { loadConfig } from '../../../src/config/index.js';
import type { Timings } from '../../../src/core/cadence.js';
import type { WebSocketCtor } from '../../../src/core/connector.js';
import { silentLogger } from '../../../src/telemetry/logger.js';
import { createAvantisConnector } from '../../../src/venues/avantis/index.js';
import { FakeAvantis } from '../../fakes/avantis/index.js';
import { observe } from '../../contract/observe.js';

/** Short cadences for tests: the catalog may be refetched every 200 ms (the 60 s gap follows the funding cadence). */
export const FAST: Timings = {
  FUNDING: { cadenceMs: 200, slaMs: 2000 },
  MARK: { cadenceMs: 200, slaMs: 2000 },
  DEPTH: { cadenceMs: 250, slaMs: 2000 },
  METADATA: { cadenceMs: 1000, slaMs: 10_000 },
};

export async function avantisUnderTest(
  env: Record<string, string> = {},
  o: { graphql?: boolean; timings?: Timings; watchdogMs?: number; before?: (f: FakeAvantis) => void } = {},
) {
  const fake = await FakeAvantis.start({ graphql: o.graphql ?? false });
  o.before?.(fake);
  const config = loadConfig({ ...fake.env(), AVANTIS_RATE_LIMIT_PER_MIN: '600', ...env });
  const connector = observe(
    createAvantisConnector({
      io: { fetch, WebSocket: WebSocket as unknown as WebSocketCtor, now: Date.now, logger: silentLogger },
      config,
      timings: o.timings ?? FAST,
      watchdogMs: o.watchdogMs ?? 1500,
      timeoutMs: 500,
    }),
  );
  return { fake, connector, config };
}
