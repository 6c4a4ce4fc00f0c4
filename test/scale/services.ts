/**
 * Real Redis/PostgreSQL for scale-out tests, plus the small helpers those tests share. When a service is unreachable
 * the suite is skipped with a printed reason, unless REQUIRE_SERVICES=1 (CI, `.ci/run`), where it fails the run.
 */
import { randomBytes } from 'node:crypto';
import { Socket } from 'node:net';
import { Redis } from 'ioredis';
import pg from 'pg';

/** Override with TEST_REDIS_URL / TEST_PG_URL (defaults: the local services the CI machine runs). */
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function reachable(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = new Socket();
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(1000, () => done(false));
    s.once('error', () => done(false));
    s.connect(port, host, () => done(true));
  });
}

/** Ask the server itself (a port can be open with something else behind it). */
async function answers(name: 'redis' | 'postgres'): Promise<string | null> {
  try {
    if (name === 'redis') {
      const r = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2000 });
      r.on('error', () => undefined);
      try {
        await r.connect();
        return (await r.ping()) === 'PONG' ? null : 'PING did not answer PONG';
      } finally {
        r.disconnect();
      }
    }
    const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
    c.on('error', () => undefined);
    try {
      await c.connect();
      await c.query('SELECT 1');
      return null;
    } finally {
      await c.end().catch(() => undefined);
    }
  } catch (err) {
    return (err as Error).message;
  }
}

/**
 * null when the service is up and answering; otherwise a printed reason (the caller skips), or a thrown error when
 * REQUIRE_SERVICES=1.
 */
export async function serviceMissing(name: 'redis' | 'postgres'): Promise<string | null> {
  const u = new URL(name === 'redis' ? REDIS_URL : PG_URL);
  const port = Number(u.port || (name === 'redis' ? 6379 : 5432));
  const where = `${u.hostname}:${port}`;
  const reason = (await reachable(port, u.hostname))
    ? await answers(name).then((why) => (why ? `${name} on ${where} does not answer (${why})` : null))
    : `${name} is not reachable on ${where}`;
  if (reason === null) return null;
  if (process.env.REQUIRE_SERVICES === '1') throw new Error(`${reason}, and REQUIRE_SERVICES=1 makes that a failure`);
  process.stdout.write(`[skip] ${reason}: scale-out test skipped (set REQUIRE_SERVICES=1 to make this a failure)\n`);
  return reason;
}

/** A name unique to this run (Redis key prefix, PostgreSQL schema): lower-case letters, digits and underscores. */
export const uniq = (p: string): string => `${p}_${process.pid}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;

/** Delete every Redis key under a prefix. */
export async function dropRedisPrefix(prefix: string): Promise<void> {
  const r = new Redis(REDIS_URL);
  try {
    const keys = await r.keys(`${prefix}:*`);
    if (keys.length) await r.del(...keys);
  } finally {
    await r.quit();
  }
}

/** Drop a PostgreSQL schema and everything in it. */
export async function dropPgSchema(schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await c.end();
  }
}
