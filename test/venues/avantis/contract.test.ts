import { connectorContract } from '../../contract/connector.contract.js';
import { avantisUnderTest } from './setup.js';

connectorContract('avantis over the fake data API', async () => {
  // The socket is refused so the data API (REST) is the data path the faults hit; Hermes is a separate host.
  const { fake, connector } = await avantisUnderTest({ AVANTIS_RATE_LIMIT_PER_MIN: '600' }, { before: (f) => (f.refuseSocket = true) });
  return {
    connector,
    budgetPerMinute: 600,
    timeoutMs: 500,
    fault: (f, times) => void fake.data.fault('', f, times),
    clearFaults: () => fake.data.clearFaults(),
    requestTimes: () => fake.data.requests.map((r) => r.time),
    dispose: async () => {
      await connector.dispose();
      await fake.close();
    },
  };
});
