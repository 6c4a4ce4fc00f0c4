/** Opt-in test against the real Aster API: `npm run test:live` (LIVE=1). Never part of `npm test`. */
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { loadConfig } from '../../src/config/index.js';
import { DEFAULT_TIMINGS } from '../../src/core/cadence.js';
import type { WebSocketCtor } from '../../src/core/connector.js';
import { silentLogger } from '../../src/telemetry/logger.js';
import { createAsterConnector } from '../../src/venues/aster/index.js';
import { until } from '../contract/connector.contract.js';
import { observe } from '../contract/observe.js';

describe.runIf(process.env.LIVE === '1')('Aster live', () => {
  it('lists BTC and serves LIVE funding and a book', async () => {
    const c = observe(
      createAsterConnector({
        io: { fetch, WebSocket: WebSocket as unknown as WebSocketCtor, now: Date.now, logger: silentLogger },
        config: loadConfig({}),
        timings: DEFAULT_TIMINGS,
        watchdogMs: 15_000,
        timeoutMs: 10_000,
      }),
    );
    await c.start({ emit: () => undefined });
    await until(async () => !((await c.getFunding(['aster:BTC-USD-PERP']))[0] instanceof Error), 'BTC funding', 30_000);
    const [f] = await c.getFunding(['aster:BTC-USD-PERP']);
    expect(f).toMatchObject({ model: 'PERIODIC_FUNDING' });
    await c.dispose();
  });
});
