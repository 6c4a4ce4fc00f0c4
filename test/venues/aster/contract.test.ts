import { connectorContract } from '../../contract/connector.contract.js';
import { asterUnderTest } from './setup.js';

connectorContract('aster over the fake fapi', async () => {
  const { fake, connector } = await asterUnderTest({ ASTER_RATE_LIMIT_PER_MIN: '240' });
  // Faults hit the REST polling path; the stream host refuses connections so REST is the data path.
  fake.server.refuseUpgrades = true;
  return {
    connector,
    budgetPerMinute: 240,
    timeoutMs: 500,
    fault: (f, times) => void fake.server.fault('/fapi/', f, times),
    clearFaults: () => fake.server.clearFaults(),
    requestTimes: () => fake.server.requests.map((r) => r.time),
    dispose: async () => {
      await connector.dispose();
      await fake.close();
    },
  };
});
