/** Opt-in test against the real Hyperliquid API: `npm run test:live` (LIVE=1). Never part of `npm test`. */
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { z } from 'zod';
import { loadConfig } from '../../src/config/index.js';
import { DEFAULT_TIMINGS } from '../../src/core/cadence.js';
import type { WebSocketCtor } from '../../src/core/connector.js';
import type { OrderBook } from '../../src/core/types.js';
import { silentLogger } from '../../src/telemetry/logger.js';
import { hyperliquidEnv } from '../../src/venues/hyperliquid/config.js';
import { createHyperliquidConnector } from '../../src/venues/hyperliquid/index.js';
import { until } from '../contract/connector.contract.js';
import { observe } from '../contract/observe.js';

const BTC = 'hyperliquid:BTC-USD-PERP';

describe.runIf(process.env.LIVE === '1')('Hyperliquid live', () => {
  it('lists BTC with hourly funding, tiers and a streamed book, and pages a day of history', async () => {
    const c = observe(
      createHyperliquidConnector({
        io: { fetch, WebSocket: WebSocket as unknown as WebSocketCtor, now: Date.now, logger: silentLogger },
        config: { ...loadConfig({}), ...z.object(hyperliquidEnv).parse({}) },
        timings: DEFAULT_TIMINGS,
        watchdogMs: 15_000,
        timeoutMs: 10_000,
      }),
    );
    await c.start({ emit: () => undefined });
    await until(async () => !((await c.getFunding([BTC]))[0] instanceof Error), 'BTC funding', 30_000);
    const [f] = await c.getFunding([BTC]);
    expect(f).toMatchObject({ model: 'PERIODIC_FUNDING', intervalHours: 1, intervalSource: 'VENUE_API', capRate: 0.04 });
    const btc = (await c.listMarkets()).find((m) => m.id === BTC)!;
    expect(btc.marginAssets).toEqual(['USDC']);
    expect(btc.leverageTiers!.length).toBeGreaterThanOrEqual(1);
    const book = await until(
      async () => {
        const [b] = await c.getBooks([BTC], 5);
        return !(b instanceof Error) && b!.bids.length > 0 ? (b as OrderBook) : null;
      },
      'BTC book',
      30_000,
    );
    expect(book.bids[0]!.price).toBeLessThan(book.asks[0]!.price);
    const now = Date.now();
    const pts = (await c.fundingHistory(BTC, now - 86_400_000, now))!;
    expect(pts.length).toBeGreaterThanOrEqual(23);
    expect(pts.every((p) => p.source === 'VENUE_HISTORY')).toBe(true);
    await c.dispose();
  });
});
