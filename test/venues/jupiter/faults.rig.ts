/** Jupiter's fault-matrix rig (test/faults/rig.ts): Solana RPC + account WebSocket; consistency fault a slot going backwards. */
import { loadConfig } from '../../../src/config/index.js';
import { createJupiterConnector } from '../../../src/venues/jupiter/index.js';
import { observe } from '../../contract/observe.js';
import { FakeSolana } from '../../fakes/solana/index.js';
import { ORACLES, SOL_ORACLE, seedDefault as seedSolana, setOraclePrice, startOracleKeeper } from '../../fakes/solana/scenario.js';
import { httpTransport, io, timings, wsTransport, type Rig } from '../../faults/rig.js';
import { seedApis } from './setup.js';

export async function rig(): Promise<Rig> {
  const fake = await FakeSolana.start();
  seedSolana(fake);
  seedApis(fake);
  const budget = 1200;
  const config = loadConfig({
    ...fake.env(),
    JUPITER_RATE_LIMIT_PER_MIN: String(budget),
    JUPITER_API_RATE_LIMIT_PER_MIN: '600',
    JUPITER_RECONCILE_MS: '300',
  });
  const connector = observe(createJupiterConnector({ io: io(), config, timings: timings(3000, 250), watchdogMs: 800, timeoutMs: 500 }));
  startOracleKeeper(fake, 200);
  const garbage = { on: false };
  let backwards = false;
  const ticker = setInterval(() => {
    if (garbage.on) for (const ws of fake.server.wss.clients) ws.send('{not json');
    // Slot going backwards: an old-slot notification with another price must never replace the held one.
    if (backwards) setOraclePrice(fake, SOL_ORACLE, ORACLES[SOL_ORACLE]!.price / 2n, { slot: fake.slot - 50 });
  }, 100);
  connector.watchBook('jupiter:SOL-USD-PERP');
  return {
    venue: 'jupiter',
    connector,
    preferred: 'WEBSOCKET',
    slaMs: 3000,
    budget,
    maxPerMinute: () => fake.server.maxInWindow(60_000),
    transports: [httpTransport('RPC', fake.server, ['/rpc']), wsTransport(fake.server, garbage)],
    consistency: {
      name: 'slot going backwards',
      inject: () => (backwards = true),
      clear: () => (backwards = false),
      counters: ['stream.olderSlotDropped'],
    },
    async close() {
      clearInterval(ticker);
      fake.stopKeeper();
      await connector.dispose();
      await fake.close();
    },
  };
}
