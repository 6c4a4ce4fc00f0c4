/**
 * Funding history in embedded SQLite (better-sqlite3 12): WAL, versioned migrations (table schema_migrations),
 * raw rows in funding_history, hourly aggregates (mean/min/max/last + exact coverage) in funding_history_hourly
 * for everything older than 7 days, nothing older than 90 days. The interface, model and statistics live in
 * history-core.ts (shared with the PostgreSQL store) and are re-exported here.
 */
import Database from 'better-sqlite3';
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

export * from './history-core.js';

/** Each entry is one schema version, applied once, in order, inside a transaction. Never edit a shipped entry. */
const MIGRATIONS: string[] = [
  // v1: raw rows and hourly aggregates.
  `CREATE TABLE funding_history (
     market TEXT NOT NULL, time INTEGER NOT NULL, source TEXT NOT NULL,
     rate REAL, interval_hours REAL, rate_per_hour REAL NOT NULL,
     long_cost REAL, short_cost REAL, long_borrow REAL, short_borrow REAL,
     PRIMARY KEY (market, source, time)) WITHOUT ROWID;
   CREATE TABLE funding_history_hourly (
     market TEXT NOT NULL, hour INTEGER NOT NULL, source TEXT NOT NULL,
     mean REAL NOT NULL, min REAL NOT NULL, max REAL NOT NULL, last REAL NOT NULL, n INTEGER NOT NULL,
     long_cost_mean REAL, short_cost_mean REAL,
     PRIMARY KEY (market, source, hour)) WITHOUT ROWID;`,
  // v2: aggregates remember their last point, published rate and exact coverage, so an 8-hourly venue history
  // still covers 8 h per payment after downsampling. v1 rows read as one full hour ending at the hour's end.
  `ALTER TABLE funding_history_hourly ADD COLUMN time_last INTEGER;
   ALTER TABLE funding_history_hourly ADD COLUMN covered_ms INTEGER;
   ALTER TABLE funding_history_hourly ADD COLUMN rate_last REAL;
   ALTER TABLE funding_history_hourly ADD COLUMN interval_hours REAL;
   UPDATE funding_history_hourly SET time_last = hour + ${HOUR_MS - 1}, covered_ms = ${HOUR_MS};
   CREATE INDEX funding_history_hourly_last ON funding_history_hourly (market, source, time_last);`,
];

type RawRow = {
  time: number;
  rate: number | null;
  interval_hours: number | null;
  rate_per_hour: number;
  long_cost: number | null;
  short_cost: number | null;
};
type HourlyRow = {
  hour: number;
  time_last: number;
  mean: number;
  min: number;
  max: number;
  last: number;
  n: number;
  rate_last: number | null;
  interval_hours: number | null;
  long_cost_mean: number | null;
  short_cost_mean: number | null;
  covered_ms: number;
};

const rawToPoint = (r: RawRow, source: HistorySource): StoredPoint => ({
  time: r.time,
  rate: r.rate,
  intervalHours: r.interval_hours,
  ratePerHour: r.rate_per_hour,
  longCostPerHour: r.long_cost,
  shortCostPerHour: r.short_cost,
  source,
});
const hourlyToAggregate = (r: HourlyRow): HourlyAggregate => ({
  hour: r.hour,
  timeLast: r.time_last,
  mean: r.mean,
  min: r.min,
  max: r.max,
  last: r.last,
  n: r.n,
  rateLast: r.rate_last,
  intervalHours: r.interval_hours,
  longCostMean: r.long_cost_mean,
  shortCostMean: r.short_cost_mean,
  coveredMs: r.covered_ms,
});

export class SqliteHistoryStore extends HistoryStoreBase {
  readonly db: Database.Database;

  /** `path`: a file (created with its tables on first open) or `:memory:`. */
  constructor(path: string) {
    super();
    this.db = new Database(path);
    if (path !== ':memory:') this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
    const done = new Set(
      (this.db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map((r) => r.version),
    );
    MIGRATIONS.forEach((sql, i) => {
      if (done.has(i + 1)) return;
      this.db.transaction(() => {
        this.db.exec(sql);
        this.db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(i + 1, Date.now());
      })();
    });
  }

  /** Schema version after migrations. */
  get schemaVersion(): number {
    return (this.db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number }).v;
  }

  write(market: string, points: FundingPoint[]): void {
    const ins = this.db.prepare(
      `INSERT OR REPLACE INTO funding_history (market, time, source, rate, interval_hours, rate_per_hour, long_cost, short_cost, long_borrow, short_borrow)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      for (const p of points) {
        if (!Number.isFinite(p.ratePerHour) || !Number.isFinite(p.time)) continue;
        ins.run(
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
      }
    })();
  }

  private extreme(fn: 'MIN' | 'MAX', market: string, source: HistorySource): number | null {
    const r = this.db.prepare(`SELECT ${fn}(time) AS t FROM funding_history WHERE market = ? AND source = ?`).get(market, source) as {
      t: number | null;
    };
    const h = this.db
      .prepare(`SELECT ${fn}(time_last) AS t FROM funding_history_hourly WHERE market = ? AND source = ?`)
      .get(market, source) as { t: number | null };
    if (r.t === null || h.t === null) return r.t ?? h.t;
    return fn === 'MIN' ? Math.min(r.t, h.t) : Math.max(r.t, h.t);
  }

  latestTime(market: string, source: HistorySource): number | null {
    return this.extreme('MAX', market, source);
  }

  earliestTime(market: string, source: HistorySource): number | null {
    return this.extreme('MIN', market, source);
  }

  protected read(market: string, from: number, to: number): { source: HistorySource; points: StoredPoint[] } {
    const has = (src: HistorySource) =>
      this.db
        .prepare('SELECT 1 FROM funding_history WHERE market = ? AND source = ? AND time BETWEEN ? AND ? LIMIT 1')
        .get(market, src, from, to) !== undefined ||
      this.db
        .prepare('SELECT 1 FROM funding_history_hourly WHERE market = ? AND source = ? AND time_last BETWEEN ? AND ? LIMIT 1')
        .get(market, src, from, to) !== undefined;
    const source: HistorySource = has('VENUE_HISTORY') ? 'VENUE_HISTORY' : 'GATEWAY_SAMPLED';
    const hourly = (
      this.db
        .prepare('SELECT * FROM funding_history_hourly WHERE market = ? AND source = ? AND time_last BETWEEN ? AND ? ORDER BY time_last')
        .all(market, source, from, to) as HourlyRow[]
    ).map((r) => aggregateToPoint(hourlyToAggregate(r), source));
    const raw = (
      this.db
        .prepare(
          'SELECT time, rate, interval_hours, rate_per_hour, long_cost, short_cost FROM funding_history WHERE market = ? AND source = ? AND time BETWEEN ? AND ? ORDER BY time',
        )
        .all(market, source, from, to) as RawRow[]
    ).map((r) => rawToPoint(r, source));
    return { source, points: [...hourly, ...raw] };
  }

  downsample(now: number): void {
    const cutoff = Math.floor((now - RAW_RETENTION_MS) / HOUR_MS) * HOUR_MS;
    const upsert = this.db.prepare(
      `INSERT OR REPLACE INTO funding_history_hourly
         (market, hour, source, mean, min, max, last, n, long_cost_mean, short_cost_mean, time_last, covered_ms, rate_last, interval_hours)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      const groups = this.db.prepare('SELECT DISTINCT market, source FROM funding_history WHERE time < ?').all(cutoff) as Array<{
        market: string;
        source: HistorySource;
      }>;
      for (const { market, source } of groups) {
        const raw = (
          this.db
            .prepare(
              'SELECT time, rate, interval_hours, rate_per_hour, long_cost, short_cost FROM funding_history WHERE market = ? AND source = ? AND time < ? ORDER BY time',
            )
            .all(market, source, cutoff) as RawRow[]
        ).map((r) => rawToPoint(r, source));
        const first = raw[0]!.time;
        const prev = this.db
          .prepare('SELECT MAX(time_last) AS t FROM funding_history_hourly WHERE market = ? AND source = ? AND time_last < ?')
          .get(market, source, first) as { t: number | null };
        const existing = new Map(
          (
            this.db
              .prepare('SELECT * FROM funding_history_hourly WHERE market = ? AND source = ? AND hour BETWEEN ? AND ?')
              .all(market, source, Math.floor(first / HOUR_MS) * HOUR_MS, cutoff) as HourlyRow[]
          ).map((r) => [r.hour, hourlyToAggregate(r)]),
        );
        for (const a of aggregateHourly(raw, source, prev.t, existing)) {
          upsert.run(...aggregateParams(market, source, a));
        }
      }
      this.db.prepare('DELETE FROM funding_history WHERE time < ?').run(cutoff);
      const oldest = now - MAX_RETENTION_MS;
      this.db.prepare('DELETE FROM funding_history_hourly WHERE time_last < ?').run(oldest);
    })();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
