import { spawn } from 'node:child_process';
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
});
