/** Subgraph-backed 24h volume, funding history and the 90-day backfill (docs/venues/synfutures.md §6). */
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryWriter } from '../../../src/core/connector.js';
import type { Observed } from '../../contract/observe.js';
import type { FundingPoint, MarketStats } from '../../../src/core/types.js';
import { silentLogger, type Logger } from '../../../src/telemetry/logger.js';
import { until } from '../../contract/connector.contract.js';
import type { FakeBase } from '../../fakes/base/index.js';
import { row, seriesOf } from '../../fakes/base/scenario.js';
import { synUnderTest } from './setup.js';

let fake: FakeBase;
let c: Observed;
afterEach(async () => {
  await c?.dispose();
  await fake?.close();
});
const HOUR = 3_600_000;

class MemoryHistory implements HistoryWriter {
  readonly points = new Map<string, FundingPoint[]>();
  write(market: string, pts: FundingPoint[]): void {
    const cur = this.points.get(market) ?? [];
    const seen = new Set(cur.map((p) => p.time));
    this.points.set(
      market,
      [...cur, ...pts.filter((p) => !seen.has(p.time))].sort((a, b) => a.time - b.time),
    );
  }
  latestTime(market: string): number | null {
    return this.points.get(market)?.at(-1)?.time ?? null;
  }
  earliestTime(market: string): number | null {
    return this.points.get(market)?.[0]?.time ?? null;
  }
}

describe('SynFutures subgraph data', () => {
  it('24h volume in USD from the hourly AMM rows (a WETH-quoted market converted with the ETH mark)', async () => {
    ({ fake, connector: c } = await synUnderTest());
    await c.start({ emit: () => undefined });
    const btc = await until(async () => {
      const s = (await c.getStats(['synfutures:BTC-USD-PERP']))[0] as MarketStats;
      return s?.volume24hUsd ? s : null;
    }, 'volume');
    expect(btc.volume24hUsd).toBeCloseTo(24 * 400_000, 3);
    const [weth, eth] = (await c.getStats(['synfutures:BTC-ETH-PERP', 'synfutures:ETH-USD-PERP'])) as MarketStats[];
    expect(weth!.volume24hUsd).toBeCloseTo(24 * 13 * eth!.markPrice!, 3);
    expect(c.health().sources.find((s) => s.name === 'subgraph')?.status).toBe('AVAILABLE');
  });

  it('fundingHistory returns hourly per-side rates from the funding indexes; null when the subgraph is down', async () => {
    ({ fake, connector: c } = await synUnderTest());
    await c.start({ emit: () => undefined });
    const to = Date.now();
    const pts = (await c.fundingHistory('synfutures:BTC-USD-PERP', to - 48 * HOUR, to))!;
    expect(pts.length).toBeGreaterThanOrEqual(48);
    expect(pts.length).toBeLessThanOrEqual(49);
    const s = seriesOf(row('BTC-USDC-LINK'));
    for (const p of pts) {
      expect(p.longCostPerHour).toBeCloseTo(s.longCostPerHour, 12); // 0.0005 / 24, longs pay
      expect(p.shortCostPerHour).toBeCloseTo(s.shortCostPerHour, 12); // shorts receive it scaled by 35/28
      expect(p).toMatchObject({ intervalHours: 24, source: 'VENUE_HISTORY' });
      expect(p.time).toBeGreaterThanOrEqual(to - 48 * HOUR);
    }
    expect(await c.fundingHistory('synfutures:NOPE-USD-PERP', to - HOUR, to)).toBeNull();
    fake.subgraphDown = true;
    expect(await c.fundingHistory('synfutures:BTC-USD-PERP', to - 48 * HOUR, to)).toBeNull();
    expect(c.health().sources.find((x) => x.name === 'subgraph')).toMatchObject({ status: 'UNAVAILABLE' });
    expect(c.health().consecutiveFailures).toBe(0); // a secondary source never marks the RPC path failed
  });

  it('backfills 90 days of hourly history into the store, paged, with progress logged', async () => {
    const logs: Array<[string, Record<string, unknown> | undefined]> = [];
    const logger: Logger = { ...silentLogger, info: (m, f) => void logs.push([m, f]), child: () => logger };
    ({ fake, connector: c } = await synUnderTest({}, { logger }));
    const history = new MemoryHistory();
    await c.start({ emit: () => undefined, history });
    await until(() => logs.filter(([m]) => m === 'funding history backfill').length === 5, 'all five markets backfilled', 15_000);
    const btc = history.points.get('synfutures:BTC-USD-PERP')!;
    expect(btc.length).toBeGreaterThanOrEqual(90 * 24);
    expect(btc.length).toBeLessThanOrEqual(90 * 24 + 1);
    expect(Date.now() - btc[0]!.time).toBeLessThanOrEqual(90 * 24 * HOUR);
    expect(btc.every((p) => p.source === 'VENUE_HISTORY')).toBe(true);
    expect(logs.some(([m]) => m === 'funding history backfill page')).toBe(true); // 2160 rows take more than one 1000-row page
    expect(logs.find(([m, f]) => m === 'funding history backfill' && f?.['progress'] === '5/5')).toBeDefined();
  });
});
