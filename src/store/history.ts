/**
 * Funding history: the interface, the window summary (coverage, mean/median/stdev APR, share positive, realized
 * funding), and the embedded SQLite implementation (better-sqlite3, WAL, versioned migrations). Past 7 days rows
 * are kept as hourly aggregates (mean/min/max/last) so 90 days stay small; older than 90 days is deleted.
 */
import Database from 'better-sqlite3';
import type { HistoryWriter } from '../core/connector.js';
import { annualize } from '../core/funding.js';
import type { FundingPoint, HistorySource } from '../core/types.js';

export interface FundingHistoryPointModel {
  time: number;
  ratePerHour: number;
  annualizedRate: number;
  rate: number | null;
  longCostPerHour: number | null;
  shortCostPerHour: number | null;
}

export interface FundingHistoryModel {
  market: string;
  source: HistorySource;
  /** Fraction of [from, to] covered by stored data, 0..1. */
  coverage: number;
  from: number;
  to: number;
  points: FundingHistoryPointModel[];
  summary: {
    meanApr: number | null;
    medianApr: number | null;
    stdDevApr: number | null;
    positiveShare: number | null;
    realizedFunding: number | null;
  };
}

export interface HistoryStore extends HistoryWriter {
  write(market: string, points: FundingPoint[]): Promise<void> | void;
  /** Points of one market in [from, to], summarized. Prefers venue history over gateway samples. */
  range(market: string, from: number, to: number): Promise<FundingHistoryModel>;
  /** Aggregate rows older than 7 days into hourly rows; delete rows older than 90 days. */
  downsample(now: number): Promise<void> | void;
  close(): Promise<void> | void;
}

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
const MAX_GAP: Record<HistorySource, number> = { VENUE_HISTORY: 8 * HOUR_MS, GATEWAY_SAMPLED: 5 * 60_000, MOCK: 5 * 60_000 };

/** Build the model (coverage + summary) from ascending points. Shared by every store and the mock plane. */
export function summarizeHistory(
  market: string,
  source: HistorySource,
  from: number,
  to: number,
  pts: Array<FundingPoint | (FundingHistoryPointModel & { spanMs?: number })>,
): FundingHistoryModel {
  const sorted = [...pts].filter((p) => p.time >= from && p.time <= to).sort((a, b) => a.time - b.time);
  const points: FundingHistoryPointModel[] = sorted.map((p) => ({
    time: p.time,
    ratePerHour: p.ratePerHour,
    annualizedRate: annualize(p.ratePerHour),
    rate: p.rate,
    longCostPerHour: p.longCostPerHour,
    shortCostPerHour: p.shortCostPerHour,
  }));
  let covered = 0;
  let realized = 0;
  // Each point stands for the time since the previous one (a funding payment or sample accrues over the span
  // before it), capped at the source's spacing so gaps are not counted as covered.
  for (let i = 0; i < sorted.length; i++) {
    const p = sorted[i]!;
    const own =
      'spanMs' in p && p.spanMs
        ? p.spanMs
        : 'intervalHours' in p && p.intervalHours && source === 'VENUE_HISTORY'
          ? p.intervalHours * HOUR_MS
          : MAX_GAP[source];
    const prev = sorted[i - 1]?.time;
    // The first point covers one nominal spacing (a sample every minute; a venue payment per interval).
    const span =
      prev === undefined
        ? Math.min(p.time - from, source === 'VENUE_HISTORY' || ('spanMs' in p && p.spanMs) ? own : 60_000)
        : Math.max(0, Math.min(p.time - prev, own));
    covered += span;
    realized += p.ratePerHour * (span / HOUR_MS);
  }
  const aprs = points.map((p) => p.annualizedRate);
  const n = aprs.length;
  const mean = n ? aprs.reduce((a, b) => a + b, 0) / n : null;
  const s = [...aprs].sort((a, b) => a - b);
  const median = n ? (n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2) : null;
  const std = n && mean !== null ? Math.sqrt(aprs.reduce((a, b) => a + (b - mean) ** 2, 0) / n) : null;
  return {
    market,
    source,
    coverage: to > from ? Math.min(1, covered / (to - from)) : 0,
    from,
    to,
    points,
    summary: {
      meanApr: mean,
      medianApr: median,
      stdDevApr: std,
      positiveShare: n ? points.filter((p) => p.ratePerHour > 0).length / n : null,
      realizedFunding: n ? realized : null,
    },
  };
}

const MIGRATIONS: string[] = [
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
];

type Row = {
  time: number;
  rate: number | null;
  interval_hours: number | null;
  rate_per_hour: number;
  long_cost: number | null;
  short_cost: number | null;
};

export class SqliteHistoryStore implements HistoryStore {
  readonly db: Database.Database;

  constructor(path: string) {
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

  latestTime(market: string, source: HistorySource): number | null {
    const r = this.db.prepare('SELECT MAX(time) AS t FROM funding_history WHERE market = ? AND source = ?').get(market, source) as {
      t: number | null;
    };
    const h = this.db.prepare('SELECT MAX(hour) AS t FROM funding_history_hourly WHERE market = ? AND source = ?').get(market, source) as {
      t: number | null;
    };
    return r.t ?? h.t;
  }

  earliestTime(market: string, source: HistorySource): number | null {
    const r = this.db.prepare('SELECT MIN(time) AS t FROM funding_history WHERE market = ? AND source = ?').get(market, source) as {
      t: number | null;
    };
    const h = this.db.prepare('SELECT MIN(hour) AS t FROM funding_history_hourly WHERE market = ? AND source = ?').get(market, source) as {
      t: number | null;
    };
    if (r.t === null) return h.t;
    return h.t === null ? r.t : Math.min(r.t, h.t);
  }

  range(market: string, from: number, to: number): Promise<FundingHistoryModel> {
    const has = (src: HistorySource) =>
      (this.db
        .prepare('SELECT 1 FROM funding_history WHERE market = ? AND source = ? AND time BETWEEN ? AND ? LIMIT 1')
        .get(market, src, from, to) ??
        this.db
          .prepare('SELECT 1 FROM funding_history_hourly WHERE market = ? AND source = ? AND hour BETWEEN ? AND ? LIMIT 1')
          .get(market, src, from - HOUR_MS, to)) !== undefined;
    const source: HistorySource = has('VENUE_HISTORY') ? 'VENUE_HISTORY' : 'GATEWAY_SAMPLED';
    const hourly = (
      this.db
        .prepare(
          'SELECT hour, mean, long_cost_mean, short_cost_mean FROM funding_history_hourly WHERE market = ? AND source = ? AND hour BETWEEN ? AND ? ORDER BY hour',
        )
        .all(market, source, from - HOUR_MS, to) as Array<{
        hour: number;
        mean: number;
        long_cost_mean: number | null;
        short_cost_mean: number | null;
      }>
    ).map((r) => ({
      time: Math.max(r.hour, from),
      ratePerHour: r.mean,
      annualizedRate: annualize(r.mean),
      rate: null,
      longCostPerHour: r.long_cost_mean,
      shortCostPerHour: r.short_cost_mean,
      spanMs: HOUR_MS,
    }));
    const raw = (
      this.db
        .prepare(
          'SELECT time, rate, interval_hours, rate_per_hour, long_cost, short_cost FROM funding_history WHERE market = ? AND source = ? AND time BETWEEN ? AND ? ORDER BY time',
        )
        .all(market, source, from, to) as Row[]
    ).map((r) => ({
      time: r.time,
      ratePerHour: r.rate_per_hour,
      annualizedRate: annualize(r.rate_per_hour),
      rate: r.rate,
      longCostPerHour: r.long_cost,
      shortCostPerHour: r.short_cost,
      ...(source === 'VENUE_HISTORY' && r.interval_hours ? { spanMs: r.interval_hours * HOUR_MS } : {}),
    }));
    return Promise.resolve(summarizeHistory(market, source, from, to, [...hourly, ...raw]));
  }

  downsample(now: number): void {
    const cutoff = Math.floor((now - 7 * DAY_MS) / HOUR_MS) * HOUR_MS;
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT OR REPLACE INTO funding_history_hourly (market, hour, source, mean, min, max, last, n, long_cost_mean, short_cost_mean)
           SELECT market, (time / ${HOUR_MS}) * ${HOUR_MS} AS hour, source, AVG(rate_per_hour), MIN(rate_per_hour), MAX(rate_per_hour),
                  (SELECT f2.rate_per_hour FROM funding_history f2 WHERE f2.market = f.market AND f2.source = f.source
                     AND f2.time / ${HOUR_MS} = f.time / ${HOUR_MS} ORDER BY f2.time DESC LIMIT 1),
                  COUNT(*), AVG(long_cost), AVG(short_cost)
           FROM funding_history f WHERE time < ? GROUP BY market, source, time / ${HOUR_MS}`,
        )
        .run(cutoff);
      this.db.prepare('DELETE FROM funding_history WHERE time < ?').run(cutoff);
      this.db.prepare('DELETE FROM funding_history_hourly WHERE hour < ?').run(now - 90 * DAY_MS);
    })();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
