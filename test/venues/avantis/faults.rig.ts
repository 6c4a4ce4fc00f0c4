/**
 * Avantis' fault-matrix rig (test/faults/rig.ts): REST + Socket.IO against FakeAvantis; consistency fault a diff on a
 * fresh socket before the snapshot fetch answers.
 */
import { loadConfig } from '../../../src/config/index.js';
import { createAvantisConnector } from '../../../src/venues/avantis/index.js';
import { observe } from '../../contract/observe.js';
import { FakeAvantis } from '../../fakes/avantis/index.js';
import { httpTransport, io, timings, type Rig, type TransportRig } from '../../faults/rig.js';

export async function rig(): Promise<Rig> {
  const fake = await FakeAvantis.start();
  const budget = 600;
  const config = loadConfig({ ...fake.env(), AVANTIS_RATE_LIMIT_PER_MIN: String(budget) });
  const connector = observe(createAvantisConnector({ io: io(), config, timings: timings(2000, 200), watchdogMs: 1000, timeoutMs: 500 }));
  let rate = 0.004;
  let stalled = false;
  const ticker = setInterval(() => {
    if (stalled) return;
    rate = rate === 0.004 ? 0.0041 : 0.004;
    fake.emitDiff({ pairInfos: { '1': { fundingRate: { long: rate, short: -rate } } } });
  }, 150);
  // Socket.IO transport: connection refusals stand for 429/5xx/timeout at the handshake.
  let dropper: NodeJS.Timeout | null = null;
  let garbage: NodeJS.Timeout | null = null;
  const stream: TransportRig = {
    name: 'STREAM',
    inject(f) {
      if (f === 'malformed body') garbage = setInterval(() => fake.emitRaw('{not json'), 100);
      else if (f === 'dropped socket') dropper = setInterval(() => fake.dropSockets(), 300);
      else if (f === 'silent stall') stalled = true;
      else {
        fake.refuseSocket = true;
        fake.dropSockets();
      }
    },
    clear() {
      fake.refuseSocket = false;
      stalled = false;
      for (const t of [dropper, garbage]) if (t) clearInterval(t);
      dropper = garbage = null;
    },
  };
  return {
    venue: 'avantis',
    connector,
    preferred: 'WEBSOCKET',
    slaMs: 2000,
    budget,
    maxPerMinute: () => fake.data.maxInWindow(60_000),
    transports: [httpTransport('REST', fake.data, ['/v2', '/v1', '/socket-api']), stream],
    consistency: {
      // A diff arriving on a fresh socket before the snapshot fetch answers: it must not be merged into nothing.
      name: 'Socket.IO diff before snapshot',
      inject() {
        fake.data.fault('/v2/trading', { kind: 'slow', ms: 400 }, Infinity);
        fake.dropSockets();
      },
      clear() {
        fake.data.clearFaults();
      },
    },
    async close() {
      clearInterval(ticker);
      await connector.dispose();
      await fake.close();
    },
  };
}
