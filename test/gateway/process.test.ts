import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { until } from '../contract/connector.contract.js';

const TSX = ['--import', 'tsx', 'src/main.ts'];

function run(env: Record<string, string>) {
  const child = spawn(process.execPath, TSX, {
    env: { ...process.env, PERP_LOG_LEVEL: 'info', PERP_DB_PATH: ':memory:', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, output: () => out, exited };
}

describe('the gateway process', () => {
  it('refuses to start on invalid env, listing every problem without echoing secrets', async () => {
    const p = run({ PORT: 'x', PERP_CONNECTOR_MODE: 'fast', ASTER_REST_URL: 'ftp://nope', ASTER_API_KEY: 'SECRET-KEY-123' });
    expect(await p.exited).toBe(2);
    expect(p.output()).toContain('Invalid configuration (3 problems)');
    expect(p.output()).toContain('PORT: expected an integer');
    expect(p.output()).toContain('PERP_CONNECTOR_MODE');
    expect(p.output()).toContain('ASTER_REST_URL');
    expect(p.output()).not.toContain('SECRET-KEY-123');
  });

  it('serves in mock mode and exits 0 within 10 s on SIGTERM, finishing in-flight work', async () => {
    const p = run({ PORT: '0', HOST: '127.0.0.1', PERP_CONNECTOR_MODE: 'mock' });
    const line = await until(() => /"url":"(http:\/\/[^"]+)"/.exec(p.output()), 'listening line', 15_000);
    const url = line[1]!;
    const res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(200);
    const started = Date.now();
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(p.output()).toContain('"signal":"SIGTERM"');
  });

  /** The lines the process wrote to stderr/stdout, without blank ones. */
  const lines = (out: string) => out.split('\n').filter((l) => l.trim() !== '');

  it('PORT=99999 is refused by the config schema: one line, exit 2', async () => {
    const p = run({ PORT: '99999' });
    expect(await p.exited).toBe(2);
    expect(lines(p.output())).toEqual([
      'perp-connectors: Invalid configuration (1 problem): PORT: expected an integer from 0 to 65535, got "99999"',
    ]);
  });

  it('a busy port: one line naming it, exit 1 within seconds', { timeout: 40_000 }, async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as { port: number }).port;
    try {
      const started = Date.now();
      const p = run({ PORT: String(port), HOST: '127.0.0.1', PERP_CONNECTOR_MODE: 'mock', PERP_LOG_LEVEL: 'silent' });
      expect(await p.exited).toBe(1);
      expect(Date.now() - started).toBeLessThan(25_000); // process start-up (tsx) included, on a loaded machine
      expect(lines(p.output())).toEqual([`perp-connectors: cannot listen on 127.0.0.1:${port}: the port is already in use (EADDRINUSE)`]);
    } finally {
      busy.close();
    }
  });

  it('an unusable PERP_DB_PATH: one line naming the path and the cause, exit 1', async () => {
    const p = run({ PERP_DB_PATH: '/proc/version/perp.sqlite', PERP_CONNECTOR_MODE: 'mock', PERP_LOG_LEVEL: 'silent' });
    expect(await p.exited).toBe(1);
    const out = lines(p.output());
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(
      /^perp-connectors: PERP_DB_PATH \/proc\/version\/perp\.sqlite is not a usable SQLite database path: .*(ENOTDIR|EEXIST)/,
    );
  });

  it('an unreachable PERP_BUS_URL or PERP_HISTORY_URL: one line naming it, exit 1 within seconds', { timeout: 60_000 }, async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r));
    for (const [env, name] of [
      [{ PERP_BUS_URL: `redis://127.0.0.1:${port}` }, 'PERP_BUS_URL'],
      [{ PERP_HISTORY_URL: `postgres://u:secret@127.0.0.1:${port}/db` }, 'PERP_HISTORY_URL'],
    ] as const) {
      const started = Date.now();
      const p = run({ ...env, PERP_CONNECTOR_MODE: 'mock', PERP_LOG_LEVEL: 'silent' });
      expect(await p.exited).toBe(1);
      // The probe gives up after 5 s; the rest is process start-up (tsx), slow on a loaded machine.
      expect(Date.now() - started).toBeLessThan(25_000);
      const out = lines(p.output());
      expect(out).toHaveLength(1);
      expect(out[0]).toContain(`perp-connectors: ${name} `);
      expect(out[0]).toContain(`ECONNREFUSED 127.0.0.1:${port}`);
      expect(out[0]).not.toContain('secret');
    }
  });
});
