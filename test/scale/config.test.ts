/** Scale-out configuration: roles, bus and history URLs (same code, chosen by config). */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { parseHistoryUrl } from '../../src/store/history-pg.js';

const problems = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
};

describe('scale-out configuration', () => {
  it('defaults to one embedded process: role all, in-process bus, SQLite history, 10 s leases', () => {
    const c = loadConfig({});
    expect([c.PERP_ROLE, c.PERP_BUS_URL, c.PERP_HISTORY_URL, c.PERP_LEASE_MS, c.PERP_BUS_PREFIX, c.PERP_INSTANCE_ID]).toEqual([
      'all',
      '',
      '',
      10_000,
      'perp',
      '',
    ]);
  });

  it('a collector or gateway without a shared bus is refused, naming what is missing', () => {
    expect(problems({ PERP_ROLE: 'gateway' })).toEqual(['PERP_ROLE: PERP_ROLE=gateway needs PERP_BUS_URL (a redis:// URL)']);
    expect(problems({ PERP_ROLE: 'collector' })).toEqual(['PERP_ROLE: PERP_ROLE=collector needs PERP_BUS_URL (a redis:// URL)']);
    expect(problems({ PERP_ROLE: 'gateway', PERP_BUS_URL: 'redis://r:6379' })).toEqual([]);
  });

  it('URLs, role, prefix and lease are validated with clear messages', () => {
    const p = problems({
      PERP_ROLE: 'leader',
      PERP_BUS_URL: 'http://r',
      PERP_HISTORY_URL: 'mysql://db',
      PERP_BUS_PREFIX: 'a b',
      PERP_LEASE_MS: '10',
    });
    expect(p).toEqual([
      'PERP_ROLE: expected all, collector or gateway',
      'PERP_BUS_URL: expected a redis:// URL (or unset for the in-process bus)',
      'PERP_HISTORY_URL: expected a postgres:// URL (or unset for SQLite)',
      'PERP_LEASE_MS: expected an integer ≥ 500, got "10"',
      'PERP_BUS_PREFIX: expected 1-64 of A-Z a-z 0-9 _ . : -',
    ]);
    expect(loadConfig({ PERP_BUS_URL: 'rediss://r:6380/2', PERP_HISTORY_URL: 'postgresql://u@db/perp?schema=blue' })).toMatchObject({
      PERP_BUS_URL: 'rediss://r:6380/2',
      PERP_HISTORY_URL: 'postgresql://u@db/perp?schema=blue',
    });
  });

  it('PERP_HISTORY_URL ?schema= picks the PostgreSQL schema (public by default) and is not passed to the driver', () => {
    expect(parseHistoryUrl('postgres://u@db:5432/perp')).toEqual({ url: 'postgres://u@db:5432/perp', schema: 'public' });
    expect(parseHistoryUrl('postgres://u@db:5432/perp?schema=blue&sslmode=require')).toEqual({
      url: 'postgres://u@db:5432/perp?sslmode=require',
      schema: 'blue',
    });
    expect(() => parseHistoryUrl('postgres://u@db/perp?schema=x;DROP')).toThrow(/schema= must match/);
  });
});
