import { WebSocket } from 'ws';
import { loadConfig } from '../../../src/config/index.js';
import type { Timings } from '../../../src/core/cadence.js';
import type { WebSocketCtor } from '../../../src/core/connector.js';
import { silentLogger, type Logger } from '../../../src/telemetry/logger.js';
import { createJupiterConnector } from '../../../src/venues/jupiter/index.js';
import { FakeSolana } from '../../fakes/solana/index.js';
import { MINTS, seedDefault } from '../../fakes/solana/scenario.js';
import { observe } from '../../contract/observe.js';

/** Short cadences for tests (oracle timestamps have 1 s resolution, so SLAs stay ≥ 3 s). */
export const FAST: Timings = {
  FUNDING: { cadenceMs: 300, slaMs: 3000 },
  MARK: { cadenceMs: 300, slaMs: 3000 },
  DEPTH: { cadenceMs: 250, slaMs: 3000 },
  METADATA: { cadenceMs: 1000, slaMs: 10_000 },
};

/** perps-api and Price API answers for the default scenario (strings, as the API sends). */
export function seedApis(f: FakeSolana): void {
  // On-chain: SOL long 51 369e-9/h = 0.0051369 %/h → 0.0051; BTC 40 673e-9 → 0.0041; USDC short 56 369e-9 → 0.0056.
  // ETH's on-chain rate is 44 954e-9/h = 0.0044954 %/h: the API's 0.0046 is a deliberate cross-check mismatch.
  f.poolInfo.set(MINTS.SOL, { longBorrowRatePercent: '0.0051', shortBorrowRatePercent: '0.0056', longUtilizationPercent: '56' });
  f.poolInfo.set(MINTS.ETH, { longBorrowRatePercent: '0.0046', shortBorrowRatePercent: '0.0056' });
  f.poolInfo.set(MINTS.WBTC, { longBorrowRatePercent: '0.0041', shortBorrowRatePercent: '0.0056' });
  f.marketStats.set(MINTS.SOL, { price: '191.25', volume: '190000000.5' });
  f.marketStats.set(MINTS.ETH, { price: '3409.1', volume: '88000000' });
  f.marketStats.set(MINTS.WBTC, { price: '97240', volume: '130000000' });
  f.spot.set(MINTS.SOL, 191.2);
  f.spot.set(MINTS.ETH, 3409);
  f.spot.set(MINTS.WBTC, 97_300);
}

export async function jupUnderTest(
  env: Record<string, string> = {},
  o: { timings?: Timings; seed?: boolean; logger?: Logger; timeoutMs?: number; watchdogMs?: number } = {},
) {
  const fake = await FakeSolana.start();
  if (o.seed !== false) {
    seedDefault(fake);
    seedApis(fake);
  }
  const config = loadConfig({
    ...fake.env(),
    JUPITER_RATE_LIMIT_PER_MIN: '600',
    JUPITER_API_RATE_LIMIT_PER_MIN: '600',
    JUPITER_RECONCILE_MS: '300',
    ...env,
  });
  const connector = observe(
    createJupiterConnector({
      io: { fetch, WebSocket: WebSocket as unknown as WebSocketCtor, now: Date.now, logger: o.logger ?? silentLogger },
      config,
      timings: o.timings ?? FAST,
      watchdogMs: o.watchdogMs ?? 800,
      timeoutMs: o.timeoutMs ?? 500,
    }),
  );
  return { fake, connector, config };
}
