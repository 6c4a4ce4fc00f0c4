/**
 * Shared helpers for the benchmark scripts: child servers, autocannon runs, percentiles, result files, arguments.
 * Runs from source through tsx (`npm run bench`) or compiled (`npm run bench:build` → dist-bench/, then
 * `node dist-bench/bench/run.js`, which works on a production install: no tsx, no dev dependencies for fanout,
 * memory and coldstart; the query bench needs autocannon, a dev dependency, loaded only when it runs).
 */
import { readFileSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** True when running compiled (dist-bench/): child scripts are started as .js without tsx. */
const COMPILED = import.meta.url.endsWith('.js');

/** Node arguments that run a bench script, named relative to bench/ without extension (e.g. `servers/gateway`). */
export function benchScript(rel: string): string[] {
  return COMPILED ? [fileURLToPath(new URL(`./${rel}.js`, import.meta.url))] : ['--import', 'tsx', `bench/${rel}.ts`];
}

/** `--name value` from the command line (a number), or the default; a value that is not a number is refused. */
export function numArg(name: string, dflt: number): number {
  const v = strArg(name);
  if (v === null) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new RangeError(`--${name} must be a number, got ${JSON.stringify(v)}`);
  return n;
}

/** `--name value` (or `--name=value`) from the command line, or null. */
export function strArg(name: string): string | null {
  const argv = process.argv;
  const i = argv.indexOf(`--${name}`);
  if (i >= 0) return argv[i + 1] ?? null;
  const eq = argv.find((a) => a.startsWith(`--${name}=`));
  return eq ? eq.slice(name.length + 3) : null;
}

export interface Child {
  proc: ChildProcess;
  url: string;
  rssKb(): number;
  stop(): Promise<void>;
}

/** Start a bench script (`servers/gateway`, …; see benchScript) and wait for a line `READY <url>` on stdout. */
export async function startChild(script: string, env: Record<string, string> = {}): Promise<Child> {
  const proc = spawn(process.execPath, benchScript(script), {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buf = '';
    const t = setTimeout(() => reject(new Error(`${script} did not become ready`)), 30_000);
    proc.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = /READY (\S+)/.exec(buf);
      if (m) {
        clearTimeout(t);
        resolve(m[1]!);
      }
    });
    proc.on('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return {
    proc,
    url,
    rssKb: () => {
      try {
        const status = readFileSync(`/proc/${proc.pid}/status`, 'utf8') as string;
        return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      } catch {
        return 0;
      }
    },
    stop: () =>
      new Promise<void>((r) => {
        if (proc.exitCode !== null) return r();
        const hard = setTimeout(() => proc.kill('SIGKILL'), 5000);
        proc.once('exit', () => {
          clearTimeout(hard);
          r();
        });
        proc.kill('SIGTERM');
      }),
  };
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  bytes: number;
}

export async function load(opts: {
  url: string;
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
  connections: number;
  duration: number;
  overallRate?: number;
}): Promise<LoadResult> {
  // A dev dependency: imported only when an HTTP load runs (the query bench), so fanout runs on a production install.
  const { default: autocannon } = await import('autocannon');
  const r = await autocannon({
    url: opts.url,
    method: opts.method ?? 'GET',
    ...(opts.body ? { body: opts.body } : {}),
    headers: opts.headers ?? {},
    connections: opts.connections,
    duration: opts.duration,
    ...(opts.overallRate ? { overallRate: opts.overallRate } : {}),
  });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors,
    non2xx: r.non2xx,
    bytes: r.throughput.average,
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export const ratio = (a: number, b: number): string => `${((a / b) * 100).toFixed(1)} %`;
