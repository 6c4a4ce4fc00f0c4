/**
 * The gateway under benchmark, in its own process. BENCH_FEED=1 replaces the live Aster connector by a synthetic
 * venue stream that emits one book for aster:BTC-USD-PERP BENCH_RATE times a second (default 10) with its emit time in
 * `sequence`, so subscribers can measure update→client latency. Prints `READY <url>`.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { loadConfig } from '../../src/config/index.js';
import type { WebSocketCtor } from '../../src/core/connector.js';
import { defineConnector } from '../../src/core/template.js';
import { startGateway } from '../../src/gateway/server.js';
import { silentLogger } from '../../src/telemetry/logger.js';
import type { VenueFactory } from '../../src/venues/factory.js';

const feedFactory: VenueFactory = ({ io, timings }) =>
  defineConnector({ venue: 'aster', io, budgetPerMinute: 60, preferredTransport: 'WEBSOCKET', timings }, (kit) => {
    const id = 'aster:BTC-USD-PERP';
    let timer: NodeJS.Timeout | null = null;
    let n = 0;
    return {
      jobs: [],
      afterStart() {
        kit.emit({
          type: 'metadata',
          venue: 'aster',
          asOf: Date.now(),
          source: 'LIVE',
          markets: [
            {
              id,
              venue: 'aster',
              symbol: 'BTC-USD',
              venueSymbol: 'BTCUSDT',
              baseAsset: 'BTC',
              quoteAsset: 'USD',
              variant: null,
              marginAssets: ['USDT'],
              fees: { maker: 0.0001, taker: 0.00035, source: 'DEFAULT_SCHEDULE', note: null },
              marketHours: { isOpen: true, nextOpen: null, nextClose: null },
              tickSize: 0.1,
              stepSize: 0.001,
              minNotional: 5,
              maxLeverage: null,
              leverageTiers: null,
              risk: {
                initialMarginRate: null,
                maintenanceMarginRate: null,
                liquidationThreshold: null,
                insuranceFund: { balanceUsd: null, status: 'NOT_PUBLISHED', source: 'bench' },
              },
              flags: [],
              missing: [],
            },
          ],
        });
        const paused = process.env.BENCH_FEED_PAUSED === '1';
        timer = setInterval(
          () => {
            if (paused) return;
            n++;
            const mid = 100_000 + (n % 50);
            const lv = (p: number, s: number, cum: number) => ({ price: p, size: s, sizeUsd: p * s, cumulativeSizeUsd: cum + p * s });
            const bids = [lv(mid - 0.5, 1.2, 0), lv(mid - 1, 2, 0), lv(mid - 1.5, 3, 0), lv(mid - 2, 1, 0), lv(mid - 2.5, 4, 0)];
            const asks = [lv(mid + 0.5, 1.1, 0), lv(mid + 1, 2.2, 0), lv(mid + 1.5, 0.7, 0), lv(mid + 2, 5, 0), lv(mid + 2.5, 1, 0)];
            kit.emit({
              type: 'book',
              venue: 'aster',
              book: {
                market: id,
                venue: 'aster',
                kind: 'ORDER_BOOK',
                model: null,
                pricesIncludeFees: false,
                bids,
                asks,
                midPrice: mid,
                spreadBps: 0.1,
                sequence: String(Date.now()),
                stamp: { asOf: Date.now(), slaMs: 30_000, source: 'LIVE' },
              },
            });
          },
          1000 / Number(process.env.BENCH_RATE ?? 10),
        );
      },
      dispose() {
        if (timer) clearInterval(timer);
      },
    };
  });

const feed = process.env.BENCH_FEED === '1';
// Cadences and other PERP_* settings pass through (the soak sets the mock replay's cadences).
const passed = Object.fromEntries(Object.entries(process.env).filter(([k, v]) => k.startsWith('PERP_') && v !== undefined)) as Record<
  string,
  string
>;
const config = loadConfig({
  ...passed,
  PERP_LOG_LEVEL: 'silent',
  PERP_DB_PATH: ':memory:',
  PERP_HTTP_RATE_LIMIT_PER_MIN: '0',
  PERP_CONNECTOR_MODE: feed ? 'live' : 'mock',
  ...(feed ? { PERP_VENUES: 'aster' } : {}),
  ...(process.env.PERP_RESPONSE_CACHE_MS ? { PERP_RESPONSE_CACHE_MS: process.env.PERP_RESPONSE_CACHE_MS } : {}),
});
const gw = await startGateway({
  config,
  io: { fetch, WebSocket: WebSocket as unknown as WebSocketCtor, now: Date.now, logger: silentLogger },
  ...(feed ? { factories: { aster: feedFactory } } : {}),
  port: 0,
});
process.stdout.write(`READY ${gw.url}\n`);
if (process.env.BENCH_STATS === '1') {
  // Soak: event-loop delay (p99 and max over each 10 s) and RSS, one line per period.
  const eld = monitorEventLoopDelay({ resolution: 10 });
  eld.enable();
  setInterval(() => {
    const line = {
      t: Date.now(),
      rssKb: Math.round(process.memoryUsage().rss / 1024),
      eldP99Ms: eld.percentile(99) / 1e6,
      eldMaxMs: eld.max / 1e6,
    };
    eld.reset();
    process.stdout.write(`STATS ${JSON.stringify({ ...line, subscribers: gw.fanout.stats.subscribers })}\n`);
  }, 10_000).unref();
}
process.on('SIGTERM', () => void gw.close().then(() => process.exit(0)));
