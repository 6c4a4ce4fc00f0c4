/**
 * The cold-start section of `npm run bench`: process start → /readyz 200 for `node dist/main.js` in mock mode, and
 * → the first answered GraphQL query (the edge loads after the server listens: src/gateway/server.ts). Baselines in
 * the same run, alternated with the gateway: `node -e 0`, and a bare node:http server's start → first 200. Target:
 * median to /readyz ≤ 500 ms.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const BARE = `require('node:http').createServer((q, s) => s.end('ok')).listen(0, '127.0.0.1', function () {
  process.stderr.write(JSON.stringify({ url: 'http://127.0.0.1:' + this.address().port }) + '\\n');
});`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;

/** Start `args`, wait for its `"url":"…"` line, then poll `path` until `ok`; ms from spawn to each step. */
async function timeToReady(args: string[], path: string, env: Record<string, string>, graphql: boolean) {
  const started = performance.now();
  const p = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let buf = '';
    p.stderr!.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = /"url":"([^"]+)"/.exec(buf);
      if (m) resolve(m[1]!);
    });
    p.once('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code}) before listening: ${buf.slice(-300)}`)));
  });
  const poll = async (f: () => Promise<boolean>): Promise<number> => {
    while (!(await f().catch(() => false))) await sleep(2);
    return performance.now() - started;
  };
  const ready = await poll(async () => (await fetch(url + path)).status === 200);
  const body = JSON.stringify({ query: '{ schemaVersion }' });
  const headers = { 'content-type': 'application/json' };
  const firstQuery = graphql
    ? await poll(async () => (await fetch(`${url}/graphql`, { method: 'POST', headers, body })).status === 200)
    : ready;
  await new Promise<void>((r) => {
    p.once('exit', () => r());
    p.kill('SIGKILL');
  });
  return { ready, firstQuery };
}

export interface ColdStart {
  runs: number;
  readyMs: number[];
  firstQueryMs: number[];
  nodeBaselineMs: number[];
  bareHttpMs: number[];
  medianMs: number;
  firstQueryMedianMs: number;
  nodeMedianMs: number;
  bareHttpMedianMs: number;
}

export async function coldStart(say: (s: string) => void, quick: boolean): Promise<ColdStart> {
  say('\n## cold start: process start → /readyz 200 (mock mode, `node dist/main.js`)');
  // Fresh dist/ when run from source with the compiler installed; compiled (dist-bench/) it measures the dist/ it has.
  if (!import.meta.url.endsWith('.js') && existsSync('node_modules/.bin/tsc'))
    execFileSync('node_modules/.bin/tsc', ['-p', 'tsconfig.json'], { stdio: 'ignore' });
  if (!existsSync('dist/main.js')) throw new Error('no dist/main.js: run `npm run build` first');
  const env = { PERP_CONNECTOR_MODE: 'mock', PORT: '0', HOST: '127.0.0.1', PERP_LOG_LEVEL: 'info', PERP_DB_PATH: ':memory:' };
  const r: Omit<ColdStart, 'medianMs' | 'firstQueryMedianMs' | 'nodeMedianMs' | 'bareHttpMedianMs'> = {
    runs: quick ? 3 : 9,
    readyMs: [],
    firstQueryMs: [],
    nodeBaselineMs: [],
    bareHttpMs: [],
  };
  for (let i = 0; i < r.runs; i++) {
    const t0 = performance.now();
    execFileSync(process.execPath, ['-e', '0']);
    r.nodeBaselineMs.push(performance.now() - t0);
    r.bareHttpMs.push((await timeToReady(['-e', BARE], '/', {}, false)).ready);
    const g = await timeToReady(['dist/main.js'], '/readyz', env, true);
    r.readyMs.push(g.ready);
    r.firstQueryMs.push(g.firstQuery);
  }
  const out: ColdStart = {
    ...r,
    medianMs: median(r.readyMs),
    firstQueryMedianMs: median(r.firstQueryMs),
    nodeMedianMs: median(r.nodeBaselineMs),
    bareHttpMedianMs: median(r.bareHttpMs),
  };
  say(
    `- /readyz: median **${out.medianMs.toFixed(0)} ms** (target ≤ 500 ms) over ${r.runs} runs; ${(out.medianMs / out.bareHttpMedianMs).toFixed(1)}× a bare node:http server's start → first 200 (${out.bareHttpMedianMs.toFixed(0)} ms), ${(out.medianMs / out.nodeMedianMs).toFixed(1)}× \`node -e 0\` (${out.nodeMedianMs.toFixed(0)} ms)`,
  );
  say(
    `- first answered GraphQL query: median ${out.firstQueryMedianMs.toFixed(0)} ms (${(out.firstQueryMedianMs / out.bareHttpMedianMs).toFixed(1)}× bare): the GraphQL edge loads after the server listens`,
  );
  return out;
}
