/**
 * Hyperliquid's fault-matrix rig (test/faults/rig.ts): `POST /info` + the `/ws` socket against FakeHyperliquid.
 * Consistency fault: l2Book snapshots whose venue time goes backwards (a minute old, at other prices, interleaved with
 * the current ones); the connector keeps the newest and counts the rest (docs/venues/hyperliquid.md §4).
 */
import { z } from 'zod';
import { loadConfig } from '../../../src/config/index.js';
import { hyperliquidEnv } from '../../../src/venues/hyperliquid/config.js';
import { createHyperliquidConnector } from '../../../src/venues/hyperliquid/index.js';
import { observe } from '../../contract/observe.js';
import { FakeHyperliquid } from '../../fakes/hyperliquid/index.js';
import { httpTransport, io, timings, wsTransport, type Rig } from '../../faults/rig.js';

const SLA_MS = 2000;

export async function rig(): Promise<Rig> {
  const fake = await FakeHyperliquid.start();
  // The venue's weight budget per minute: fast cadences poll metaAndAssetCtxs (weight 20) every 250 ms.
  const budget = 20_000;
  const env = z.object(hyperliquidEnv).parse({
    HYPERLIQUID_API_URL: fake.apiUrl,
    HYPERLIQUID_WS_URL: fake.wsUrl,
    HYPERLIQUID_RATE_LIMIT_PER_MIN: String(budget),
    HYPERLIQUID_DEPTH_COINS: '1',
  });
  const config = { ...loadConfig({}), ...env };
  const connector = observe(
    createHyperliquidConnector({ io: io(), config, timings: timings(SLA_MS, 250), watchdogMs: 800, timeoutMs: 500 }),
  );
  const garbage = { on: false };
  let backwards = false;
  const ticker = setInterval(() => {
    if (garbage.on) return void fake.pushRaw('{not json');
    const btc = fake.books.get('BTC')!;
    btc.time = Date.now();
    fake.pushBook('BTC');
    fake.pushMids();
    if (!backwards) return;
    const lv = (px: number) => ({ px: String(px), sz: '1', n: 1 });
    const old = { coin: 'BTC', time: btc.time - 60_000, levels: [[lv(1)], [lv(2)]] };
    fake.pushRaw(JSON.stringify({ channel: 'l2Book', data: old }));
  }, 100);
  connector.watchBook('hyperliquid:BTC-USD-PERP');
  return {
    venue: 'hyperliquid',
    connector,
    preferred: 'WEBSOCKET',
    slaMs: SLA_MS,
    budget,
    // Weight, as the venue charges it (§7), not request count.
    maxPerMinute: () => fake.maxWeightInWindow(60_000),
    transports: [httpTransport('REST', fake.server, ['/info']), wsTransport(fake.server, garbage)],
    consistency: {
      name: 'l2Book time going backwards',
      inject: () => (backwards = true),
      clear: () => (backwards = false),
      counters: ['olderBookDropped'],
    },
    async close() {
      clearInterval(ticker);
      await connector.dispose();
      await fake.close();
    },
  };
}
