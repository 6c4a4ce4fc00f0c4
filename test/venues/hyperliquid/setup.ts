import { z } from 'zod';
import { WebSocket } from 'ws';
import { loadConfig } from '../../../src/config/index.js';
import type { WebSocketCtor } from '../../../src/core/connector.js';
import { silentLogger } from '../../../src/telemetry/logger.js';
import { hyperliquidEnv } from '../../../src/venues/hyperliquid/config.js';
import { createHyperliquidConnector } from '../../../src/venues/hyperliquid/index.js';
import { observe } from '../../contract/observe.js';
import { FakeHyperliquid } from '../../fakes/hyperliquid/index.js';

export const FAST = {
  FUNDING: { cadenceMs: 200, slaMs: 2000 },
  MARK: { cadenceMs: 200, slaMs: 2000 },
  DEPTH: { cadenceMs: 200, slaMs: 1500 },
  METADATA: { cadenceMs: 2000, slaMs: 10_000 },
};

/** The connector against a fresh fake; `env` overrides HYPERLIQUID_* (budget default 20 000 weight/min for fast cadences). */
export async function hyperliquidUnderTest(env: Record<string, string> = {}, o: { watchdogMs?: number; timeoutMs?: number } = {}) {
  const fake = await FakeHyperliquid.start();
  const venueEnv = {
    HYPERLIQUID_API_URL: fake.apiUrl,
    HYPERLIQUID_WS_URL: fake.wsUrl,
    HYPERLIQUID_RATE_LIMIT_PER_MIN: '20000',
    HYPERLIQUID_DEPTH_COINS: '2',
    ...env,
  };
  const config = { ...loadConfig({}), ...z.object(hyperliquidEnv).parse(venueEnv) };
  const connector = observe(
    createHyperliquidConnector({
      io: { fetch, WebSocket: WebSocket as unknown as WebSocketCtor, now: Date.now, logger: silentLogger },
      config,
      timings: FAST,
      watchdogMs: o.watchdogMs ?? 800,
      timeoutMs: o.timeoutMs ?? 500,
    }),
  );
  return { fake, connector, config, venueEnv };
}
