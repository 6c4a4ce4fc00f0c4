import { connectorContract } from '../../contract/connector.contract.js';
import { startOracleKeeper } from '../../fakes/solana/scenario.js';
import { jupUnderTest } from './setup.js';

connectorContract('jupiter over the fake Solana node', async () => {
  const { fake, connector } = await jupUnderTest({}, { timeoutMs: 500 });
  startOracleKeeper(fake, 200);
  return {
    connector,
    budgetPerMinute: 600,
    timeoutMs: 500,
    // Faults hit the primary path: the Solana JSON-RPC endpoint (reconcile reads every 300 ms in tests).
    fault: (f, times) => void fake.server.fault('/rpc', f, times),
    clearFaults: () => fake.server.clearFaults(),
    requestTimes: () => fake.server.requests.filter((r) => r.path === '/rpc').map((r) => r.time),
    dispose: async () => {
      await connector.dispose();
      await fake.close();
    },
  };
});
