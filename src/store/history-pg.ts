/**
 * PostgreSQL funding history for scale-out (same interface and semantics as the SQLite store): versioned
 * migrations, tables funding_history and funding_history_hourly, hourly downsampling past 7 days, 90-day retention.
 * Shared by every replica; survives restarts.
 */
import pg from 'pg';
import type { FundingPoint, HistorySource } from '../core/types.js';
import {
  aggregateHourly,
  aggregateParams,
  aggregateToPoint,
  HistoryStoreBase,
  HOUR_MS,
  MAX_RETENTION_MS,
  RAW_RETENTION_MS,
  type HourlyAggregate,
  type StoredPoint,
} from './history-core.js';

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
  // v2: as SQLite v2 (history.ts): aggregates keep their last point, published rate and exact coverage.
  `ALTER TABLE funding_history_hourly ADD COLUMN IF NOT EXISTS time_last BIGINT,
     ADD COLUMN IF NOT EXISTS covered_ms BIGINT, ADD COLUMN IF NOT EXISTS rate_last DOUBLE PRECISION,
     ADD COLUMN IF NOT EXISTS interval_hours DOUBLE PRECISION;
   UPDATE funding_history_hourly SET time_last = hour + ${HOUR_MS - 1}, covered_ms = ${HOUR_MS} WHERE time_last IS NULL;
   CREATE INDEX IF NOT EXISTS funding_history_hourly_last ON funding_history_hourly (market, source, time_last);`,
];

const n = (x: unknown): number | null => (x === null || x === undefined ? null : Number(x));
/** BIGINT comes back as a string from pg; DOUBLE PRECISION as a number. */
const toPoint = (r: Record<string, unknown>, source: HistorySource): StoredPoint => ({
  time: Number(r.time),
  rate: n(r.rate),
  intervalHours: n(r.interval_hours),
  ratePerHour: Number(r.rate_per_hour),
  longCostPerHour: n(r.long_cost),
  shortCostPerHour: n(r.short_cost),
  source,
});
const toAggregate = (r: Record<string, unknown>): HourlyAggregate => ({
  hour: Number(r.hour),
  timeLast: Number(r.time_last),
  mean: Number(r.mean),
  min: Number(r.min),
  max: Number(r.max),
  last: Number(r.last),
  n: Number(r.n),
  rateLast: n(r.rate_last),
  intervalHours: n(r.interval_hours),
  longCostMean: n(r.long_cost_mean),
  shortCostMean: n(r.short_cost_mean),
  coveredMs: Number(r.covered_ms),
});
/** Rows per INSERT (10 parameters each; PostgreSQL allows 65 535 per statement). */
const CHUNK = 1000;
const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Split `?schema=<name>` off a postgres:// URL (PERP_HISTORY_URL): the tables live in that schema (created if
 * absent), so one database can hold several deployments or test runs. Default schema: public.
 */
export function parseHistoryUrl(url: string): { url: string; schema: string } {
  const u = new URL(url);
  const schema = u.searchParams.get('schema') ?? 'public';
  if (!IDENT.test(schema)) throw new RangeError(`PERP_HISTORY_URL ?schema= must match ${String(IDENT)}, got ${JSON.stringify(schema)}`);
  u.searchParams.delete('schema');
  return { url: u.toString(), schema };
}

export interface PgHistoryOptions {
  /** Schema holding the tables. Default: `?schema=` of the URL, else public. */
  schema?: string;
  /** Pool size. Default 4. */
  max?: number;
  /** How long to wait for a connection before failing the call, ms (a blackholed server must not hang writes). Default 5000. */
  connectionTimeoutMillis?: number;
  /** Called with idle-connection errors (a restarted server); the pool replaces the connection. Default: ignore. */
  onError?: (err: Error) => void;
}

export class PgHistoryStore extends HistoryStoreBase {
  readonly pool: pg.Pool;
  readonly schema: string;
  private migrated: Promise<void> | null = null;

  constructor(url: string, o: PgHistoryOptions = {}) {
    super();
    const parsed = parseHistoryUrl(url);
    this.schema = o.schema ?? parsed.schema;
    if (!IDENT.test(this.schema)) throw new RangeError(`history schema must match ${String(IDENT)}, got ${JSON.stringify(this.schema)}`);
    // search_path is set at connection start-up, so every pooled connection sees this schema.
    this.pool = new pg.Pool({
      connectionString: parsed.url,
      max: o.max ?? 4,
      connectionTimeoutMillis: o.connectionTimeoutMillis ?? 5000,
      options: `-c search_path=${this.schema}`,
    });
    // Without a listener an idle client's error (server restart) would crash the process.
    this.pool.on('error', (err) => o.onError?.(err));
  }

  /** Migrations run once, on first use; a failure (server down) is retried on the next call, never left unhandled. */
  private get ready(): Promise<void> {
    if (!this.migrated) {
      this.migrated = this.migrate();
      this.migrated.catch(() => (this.migrated = null));
    }
    return this.migrated;
  }

  private async migrate(): Promise<void> {
    const c = await this.pool.connect();
    try {
      await c.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      // Replicas starting together: one migrates, the others wait (session-level advisory lock).
      await c.query('SELECT pg_advisory_lock(7411)');
      try {
        await c.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)');
        const done = new Set((await c.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
        for (let i = 0; i < MIGRATIONS.length; i++) {
          if (done.has(i + 1)) continue;
          await c.query('BEGIN');
          try {
            await c.query(MIGRATIONS[i]!);
            await c.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [i + 1, Date.now()]);
            await c.query('COMMIT');
          } catch (err) {
            await c.query('ROLLBACK');
            throw err;
          }
        }
      } finally {
        await c.query('SELECT pg_advisory_unlock(7411)');
      }
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
    for (let at = 0; at < ok.length; at += CHUNK) {
      const vals: unknown[] = [];
      const rows = ok.slice(at, at + CHUNK).map((p, i) => {
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
      // Same as SQLite's INSERT OR REPLACE: a rewritten point replaces the stored one.
      await this.pool.query(
        `INSERT INTO funding_history (market, time, source, rate, interval_hours, rate_per_hour, long_cost, short_cost, long_borrow, short_borrow)
         VALUES ${rows.join(',')} ON CONFLICT (market, source, time) DO UPDATE SET rate = EXCLUDED.rate, interval_hours = EXCLUDED.interval_hours,
         rate_per_hour = EXCLUDED.rate_per_hour, long_cost = EXCLUDED.long_cost, short_cost = EXCLUDED.short_cost,
         long_borrow = EXCLUDED.long_borrow, short_borrow = EXCLUDED.short_borrow`,
        vals,
      );
    }
  }

  private async one(sql: string, args: unknown[]): Promise<number | null> {
    await this.ready;
    return n((await this.pool.query(sql, args)).rows[0]?.t);
  }

  private async extreme(fn: 'MIN' | 'MAX', market: string, source: HistorySource): Promise<number | null> {
    const r = await this.one(`SELECT ${fn}(time) AS t FROM funding_history WHERE market = $1 AND source = $2`, [market, source]);
    const h = await this.one(`SELECT ${fn}(time_last) AS t FROM funding_history_hourly WHERE market = $1 AND source = $2`, [
      market,
      source,
    ]);
    if (r === null || h === null) return r ?? h;
    return fn === 'MIN' ? Math.min(r, h) : Math.max(r, h);
  }

  latestTime(market: string, source: HistorySource): Promise<number | null> {
    return this.extreme('MAX', market, source);
  }

  earliestTime(market: string, source: HistorySource): Promise<number | null> {
    return this.extreme('MIN', market, source);
  }

  protected async read(market: string, from: number, to: number): Promise<{ source: HistorySource; points: StoredPoint[] }> {
    await this.ready;
    const has = async (src: HistorySource) =>
      (
        await this.pool.query(
          `SELECT 1 FROM funding_history WHERE market = $1 AND source = $2 AND time BETWEEN $3 AND $4
           UNION ALL SELECT 1 FROM funding_history_hourly WHERE market = $1 AND source = $2 AND time_last BETWEEN $3 AND $4 LIMIT 1`,
          [market, src, from, to],
        )
      ).rowCount! > 0;
    const source: HistorySource = (await has('VENUE_HISTORY')) ? 'VENUE_HISTORY' : 'GATEWAY_SAMPLED';
    const hourly = (
      await this.pool.query(
        'SELECT * FROM funding_history_hourly WHERE market = $1 AND source = $2 AND time_last BETWEEN $3 AND $4 ORDER BY time_last',
        [market, source, from, to],
      )
    ).rows.map((r: Record<string, unknown>) => aggregateToPoint(toAggregate(r), source));
    const raw = (
      await this.pool.query(
        'SELECT time, rate, interval_hours, rate_per_hour, long_cost, short_cost FROM funding_history WHERE market = $1 AND source = $2 AND time BETWEEN $3 AND $4 ORDER BY time',
        [market, source, from, to],
      )
    ).rows.map((r: Record<string, unknown>) => toPoint(r, source));
    return { source, points: [...hourly, ...raw] };
  }

  async downsample(now: number): Promise<void> {
    await this.ready;
    const cutoff = Math.floor((now - RAW_RETENTION_MS) / HOUR_MS) * HOUR_MS;
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      const groups = (await c.query('SELECT DISTINCT market, source FROM funding_history WHERE time < $1', [cutoff])).rows as Array<{
        market: string;
        source: HistorySource;
      }>;
      for (const { market, source } of groups) {
        const raw = (
          await c.query(
            'SELECT time, rate, interval_hours, rate_per_hour, long_cost, short_cost FROM funding_history WHERE market = $1 AND source = $2 AND time < $3 ORDER BY time',
            [market, source, cutoff],
          )
        ).rows.map((r: Record<string, unknown>) => toPoint(r, source));
        const first = raw[0]!.time;
        const prev = n(
          (
            await c.query('SELECT MAX(time_last) AS t FROM funding_history_hourly WHERE market = $1 AND source = $2 AND time_last < $3', [
              market,
              source,
              first,
            ])
          ).rows[0]?.t,
        );
        const existing = new Map(
          (
            await c.query('SELECT * FROM funding_history_hourly WHERE market = $1 AND source = $2 AND hour BETWEEN $3 AND $4', [
              market,
              source,
              Math.floor(first / HOUR_MS) * HOUR_MS,
              cutoff,
            ])
          ).rows.map((r: Record<string, unknown>) => [Number(r.hour), toAggregate(r)] as const),
        );
        for (const a of aggregateHourly(raw, source, prev, existing)) {
          await c.query(
            `INSERT INTO funding_history_hourly
               (market, hour, source, mean, min, max, last, n, long_cost_mean, short_cost_mean, time_last, covered_ms, rate_last, interval_hours)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)
             ON CONFLICT (market, source, hour) DO UPDATE SET mean = EXCLUDED.mean, min = EXCLUDED.min, max = EXCLUDED.max,
               last = EXCLUDED.last, n = EXCLUDED.n, long_cost_mean = EXCLUDED.long_cost_mean, short_cost_mean = EXCLUDED.short_cost_mean,
               time_last = EXCLUDED.time_last, covered_ms = EXCLUDED.covered_ms, rate_last = EXCLUDED.rate_last,
               interval_hours = EXCLUDED.interval_hours`,
            aggregateParams(market, source, a),
          );
        }
      }
      await c.query('DELETE FROM funding_history WHERE time < $1', [cutoff]);
      await c.query('DELETE FROM funding_history_hourly WHERE time_last < $1', [now - MAX_RETENTION_MS]);
      await c.query('COMMIT');
    } catch (err) {
      await c.query('ROLLBACK');
      throw err;
    } finally {
      c.release();
    }
  }

  async close(): Promise<void> {
    await this.migrated?.catch(() => undefined);
    await this.pool.end();
  }
}
