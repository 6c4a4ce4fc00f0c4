/** SynFutures' fault-matrix rig (test/faults/rig.ts): Base RPC only (no push source); consistency fault a lagging head block. */
import { loadConfig } from '../../../src/config/index.js';
import { createSynfuturesConnector } from '../../../src/venues/synfutures/index.js';
import { observe } from '../../contract/observe.js';
import { FakeBase } from '../../fakes/base/index.js';
import { seedDefault as seedBase } from '../../fakes/base/scenario.js';
import { httpTransport, io, timings, type Rig } from '../../faults/rig.js';

export async function rig(): Promise<Rig> {
  const fake = await FakeBase.start();
  seedBase(fake);
  const budget = 1200;
  const config = loadConfig({ ...fake.env(), SYNFUTURES_RATE_LIMIT_PER_MIN: String(budget), SYNFUTURES_MAX_BLOCK_LAG_MS: '5000' });
  const connector = observe(createSynfuturesConnector({ io: io(), config, timings: timings(3000, 250), watchdogMs: 800, timeoutMs: 500 }));
  return {
    venue: 'synfutures',
    connector,
    preferred: 'RPC',
    slaMs: 3000,
    budget,
    maxPerMinute: () => fake.server.maxInWindow(60_000),
    transports: [httpTransport('RPC', fake.server, ['/rpc'])],
    consistency: {
      name: 'Base block lag',
      inject: () => (fake.frozenHead = { number: 29_999_000, timestamp: Math.floor(Date.now() / 1000) - 30 }),
      clear: () => (fake.frozenHead = null),
    },
    async close() {
      await connector.dispose();
      await fake.close();
    },
  };
}
