import { connectorContract } from '../../contract/connector.contract.js';
import { synUnderTest } from './setup.js';

connectorContract('synfutures over the fake Base node', async () => {
  const { fake, connector } = await synUnderTest({ SYNFUTURES_RATE_LIMIT_PER_MIN: '600' }, { timeoutMs: 500 });
  return {
    connector,
    budgetPerMinute: 600,
    timeoutMs: 500,
    // Faults hit the primary path: the JSON-RPC endpoint of the Base node.
    fault: (f, times) => void fake.server.fault('/rpc', f, times),
    clearFaults: () => fake.server.clearFaults(),
    requestTimes: () => fake.server.requests.map((r) => r.time),
    dispose: async () => {
      await connector.dispose();
      await fake.close();
    },
  };
});
