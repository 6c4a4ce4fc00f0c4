import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseResolution, SqliteHistoryStore, type HistoryStore, type HourlyAggregate } from '../../src/store/history.js';
import { historyStoreSuite } from './history.suite.js';

const sqlite = (s: HistoryStore) => s as SqliteHistoryStore;

historyStoreSuite('SQLite', (persistent) => {
  const dir = persistent ? mkdtempSync(join(tmpdir(), 'perp-hist-')) : null;
  const path = dir ? join(dir, 'perp.sqlite') : ':memory:';
  return Promise.resolve({
    open: () => new SqliteHistoryStore(path),
    hourly: (s, market) =>
      Promise.resolve(
        (
          sqlite(s)
            .db.prepare(
              `SELECT hour, time_last AS timeLast, mean, min, max, last, n, rate_last AS rateLast, interval_hours AS intervalHours,
                      long_cost_mean AS longCostMean, short_cost_mean AS shortCostMean, covered_ms AS coveredMs
               FROM funding_history_hourly WHERE market = ? ORDER BY hour`,
            )
            .all(market) as HourlyAggregate[]
        ).map((r) => ({ ...r })),
      ),
    rawCount: (s, market) =>
      Promise.resolve((sqlite(s).db.prepare('SELECT COUNT(*) AS n FROM funding_history WHERE market = ?').get(market) as { n: number }).n),
    schemaVersion: (s) => Promise.resolve(sqlite(s).schemaVersion),
    dispose: () => Promise.resolve(dir ? rmSync(dir, { recursive: true, force: true }) : undefined),
  });
});

describe('SQLite specifics', () => {
  it('creates the file in WAL mode with versioned migrations, and upgrades a v1 database in place', () => {
    const dir = mkdtempSync(join(tmpdir(), 'perp-hist-'));
    try {
      const file = join(dir, 'perp.sqlite');
      const s = new SqliteHistoryStore(file);
      expect(s.db.pragma('journal_mode', { simple: true })).toBe('wal');
      const versions = s.db.prepare('SELECT version FROM schema_migrations ORDER BY version').all();
      expect(versions).toEqual([{ version: 1 }, { version: 2 }]);
      // Simulate a v1 database holding one old-style aggregate, then reopen: v2 runs once and keeps the row.
      s.db.exec(`DELETE FROM schema_migrations WHERE version = 2; DROP INDEX funding_history_hourly_last;
        ALTER TABLE funding_history_hourly DROP COLUMN time_last; ALTER TABLE funding_history_hourly DROP COLUMN covered_ms;
        ALTER TABLE funding_history_hourly DROP COLUMN rate_last; ALTER TABLE funding_history_hourly DROP COLUMN interval_hours;
        INSERT INTO funding_history_hourly (market, hour, source, mean, min, max, last, n) VALUES ('m:V1', 0, 'GATEWAY_SAMPLED', 1, 1, 1, 1, 60);`);
      s.close();
      const t = new SqliteHistoryStore(file);
      expect(t.schemaVersion).toBe(2);
      expect(t.db.prepare('SELECT time_last AS t, covered_ms AS c FROM funding_history_hourly').get()).toEqual({
        t: 3_599_999,
        c: 3_600_000,
      });
      t.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('parses resolutions', () => {
    expect(parseResolution(undefined)).toBeNull();
    expect(parseResolution('raw')).toBeNull();
    expect(parseResolution('15m')).toBe(900_000);
    expect(parseResolution('1H')).toBe(3_600_000);
    expect(parseResolution('1d')).toBe(86_400_000);
    expect(() => parseResolution('0m')).toThrow(/resolution must be RAW/);
    expect(() => parseResolution('8d')).toThrow(RangeError);
    expect(() => parseResolution('hourly')).toThrow(RangeError);
  });
});
