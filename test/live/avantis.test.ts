/** Opt-in test against the real Avantis data API, its Socket.IO feed and Pyth Hermes: `npm run test:live` (LIVE=1). Never part of `npm test`. */
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { loadConfig } from '../../src/config/index.js';
import { DEFAULT_TIMINGS } from '../../src/core/cadence.js';
import type { WebSocketCtor } from '../../src/core/connector.js';
import type { FundingRate, MarketStats, OrderBook } from '../../src/core/types.js';
import { silentLogger } from '../../src/telemetry/logger.js';
import { createAvantisConnector } from '../../src/venues/avantis/index.js';
import { until } from '../contract/connector.contract.js';
import { observe } from '../contract/observe.js';

describe.runIf(process.env.LIVE === '1')('Avantis live (data API + Socket.IO + Pyth Hermes)', () => {
  it('serves LIVE per-side funding + borrow, an oracle mark and a synthetic book for ETH', async () => {
    const c = observe(
      createAvantisConnector({
        io: { fetch, WebSocket: WebSocket as unknown as WebSocketCtor, now: Date.now, logger: silentLogger },
        config: loadConfig({}),
        timings: DEFAULT_TIMINGS,
        watchdogMs: 60_000,
        timeoutMs: 15_000,
      }),
    );
    try {
      await c.start({ emit: () => undefined });
      const markets = await until(async () => ((await c.listMarkets()).length > 0 ? c.listMarkets() : null), 'markets', 60_000);
      expect(markets.some((m) => m.id === 'avantis:ETH-USD-PERP')).toBe(true);
      const [f] = await c.getFunding(['avantis:ETH-USD-PERP']);
      expect(f).toMatchObject({ model: 'FUNDING_PLUS_BORROW', stamp: { source: 'LIVE' } });
      const fr = f as FundingRate;
      expect(fr.longBorrowRatePerHour).toBeGreaterThanOrEqual(0);
      expect(Math.abs(fr.longRatePerHour ?? 0)).toBeLessThan(0.01);
      const s = await until(
        async () => {
          const [x] = await c.getStats(['avantis:ETH-USD-PERP']);
          return x instanceof Error ? null : (x as MarketStats);
        },
        'oracle mark',
        60_000,
      );
      expect(s.markPrice).toBeGreaterThan(100);
      const [b] = await c.getBooks(['avantis:ETH-USD-PERP'], 5);
      expect((b as OrderBook).kind).toBe('SYNTHETIC');
      // The seed's GraphQL endpoint is expected not to exist: it must be reported, not substituted.
      const gqlSource = c.health().sources.find((x) => x.name === 'graphql-analytics');
      expect(gqlSource?.status === 'UNAVAILABLE' ? gqlSource.reason : 'available').toBeTruthy();
    } finally {
      await c.dispose();
    }
  }, 120_000);
});
