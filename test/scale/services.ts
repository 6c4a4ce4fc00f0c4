/**
 * Real Redis/PostgreSQL for scale-out tests. When a service is unreachable the suite is skipped with a printed
 * reason — unless REQUIRE_SERVICES=1 (CI), where an unreachable service fails the run.
 */
import { Socket } from 'node:net';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function reachable(port: number, host = '127.0.0.1'): Promise<boolean> {
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

/** Returns null when the service is up; otherwise a reason (or throws when REQUIRE_SERVICES=1). */
export async function serviceMissing(name: 'redis' | 'postgres'): Promise<string | null> {
  const port = name === 'redis' ? Number(new URL(REDIS_URL).port || 6379) : Number(new URL(PG_URL).port || 5432);
  if (await reachable(port)) return null;
  const reason = `${name} is not reachable on 127.0.0.1:${port}`;
  if (process.env.REQUIRE_SERVICES === '1') throw new Error(`${reason} and REQUIRE_SERVICES=1`);
  process.stdout.write(`[skip] ${reason}: scale-out test skipped (set REQUIRE_SERVICES=1 to make this a failure)\n`);
  return reason;
}

export const uniq = (p: string): string => `${p}_${process.pid}_${Date.now().toString(36)}`;
