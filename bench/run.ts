/**
 * `npm run bench`: every figure is printed with a baseline measured in the same run on the same machine, as a
 * ratio, plus raw numbers; results go to bench/results/<date>.json and bench/results/<date>.md.
 *   query     cached `markets` (all venues, funding + depth5) vs bare node:http sending the byte-identical body;
 *             peer line: the same query with the response cache off (naive Apollo execution)
 *   latency   p50/p99 at a fixed rate of 50 % of the bare server's capacity
 *   fanout    N graphql-ws subscribers (2 000, 10 000; clients over several processes) vs a raw ws broadcast, 10 updates/s
 *   memory    server RSS per idle subscriber at 10 000 subscribers
 *   ingest    normalized Aster depth frames/s vs JSON.parse alone on the same recorded frames
 *   coldstart process start to /readyz in mock mode (dist/main.js) vs `node -e 0`
 * BENCH_QUICK=1 shortens durations (smoke run).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fanoutSpread, idleSubscribers } from './fanout.js';
import { ingestBench } from './ingest.js';
import { load, ratio, startChild, type LoadResult } from './lib.js';

const QUICK = process.env.BENCH_QUICK === '1';
const DUR = QUICK ? 3 : 10;
const CONN = 50;
const QUERY = JSON.stringify({
  query:
    '{ markets { id venue markPrice funding { ratePerHour annualizedRate intervalHours model longCostPerHour shortCostPerHour freshness { ageMs stale source } } depth(levels: 5) { kind bids { price size sizeUsd } asks { price size sizeUsd } midPrice spreadBps } } }',
});
const HEADERS = { 'content-type': 'application/json' };
const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
};
const lines: string[] = [];
const say = (s: string) => {
  lines.push(s);
  process.stdout.write(s + '\n');
};
const fmt = (r: LoadResult) => `${r.rps.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, errors ${r.errors + r.non2xx}`;

async function queryBench(): Promise<void> {
  say('## query: cached `markets` vs bare node:http (same bytes)');
  const gw = await startChild('bench/servers/gateway.ts');
  const body = await (await fetch(`${gw.url}/graphql`, { method: 'POST', headers: HEADERS, body: QUERY })).text();
  const file = join(tmpdir(), `bench-body-${process.pid}.json`);
  writeFileSync(file, body);
  const bare = await startChild('bench/servers/bare.ts', { BENCH_BODY_FILE: file });
  const req = { method: 'POST' as const, body: QUERY, headers: HEADERS, connections: CONN, duration: DUR };
  const b = await load({ ...req, url: bare.url });
  const g = await load({ ...req, url: `${gw.url}/graphql` });
  say(`- response size: ${(body.length / 1024).toFixed(0)} KB`);
  say(`- bare node:http: ${fmt(b)}`);
  say(`- gateway (cached): ${fmt(g)} → **${ratio(g.rps, b.rps)} of bare** (target ≥ 70 %)`);
  const rate = Math.max(1, Math.floor(b.rps * 0.5));
  const fixed = await load({ ...req, url: `${gw.url}/graphql`, overallRate: rate });
  say(`- gateway at a fixed ${rate} req/s (50 % of bare capacity): p50 ${fixed.p50} ms, p99 ${fixed.p99} ms (target p99 ≤ 25 ms)`);
  await gw.stop();
  const naive = await startChild('bench/servers/gateway.ts', { PERP_RESPONSE_CACHE_MS: '0' });
  const n = await load({ ...req, url: `${naive.url}/graphql`, duration: Math.max(3, Math.floor(DUR / 2)) });
  say(`- peer: same gateway, response cache off (naive Apollo execution): ${fmt(n)} → ${ratio(n.rps, b.rps)} of bare`);
  await naive.stop();
  await bare.stop();
  results.query = {
    bytes: body.length,
    bare: b,
    cached: g,
    fixedRate: { rate, ...fixed },
    naive: n,
    cachedVsBare: g.rps / b.rps,
    naiveVsBare: n.rps / b.rps,
  };
}

async function fanoutBench(): Promise<void> {
  // Clients spread over several load-generator processes (BENCH_FANOUT_PROCS, default 4), so the client side is not
  // the bottleneck where cores allow; on a 2-core machine the generators and the server still share the cores.
  const procs = Number(process.env.BENCH_FANOUT_PROCS ?? 4);
  say(`\n## fan-out: graphql-ws subscribers vs raw ws broadcast, 10 updates/s, clients over ${procs} processes`);
  const out: unknown[] = [];
  const secs = QUICK ? 3 : 5;
  for (const n of process.env.BENCH_FANOUT_N ? process.env.BENCH_FANOUT_N.split(',').map(Number) : QUICK ? [1000] : [2000, 10000]) {
    process.stdout.write(`  (N=${n}: raw ws…)\n`);
    const raw = await startChild('bench/servers/raw-ws.ts');
    const r = await fanoutSpread({ url: raw.url, clients: n, graphql: false, seconds: secs, processes: procs });
    await raw.stop();
    process.stdout.write(`  (N=${n}: gateway…)\n`);
    const gw = await startChild('bench/servers/gateway.ts', { BENCH_FEED: '1' });
    const g = await fanoutSpread({
      url: gw.url.replace('http', 'ws') + '/graphql',
      clients: n,
      graphql: true,
      seconds: secs,
      processes: procs,
    });
    const stats = await (await fetch(`${gw.url}/metrics`)).text();
    await gw.stop();
    say(
      `- N=${n}: raw ws ${r.deliveredPerSec.toFixed(0)}/s (p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms); gateway ${g.deliveredPerSec.toFixed(0)}/s (p50 ${g.p50Ms} ms, p99 ${g.p99Ms} ms) → **${ratio(g.deliveredPerSec, r.deliveredPerSec)} of raw**, p99 ${(g.p99Ms / Math.max(1, r.p99Ms)).toFixed(2)}× raw's (target ≤ 1.2×); expected ${g.expectedPerSec}/s`,
    );
    const conflated = /perp_gateway_subscription_conflated_total (\d+)/.exec(stats)?.[1] ?? '0';
    out.push({
      n,
      processes: procs,
      raw: r,
      gateway: g,
      ratio: g.deliveredPerSec / r.deliveredPerSec,
      p99VsRaw: g.p99Ms / Math.max(1, r.p99Ms),
      conflated: Number(conflated),
      conflatedShare: Number(conflated) / Math.max(1, g.deliveredPerSec * secs),
    });
  }
  results.fanout = out;
}

async function memoryBench(): Promise<void> {
  say('\n## memory: RSS per idle subscriber');
  const n = QUICK ? 2000 : 10000;
  const gw = await startChild('bench/servers/gateway.ts', { BENCH_FEED: '1', BENCH_FEED_PAUSED: '1' });
  await new Promise((r) => setTimeout(r, 1000));
  const before = gw.rssKb();
  const socks = await idleSubscribers(gw.url.replace('http', 'ws') + '/graphql', n);
  await new Promise((r) => setTimeout(r, 2000));
  const after = gw.rssKb();
  const perSub = ((after - before) * 1024) / n;
  const raw = await startChild('bench/servers/raw-ws.ts', { BENCH_FEED_PAUSED: '1' });
  const rb = raw.rssKb();
  const rs = await idleSubscribers(raw.url, n, false).catch(() => []);
  await new Promise((r) => setTimeout(r, 2000));
  const rawPer = ((raw.rssKb() - rb) * 1024) / n;
  say(
    `- ${n} idle subscribers: gateway ${(perSub / 1024).toFixed(1)} KB each (target ≤ 16 KB); raw ws ${(rawPer / 1024).toFixed(1)} KB each → ${ratio(perSub, rawPer)} of raw`,
  );
  for (const s of [...socks, ...rs]) s.terminate();
  await gw.stop();
  await raw.stop();
  results.memory = { subscribers: n, rssBeforeKb: before, rssAfterKb: after, bytesPerSubscriber: perSub, rawBytesPerSubscriber: rawPer };
}

async function coldStart(): Promise<void> {
  say('\n## cold start: process start → /readyz 200 (mock mode)');
  try {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { stdio: 'ignore' });
  } catch {
    /* dist may already exist */
  }
  const runs: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < (QUICK ? 2 : 5); i++) {
    const t0 = performance.now();
    execFileSync(process.execPath, ['-e', '0']);
    base.push(performance.now() - t0);
    const started = performance.now();
    const p = spawn(process.execPath, ['dist/main.js'], {
      env: { ...process.env, PERP_CONNECTOR_MODE: 'mock', PORT: '0', HOST: '127.0.0.1', PERP_LOG_LEVEL: 'info', PERP_DB_PATH: ':memory:' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const url = await new Promise<string>((resolve) => {
      let buf = '';
      p.stderr!.on('data', (d: Buffer) => {
        buf += d.toString();
        const m = /"url":"([^"]+)"/.exec(buf);
        if (m) resolve(m[1]!);
      });
    });
    for (;;) {
      const ok = await fetch(`${url}/readyz`)
        .then((r) => r.status === 200)
        .catch(() => false);
      if (ok) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    runs.push(performance.now() - started);
    await new Promise<void>((r) => {
      p.once('exit', () => r());
      p.kill('SIGTERM');
    });
  }
  runs.sort((a, b) => a - b);
  base.sort((a, b) => a - b);
  const med = runs[Math.floor(runs.length / 2)]!;
  const bmed = base[Math.floor(base.length / 2)]!;
  say(
    `- median ${med.toFixed(0)} ms (target ≤ 1000 ms); baseline \`node -e 0\` ${bmed.toFixed(0)} ms → ${(med / bmed).toFixed(1)}× baseline`,
  );
  results.coldStart = { runsMs: runs, medianMs: med, nodeBaselineMs: bmed };
}

async function ingest(): Promise<void> {
  say('\n## ingest: normalized Aster depth frames vs JSON.parse alone');
  const r = await ingestBench(QUICK ? 20_000 : 200_000);
  say(
    `- JSON.parse only: ${r.parseOnlyPerSec.toFixed(0)} frames/s; parse + validate + normalize + store + publish: ${r.fullPerSec.toFixed(0)} frames/s → **${ratio(r.fullPerSec, r.parseOnlyPerSec)} of parse-only** (target ≥ 50 %)`,
  );
  results.ingest = r;
}

const only = process.argv[2];
const all: Record<string, () => Promise<void>> = {
  query: queryBench,
  fanout: fanoutBench,
  memory: memoryBench,
  ingest,
  coldstart: coldStart,
};
say(`# perp-connectors benchmarks — ${results.date as string}`);
say(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}${QUICK ? ' (BENCH_QUICK)' : ''}\n`,
);
for (const [name, fn] of Object.entries(all)) if (!only || only === name) await fn();
mkdirSync('bench/results', { recursive: true });
const stamp = (results.date as string).slice(0, 10);
if (!QUICK) {
  // A partial run (`npm run bench -- fanout`) updates its sections of today's results and keeps the others.
  const file = `bench/results/${stamp}.json`;
  const prev = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  writeFileSync(file, JSON.stringify({ ...prev, ...results }, null, 2) + '\n');
  const md = `bench/results/${stamp}.md`;
  writeFileSync(md, (only && existsSync(md) ? readFileSync(md, 'utf8') + '\n' : '') + lines.join('\n') + '\n');
  say(`\nwrote ${file} and ${md}`);
}
process.exit(0);
