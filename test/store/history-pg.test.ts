import pg from 'pg';
import { PgHistoryStore } from '../../src/store/history-pg.js';
import type { HistoryStore, HourlyAggregate } from '../../src/store/history.js';
import { PG_URL, serviceMissing, uniq } from '../scale/services.js';
import { historyStoreSuite } from './history.suite.js';

const pgMissing = await serviceMissing('postgres');
const num = (x: unknown) => (x === null ? null : Number(x));

historyStoreSuite(
  'PostgreSQL',
  () => {
    const schema = uniq('hist');
    const admin = new pg.Pool({ connectionString: PG_URL, max: 1 });
    const pool = (s: HistoryStore) => (s as PgHistoryStore).pool;
    return Promise.resolve({
      open: () => new PgHistoryStore(PG_URL, { schema }),
      hourly: async (s, market) => {
        await s.latestTime(market, 'GATEWAY_SAMPLED'); // waits for migrations
        const rows = (await pool(s).query('SELECT * FROM funding_history_hourly WHERE market = $1 ORDER BY hour', [market])).rows as Array<
          Record<string, unknown>
        >;
        return rows.map((r): HourlyAggregate => ({
          hour: Number(r.hour),
          timeLast: Number(r.time_last),
          mean: Number(r.mean),
          min: Number(r.min),
          max: Number(r.max),
          last: Number(r.last),
          n: Number(r.n),
          rateLast: num(r.rate_last),
          intervalHours: num(r.interval_hours),
          longCostMean: num(r.long_cost_mean),
          shortCostMean: num(r.short_cost_mean),
          coveredMs: Number(r.covered_ms),
        }));
      },
      rawCount: async (s, market) => {
        await s.latestTime(market, 'GATEWAY_SAMPLED');
        return Number((await pool(s).query('SELECT COUNT(*) AS n FROM funding_history WHERE market = $1', [market])).rows[0].n);
      },
      schemaVersion: (s) => (s as PgHistoryStore).schemaVersion(),
      dispose: async () => {
        await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await admin.end();
      },
    });
  },
  pgMissing,
);
