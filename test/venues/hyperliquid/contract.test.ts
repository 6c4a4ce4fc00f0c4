import { connectorContract } from '../../contract/connector.contract.js';
import { hyperliquidUnderTest } from './setup.js';

connectorContract('hyperliquid over the fake /info', async () => {
  const { fake, connector } = await hyperliquidUnderTest();
  // Faults hit the REST path; the socket host refuses connections so REST carries books and mids too.
  fake.server.refuseUpgrades = true;
  return {
    connector,
    budgetPerMinute: 20_000,
    timeoutMs: 500,
    fault: (f, times) => void fake.server.fault('/info', f, times),
    clearFaults: () => fake.clearFaults(),
    requestTimes: () => fake.server.requests.map((r) => r.time),
    dispose: async () => {
      await connector.dispose();
      await fake.close();
    },
  };
});
