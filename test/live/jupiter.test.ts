/** Opt-in test against Solana mainnet and the Jupiter APIs: `npm run test:live` (LIVE=1). Never part of `npm test`. */
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { loadConfig } from '../../src/config/index.js';
import { DEFAULT_TIMINGS } from '../../src/core/cadence.js';
import type { WebSocketCtor } from '../../src/core/connector.js';
import type { FundingRate, MarketStats, OrderBook } from '../../src/core/types.js';
import { silentLogger } from '../../src/telemetry/logger.js';
import { createJupiterConnector } from '../../src/venues/jupiter/index.js';
import { until } from '../contract/connector.contract.js';
import { observe } from '../contract/observe.js';

describe.runIf(process.env.LIVE === '1')('Jupiter Perps live (Solana mainnet)', () => {
  it('decodes the real custodies and oracles and serves LIVE borrow-fee carry, marks and a synthetic book', async () => {
    const c = observe(
      createJupiterConnector({
        io: { fetch, WebSocket: WebSocket as unknown as WebSocketCtor, now: Date.now, logger: silentLogger },
        config: loadConfig({}),
        timings: DEFAULT_TIMINGS,
        watchdogMs: 15_000,
        timeoutMs: 15_000,
      }),
    );
    try {
      await c.start({ emit: () => undefined });
      const markets = await until(
        async () => {
          const m = await c.listMarkets();
          return m.length >= 3 ? m : null;
        },
        'markets',
        60_000,
      );
      const ids = markets.map((m) => m.id);
      expect(ids).toEqual(expect.arrayContaining(['jupiter:SOL-USD-PERP', 'jupiter:ETH-USD-PERP', 'jupiter:BTC-USD-PERP']));
      const [f] = await c.getFunding(['jupiter:SOL-USD-PERP']);
      expect(f).toMatchObject({ model: 'BORROW_FEE', rate: null, stamp: { source: 'LIVE' } });
      const fr = f as FundingRate;
      // Borrow rates are a cost for both sides, well under 1 % per hour.
      expect(fr.longBorrowRatePerHour!).toBeGreaterThan(0);
      expect(fr.longBorrowRatePerHour!).toBeLessThan(0.01);
      expect(fr.shortBorrowRatePerHour!).toBeGreaterThan(0);
      const [s] = await c.getStats(['jupiter:SOL-USD-PERP']);
      expect((s as MarketStats).markPrice!).toBeGreaterThan(1);
      const [b] = await c.getBooks(['jupiter:SOL-USD-PERP'], 5);
      expect((b as OrderBook).kind).toBe('SYNTHETIC');
      expect((b as OrderBook).asks.length).toBeGreaterThan(0);
      expect(c.health().counters['decode.errors'] ?? 0).toBe(0);
    } finally {
      await c.dispose();
    }
  }, 120_000);
});
