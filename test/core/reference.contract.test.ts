import { WebSocket } from 'ws';
import { silentLogger } from '../../src/telemetry/logger.js';
import { connectorContract } from '../contract/connector.contract.js';
import { createReferenceConnector, seedReferenceFake } from '../contract/reference-connector.js';
import { startFake } from '../fakes/server.js';

connectorContract('reference REST connector over the generic fake', async () => {
  const fake = await startFake();
  seedReferenceFake(fake);
  const budgetPerMinute = 120;
  const connector = createReferenceConnector({
    io: { fetch, WebSocket: WebSocket as never, now: Date.now, logger: silentLogger },
    baseUrl: fake.url,
    budgetPerMinute,
    timeoutMs: 500,
    timings: {
      FUNDING: { cadenceMs: 150, slaMs: 2000 },
      MARK: { cadenceMs: 150, slaMs: 2000 },
      DEPTH: { cadenceMs: 150, slaMs: 2000 },
      METADATA: { cadenceMs: 300, slaMs: 5000 },
    },
  });
  return {
    connector,
    budgetPerMinute,
    timeoutMs: 500,
    fault: (f, times) => void fake.fault('', f, times),
    clearFaults: () => fake.clearFaults(),
    requestTimes: () => fake.requests.map((r) => r.time),
    dispose: async () => {
      await connector.dispose();
      await fake.close();
    },
  };
});
