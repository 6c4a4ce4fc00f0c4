/** Aster's fault-matrix rig (test/faults/rig.ts): REST + WebSocket against FakeAster; consistency fault a broken `pu` chain. */
import { loadConfig } from '../../../src/config/index.js';
import { createAsterConnector } from '../../../src/venues/aster/index.js';
import { observe } from '../../contract/observe.js';
import { FakeAster } from '../../fakes/aster/index.js';
import { httpTransport, io, timings, wsTransport, type Rig } from '../../faults/rig.js';

export async function rig(): Promise<Rig> {
  const fake = await FakeAster.start();
  const budget = 1200;
  // Time scaled 10× through the venue's test knob: 120 requests per 6 s window (= the 1200/min budget counted over
  // 60 s below), so the venue's 60 s backoff after a 429 without Retry-After lasts 6 s here.
  const config = loadConfig({
    ASTER_REST_URL: fake.restUrl,
    ASTER_WS_URL: fake.wsUrl,
    ASTER_RATE_LIMIT_PER_MIN: String(budget / 10),
    ASTER_RATE_WINDOW_MS: '6000',
  });
  const connector = observe(createAsterConnector({ io: io(), config, timings: timings(8000, 200), watchdogMs: 600, timeoutMs: 500 }));
  const garbage = { on: false };
  let gap = false;
  const ticker = setInterval(() => {
    if (garbage.on) return void fake.server.broadcast('{not json');
    fake.pushMarks();
    fake.pushDiff('BTCUSDT', [], [], { gap });
  }, 100);
  connector.watchBook('aster:BTC-USD-PERP');
  return {
    venue: 'aster',
    connector,
    preferred: 'WEBSOCKET',
    // Above the connector's one mark/funding emit per symbol per 5 s from the stream (src/venues/aster/index.ts).
    slaMs: 8000,
    budget,
    maxPerMinute: () => fake.server.maxInWindow(60_000),
    transports: [httpTransport('REST', fake.server, ['/fapi']), wsTransport(fake.server, garbage)],
    consistency: { name: 'sequence gap', inject: () => (gap = true), clear: () => (gap = false) },
    async close() {
      clearInterval(ticker);
      await connector.dispose();
      await fake.close();
    },
  };
}
