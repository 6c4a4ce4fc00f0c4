/** Opt-in test against Base mainnet and the SynFutures subgraph: `npm run test:live` (LIVE=1). Never part of `npm test`. */
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { loadConfig } from '../../src/config/index.js';
import { DEFAULT_TIMINGS } from '../../src/core/cadence.js';
import type { WebSocketCtor } from '../../src/core/connector.js';
import type { FundingRate, OrderBook } from '../../src/core/types.js';
import { silentLogger } from '../../src/telemetry/logger.js';
import { createSynfuturesConnector } from '../../src/venues/synfutures/index.js';
import { until } from '../contract/connector.contract.js';
import { observe } from '../contract/observe.js';

describe.runIf(process.env.LIVE === '1')('SynFutures live (Base)', () => {
  it('discovers perpetuals on chain and serves LIVE continuous funding and a synthetic book', async () => {
    const c = observe(
      createSynfuturesConnector({
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
          return m.length > 0 ? m : null;
        },
        'markets',
        60_000,
      );
      expect(markets.every((m) => m.id.startsWith('synfutures:') && m.venueSymbol.split('-').length >= 3)).toBe(true);
      const id = markets.find((m) => m.id === 'synfutures:BTC-USD-PERP')?.id ?? markets[0]!.id;
      const [f] = await c.getFunding([id]);
      expect(f).toMatchObject({ model: 'CONTINUOUS_FUNDING', stamp: { source: 'LIVE' } });
      expect(Math.abs((f as FundingRate).rate!)).toBeLessThan(1);
      c.watchBook(id);
      const book = await until(
        async () => {
          const [b] = await c.getBooks([id], 5);
          return b instanceof Error ? null : (b as OrderBook);
        },
        'book',
        60_000,
      );
      expect(book.kind).toBe('ORDER_BOOK');
      expect(c.health().lastError?.code).not.toBe('INVALID_CONFIG');
    } finally {
      await c.dispose();
    }
  }, 120_000);
});
