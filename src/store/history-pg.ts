/**
 * PostgreSQL funding history for scale-out (same interface and semantics as the SQLite store): versioned
 * migrations, tables funding_history and funding_history_hourly, hourly downsampling past 7 days, 90-day retention.
 * Shared by every replica; survives restarts.
 */
import pg from 'pg';
import type { FundingPoint, HistorySource } from '../core/types.js';
import { DAY_MS, HOUR_MS, summarizeHistory, type FundingHistoryModel, type HistoryStore } from './history.js';

const MIGRATIONS: string[] = [
  `CREATE TABLE IF NOT EXISTS funding_history (
     market TEXT NOT NULL, time BIGINT NOT NULL, source TEXT NOT NULL,
     rate DOUBLE PRECISION, interval_hours DOUBLE PRECISION, rate_per_hour DOUBLE PRECISION NOT NULL,
     long_cost DOUBLE PRECISION, short_cost DOUBLE PRECISION, long_borrow DOUBLE PRECISION, short_borrow DOUBLE PRECISION,
     PRIMARY KEY (market, source, time));
   CREATE TABLE IF NOT EXISTS funding_history_hourly (
     market TEXT NOT NULL, hour BIGINT NOT NULL, source TEXT NOT NULL,
     mean DOUBLE PRECISION NOT NULL, min DOUBLE PRECISION NOT NULL, max DOUBLE PRECISION NOT NULL, last DOUBLE PRECISION NOT NULL, n INTEGER NOT NULL,
     long_cost_mean DOUBLE PRECISION, short_cost_mean DOUBLE PRECISION,
     PRIMARY KEY (market, source, hour));`,
];

const n = (x: unknown): number | null => (x === null || x === undefined ? null : Number(x));

export class PgHistoryStore implements HistoryStore {
  readonly pool: pg.Pool;
  private ready: Promise<void>;

  /** `schema` isolates tests (search_path); default public. */
  constructor(
    url: string,
    private readonly schema = 'public',
  ) {
    this.pool = new pg.Pool({ connectionString: url, max: 4 });
    this.pool.on('connect', (c) => void c.query(`SET search_path TO ${schema}`));
    this.ready = this.migrate();
  }

  private async migrate(): Promise<void> {
    const c = await this.pool.connect();
    try {
      await c.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      await c.query(`SET search_path TO ${this.schema}`);
      await c.query('SELECT pg_advisory_lock(7411)');
      await c.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)');
      const done = new Set((await c.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
      for (let i = 0; i < MIGRATIONS.length; i++) {
        if (done.has(i + 1)) continue;
        await c.query('BEGIN');
        await c.query(MIGRATIONS[i]!);
        await c.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [i + 1, Date.now()]);
        await c.query('COMMIT');
      }
      await c.query('SELECT pg_advisory_unlock(7411)');
    } finally {
      c.release();
    }
  }

  async schemaVersion(): Promise<number> {
    await this.ready;
    return Number((await this.pool.query('SELECT MAX(version) AS v FROM schema_migrations')).rows[0].v);
  }

  async write(market: string, points: FundingPoint[]): Promise<void> {
    await this.ready;
    const ok = points.filter((p) => Number.isFinite(p.ratePerHour) && Number.isFinite(p.time));
    if (ok.length === 0) return;
    const vals: unknown[] = [];
    const rows = ok.map((p, i) => {
      vals.push(
        market,
        p.time,
        p.source,
        p.rate,
        p.intervalHours,
        p.ratePerHour,
        p.longCostPerHour,
        p.shortCostPerHour,
        p.longBorrowPerHour,
        p.shortBorrowPerHour,
      );
      const b = i * 10;
      return `($${b + 1},$${b + 2},$${b + 3},$${b + 4},$${b + 5},$${b + 6},$${b + 7},$${b + 8},$${b + 9},$${b + 10})`;
    });
    await this.pool.query(
      `INSERT INTO funding_history (market, time, source, rate, interval_hours, rate_per_hour, long_cost, short_cost, long_borrow, short_borrow)
       VALUES ${rows.join(',')} ON CONFLICT (market, source, time) DO UPDATE SET rate = EXCLUDED.rate, rate_per_hour = EXCLUDED.rate_per_hour,
       long_cost = EXCLUDED.long_cost, short_cost = EXCLUDED.short_cost, long_borrow = EXCLUDED.long_borrow, short_borrow = EXCLUDED.short_borrow`,
      vals,
    );
  }

  private async one(sql: string, args: unknown[]): Promise<number | null> {
    await this.ready;
    return n((await this.pool.query(sql, args)).rows[0]?.t);
  }

  async latestTime(market: string, source: HistorySource): Promise<number | null> {
    return (
      (await this.one('SELECT MAX(time) AS t FROM funding_history WHERE market = $1 AND source = $2', [market, source])) ??
      this.one('SELECT MAX(hour) AS t FROM funding_history_hourly WHERE market = $1 AND source = $2', [market, source])
    );
  }

  async earliestTime(market: string, source: HistorySource): Promise<number | null> {
    const a = await this.one('SELECT MIN(time) AS t FROM funding_history WHERE market = $1 AND source = $2', [market, source]);
    const b = await this.one('SELECT MIN(hour) AS t FROM funding_history_hourly WHERE market = $1 AND source = $2', [market, source]);
    return a === null ? b : b === null ? a : Math.min(a, b);
  }

  async range(market: string, from: number, to: number): Promise<FundingHistoryModel> {
    await this.ready;
    const has = async (src: HistorySource) =>
      (
        await this.pool.query('SELECT 1 FROM funding_history WHERE market = $1 AND source = $2 AND time BETWEEN $3 AND $4 LIMIT 1', [
          market,
          src,
          from,
          to,
        ])
      ).rowCount! > 0 ||
      (
        await this.pool.query('SELECT 1 FROM funding_history_hourly WHERE market = $1 AND source = $2 AND hour BETWEEN $3 AND $4 LIMIT 1', [
          market,
          src,
          from - HOUR_MS,
          to,
        ])
      ).rowCount! > 0;
    const source: HistorySource = (await has('VENUE_HISTORY')) ? 'VENUE_HISTORY' : 'GATEWAY_SAMPLED';
    const hourly = (
      await this.pool.query(
        'SELECT hour, mean, long_cost_mean, short_cost_mean FROM funding_history_hourly WHERE market = $1 AND source = $2 AND hour BETWEEN $3 AND $4 ORDER BY hour',
        [market, source, from - HOUR_MS, to],
      )
    ).rows.map((r) => ({
      time: Math.max(Number(r.hour), from),
      ratePerHour: Number(r.mean),
      annualizedRate: 0,
      rate: null,
      longCostPerHour: n(r.long_cost_mean),
      shortCostPerHour: n(r.short_cost_mean),
      spanMs: HOUR_MS,
    }));
    const raw = (
      await this.pool.query(
        'SELECT time, rate, interval_hours, rate_per_hour, long_cost, short_cost FROM funding_history WHERE market = $1 AND source = $2 AND time BETWEEN $3 AND $4 ORDER BY time',
        [market, source, from, to],
      )
    ).rows.map((r) => ({
      time: Number(r.time),
      ratePerHour: Number(r.rate_per_hour),
      annualizedRate: 0,
      rate: n(r.rate),
      longCostPerHour: n(r.long_cost),
      shortCostPerHour: n(r.short_cost),
      ...(source === 'VENUE_HISTORY' && r.interval_hours ? { spanMs: Number(r.interval_hours) * HOUR_MS } : {}),
    }));
    return summarizeHistory(market, source, from, to, [...hourly, ...raw]);
  }

  async downsample(now: number): Promise<void> {
    await this.ready;
    const cutoff = Math.floor((now - 7 * DAY_MS) / HOUR_MS) * HOUR_MS;
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      await c.query(
        `INSERT INTO funding_history_hourly (market, hour, source, mean, min, max, last, n, long_cost_mean, short_cost_mean)
         SELECT market, (time / ${HOUR_MS}) * ${HOUR_MS}, source, AVG(rate_per_hour), MIN(rate_per_hour), MAX(rate_per_hour),
                (ARRAY_AGG(rate_per_hour ORDER BY time DESC))[1], COUNT(*), AVG(long_cost), AVG(short_cost)
         FROM funding_history WHERE time < $1 GROUP BY market, source, time / ${HOUR_MS}
         ON CONFLICT (market, source, hour) DO UPDATE SET mean = EXCLUDED.mean, min = EXCLUDED.min, max = EXCLUDED.max, last = EXCLUDED.last, n = EXCLUDED.n`,
        [cutoff],
      );
      await c.query('DELETE FROM funding_history WHERE time < $1', [cutoff]);
      await c.query('DELETE FROM funding_history_hourly WHERE hour < $1', [now - 90 * DAY_MS]);
      await c.query('COMMIT');
    } catch (err) {
      await c.query('ROLLBACK');
      throw err;
    } finally {
      c.release();
    }
  }

  async close(): Promise<void> {
    await this.ready.catch(() => undefined);
    await this.pool.end();
  }
}
