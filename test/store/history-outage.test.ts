/**
 * PostgreSQL outage: the history database cut off behind a TCP proxy (real server), then back. Writes queue
 * (bounded; bound and drops reported), are written when it returns, and reads say how they were answered.
 * The buffer's own rules are also shown on an embedded store whose "connection" a test switches off.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Registry } from 'prom-client';
import type { FundingPoint } from '../../src/core/types.js';
import { BufferedHistoryStore, historyBufferStatus, isTransientStoreError } from '../../src/store/history-buffer.js';
import { PgHistoryStore } from '../../src/store/history-pg.js';
import { SqliteHistoryStore } from '../../src/store/history.js';
import { registerHistoryMetrics } from '../../src/telemetry/metrics.js';
import { openCuttableProxy } from '../faults/tcp-proxy.js';
import { testGateway } from '../gateway/harness.js';
import { dropPgSchema, PG_URL, serviceMissing, uniq } from '../scale/services.js';
import { M, NOW, sample } from './history.suite.js';
import { EXAMPLE_MARKET_ID } from '../../src/core/symbols.js';

const MKT = EXAMPLE_MARKET_ID;
/** One sample a minute; the rate is a function of the time, so a point is the same whichever batch makes it. */
const minutes = (start: number, count: number): FundingPoint[] =>
  Array.from({ length: count }, (_, i) => sample(start + i * M, 0.00001 * (1 + (((start + i * M) / M) % 7))));

/** SQLite whose "connection" can be switched off: calls then fail like a refused PostgreSQL connection. */
class SwitchableStore extends SqliteHistoryStore {
  down = false;
  writes = 0;
  private check(): void {
    if (this.down) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  }
  override write(market: string, points: FundingPoint[]): void {
    this.check();
    this.writes++;
    super.write(market, points);
  }
  override latestTime(...a: Parameters<SqliteHistoryStore['latestTime']>): number | null {
    this.check();
    return super.latestTime(...a);
  }
  protected override read(...a: Parameters<SqliteHistoryStore['readPoints']>) {
    this.check();
    return super.read(...a);
  }
}

describe('history write buffer (rules, on an embedded store switched off and on)', () => {
  it('queues while unreachable, drops the oldest past the bound, labels reads, then writes everything in order', async () => {
    const inner = new SwitchableStore(':memory:');
    const store = new BufferedHistoryStore(inner, { maxPoints: 50, retryMs: 10_000 });
    await store.write(MKT, minutes(NOW - 100 * M, 10));
    expect(store.status()).toMatchObject({ reachable: true, queuedPoints: 0, droppedPoints: 0 });

    inner.down = true;
    await store.write(MKT, minutes(NOW - 90 * M, 30));
    expect(store.status()).toMatchObject({ reachable: false, queuedPoints: 30, maxPoints: 50, droppedPoints: 0 });
    expect(store.status().lastError?.message).toContain('ECONNREFUSED');
    // Down: only the queued points are served, and the answer says so.
    const down = await store.query(MKT, NOW - 200 * M, NOW);
    expect(down).toMatchObject({ storage: 'UNAVAILABLE', pendingPoints: 30 });
    expect(down.points.map((p) => p.time)).toEqual(minutes(NOW - 90 * M, 30).map((p) => p.time));
    expect(await store.latestTime(MKT, 'GATEWAY_SAMPLED')).toBe(NOW - 61 * M);

    // 30 more: 60 > 50, so the 10 oldest queued are dropped and counted.
    await store.write(MKT, minutes(NOW - 60 * M, 30));
    expect(store.status()).toMatchObject({ queuedPoints: 50, droppedPoints: 10 });

    // Back, but not yet drained: stored and queued points are served together, labelled BUFFERING.
    inner.down = false;
    const mid = await store.query(MKT, NOW - 200 * M, NOW);
    expect(mid).toMatchObject({ storage: 'BUFFERING', pendingPoints: 50 });
    expect(mid.points).toHaveLength(60);

    await store.flush();
    expect(store.status()).toMatchObject({ reachable: true, queuedPoints: 0, droppedPoints: 10, flushedPoints: 50, outageSince: null });
    const after = await inner.query(MKT, NOW - 200 * M, NOW);
    const expected = [...minutes(NOW - 100 * M, 10), ...minutes(NOW - 80 * M, 20), ...minutes(NOW - 60 * M, 30)];
    expect(after.points.map((p) => [p.time, p.ratePerHour])).toEqual(expected.map((p) => [p.time, p.ratePerHour]));
    expect(await store.query(MKT, NOW - 200 * M, NOW)).toMatchObject({ storage: 'OK', pendingPoints: 0 });
    await store.close();
  });

  it('a rewrite of a queued point replaces it; a refusal of the data is not queued but counted', async () => {
    const inner = new SwitchableStore(':memory:');
    const store = new BufferedHistoryStore(inner, { maxPoints: 10, retryMs: 10_000 });
    inner.down = true;
    await store.write(MKT, [sample(NOW, 0.001)]);
    await store.write(MKT, [sample(NOW, 0.002)]);
    expect(store.status().queuedPoints).toBe(1);
    inner.down = false;
    await store.flush();
    expect((await inner.query(MKT, NOW - M, NOW)).points.map((p) => p.ratePerHour)).toEqual([0.002]);

    const refusing = new BufferedHistoryStore({
      ...inner,
      write: () => Promise.reject(Object.assign(new Error('value too long'), { code: '22001' })),
      close: () => undefined,
    } as unknown as SqliteHistoryStore);
    await expect(refusing.write(MKT, [sample(NOW, 0.001)])).rejects.toThrow('value too long');
    expect(refusing.status()).toMatchObject({ reachable: true, queuedPoints: 0, rejectedPoints: 1 });
    expect(isTransientStoreError(Object.assign(new Error('x'), { code: '57P01' }))).toBe(true);
    expect(isTransientStoreError(Object.assign(new Error('x'), { code: '08006' }))).toBe(true);
    expect(isTransientStoreError(Object.assign(new Error('x'), { code: '23505' }))).toBe(false);
    expect(isTransientStoreError(new Error('Connection terminated unexpectedly'))).toBe(true);
    await store.close();
  });

  it('retries on its own with backoff and reports the buffer in /metrics and /readyz', async () => {
    const inner = new SwitchableStore(':memory:');
    const store = new BufferedHistoryStore(inner, { maxPoints: 20, retryMs: 20, maxRetryMs: 40 });
    const gw = await testGateway({ PERP_CONNECTOR_MODE: 'mock' }, { history: store });
    try {
      inner.down = true;
      await store.write(MKT, minutes(NOW, 25));
      const ready = (await (await fetch(`${gw.url}/readyz`)).json()) as { history: Record<string, unknown> };
      expect(ready.history).toMatchObject({ reachable: false, queuedPoints: 20, maxPoints: 20, droppedPoints: 5 });
      const text = await (await fetch(`${gw.url}/metrics`)).text();
      expect(text).toMatch(/^perp_history_reachable 0$/m);
      expect(text).toMatch(/^perp_history_buffer_points 20$/m);
      expect(text).toMatch(/^perp_history_buffer_max_points 20$/m);
      expect(text).toMatch(/^perp_history_buffer_dropped_total 5$/m);
      const before = inner.writes;
      inner.down = false;
      await vi.waitFor(() => expect(store.status().queuedPoints).toBe(0), { timeout: 5000, interval: 20 });
      expect(inner.writes).toBeGreaterThan(before);
      expect((await inner.query(MKT, NOW, NOW + 30 * M)).points).toHaveLength(20);
      expect(historyBufferStatus(store)).toMatchObject({ reachable: true, flushedPoints: 20 });
      const reg = new Registry();
      registerHistoryMetrics(reg, () => store.status());
      expect(await reg.metrics()).toMatch(/^perp_history_buffer_flushed_total 20$/m);
    } finally {
      await gw.close();
    }
  });
});

const pgMissing = await serviceMissing('postgres');

describe.skipIf(pgMissing !== null)('PostgreSQL outage (real server behind a proxy the test cuts)', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  it('no crash, writes queued (bounded) during the cut, all written after it returns, reads labelled', async () => {
    const target = new URL(PG_URL);
    const proxy = await openCuttableProxy(Number(target.port || 5432), target.hostname);
    cleanup.push(() => proxy.close());
    const schema = uniq('outage');
    cleanup.push(() => dropPgSchema(schema));
    const via = new URL(PG_URL);
    via.host = `127.0.0.1:${proxy.port}`;
    const poolErrors: Error[] = [];
    const pgStore = new PgHistoryStore(via.toString(), { schema, connectionTimeoutMillis: 1000, onError: (e) => poolErrors.push(e) });
    const store = new BufferedHistoryStore(pgStore, { maxPoints: 500, retryMs: 50, maxRetryMs: 200 });
    cleanup.push(() => store.close());

    await store.write(MKT, minutes(NOW - 300 * M, 100));
    expect(store.status()).toMatchObject({ reachable: true, queuedPoints: 0 });

    await proxy.cut();
    const cutAt = Date.now();
    // One write a "minute" for the cut, as the sampler would; none throws.
    for (let i = 0; i < 4; i++) await store.write(MKT, minutes(NOW - 200 * M + i * 50 * M, 50));
    expect(store.status()).toMatchObject({ reachable: false, queuedPoints: 200, maxPoints: 500, droppedPoints: 0 });
    const down = await store.query(MKT, NOW - 400 * M, NOW);
    expect(down).toMatchObject({ storage: 'UNAVAILABLE', pendingPoints: 200 });
    expect(down.points).toHaveLength(200);
    // Retries keep failing while cut (several backoff rounds); nothing queued is lost meanwhile.
    await new Promise((r) => setTimeout(r, Math.max(0, 1500 - (Date.now() - cutAt))));
    expect(store.status()).toMatchObject({ reachable: false, queuedPoints: 200, flushedPoints: 0 });

    await proxy.restore();
    await vi.waitFor(() => expect(store.status().queuedPoints).toBe(0), { timeout: 15_000, interval: 50 });
    expect(store.status()).toMatchObject({ reachable: true, droppedPoints: 0, rejectedPoints: 0, flushedPoints: 200 });

    // Straight to the server, not through the proxy or the buffer: every point is there with its value.
    const direct = new PgHistoryStore(PG_URL, { schema });
    cleanup.push(async () => direct.close());
    const stored = await direct.query(MKT, NOW - 400 * M, NOW);
    const expected = [...minutes(NOW - 300 * M, 100), ...[0, 1, 2, 3].flatMap((i) => minutes(NOW - 200 * M + i * 50 * M, 50))];
    expect(stored.points.map((p) => [p.time, p.ratePerHour])).toEqual(expected.map((p) => [p.time, p.ratePerHour]));
    expect(await store.query(MKT, NOW - 400 * M, NOW)).toMatchObject({ storage: 'OK', pendingPoints: 0 });
  }, 30_000);
});
