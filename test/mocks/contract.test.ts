/**
 * The shared connector contract, for the mock connector of every venue. There is no fake server behind a mock, so
 * `fault`/`requestTimes` are no-ops and the suite's network cases (5xx, 429, malformed, timeout, budget) do not apply.
 */
import type { Timings } from '../../src/core/cadence.js';
import { registry, VENUES } from '../../src/venues/registry.js';
import { createMockConnector } from '../../src/mocks/connector.js';
import { connectorContract } from '../contract/connector.contract.js';

const FAST: Timings = {
  FUNDING: { cadenceMs: 200, slaMs: 2000 },
  MARK: { cadenceMs: 100, slaMs: 2000 },
  DEPTH: { cadenceMs: 100, slaMs: 2000 },
  METADATA: { cadenceMs: 1000, slaMs: 5000 },
};

for (const venue of VENUES) {
  connectorContract(
    `mock ${venue} (shipped dataset)`,
    () => {
      const connector = createMockConnector(venue, { now: Date.now, timings: FAST, mock: registry[venue].mock });
      return Promise.resolve({
        connector,
        budgetPerMinute: 0,
        fault: () => undefined,
        clearFaults: () => undefined,
        requestTimes: () => [],
        dispose: () => connector.dispose(),
      });
    },
    { networked: false },
  );
}
