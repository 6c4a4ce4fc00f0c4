/**
 * `npm run bench`: every figure is printed with a baseline measured in the same run on the same machine, as a
 * ratio, plus raw numbers; results go to bench/results/<date>[-<section>].{json,md}.
 *   query     cached `markets` (all venues, funding + depth5) vs bare node:http sending the byte-identical body;
 *             peer line: the same query with the response cache off (naive Apollo execution)
 *   latency   p50/p99 at a fixed rate of 50 % of the bare server's capacity
 *   fanout    N graphql-ws subscribers (2 000, 10 000; clients over several processes) vs a raw ws broadcast, 10 updates/s;
 *             `npm run bench -- fanout --subscribers 10000 --clients 12 --rate 10` (bench/fanout-bench.ts)
 *   memory    server RSS per idle subscriber at 10 000 subscribers
 *   ingest    normalized Aster depth frames/s vs JSON.parse alone on the same recorded frames
 *   coldstart process start to /readyz in mock mode (dist/main.js) vs `node -e 0` and a bare node:http server
 * BENCH_QUICK=1 shortens durations (smoke run). The first argument selects one section.
 * Compiled, for a production install (no tsx): `npm run bench:build`, then `node dist-bench/bench/run.js <section> …`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { coldStart } from './coldstart.js';
import { idleSubscribers } from './fanout.js';
import { fanoutBench } from './fanout-bench.js';
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
  const gw = await startChild('servers/gateway');
  const body = await (await fetch(`${gw.url}/graphql`, { method: 'POST', headers: HEADERS, body: QUERY })).text();
  const file = join(tmpdir(), `bench-body-${process.pid}.json`);
  writeFileSync(file, body);
  const bare = await startChild('servers/bare', { BENCH_BODY_FILE: file });
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
  const naive = await startChild('servers/gateway', { PERP_RESPONSE_CACHE_MS: '0' });
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

async function fanoutSection(): Promise<void> {
  results.fanout = await fanoutBench(say, QUICK);
}

async function memoryBench(): Promise<void> {
  say('\n## memory: RSS per idle subscriber');
  const n = QUICK ? 2000 : 10000;
  const gw = await startChild('servers/gateway', { BENCH_FEED: '1', BENCH_FEED_PAUSED: '1' });
  await new Promise((r) => setTimeout(r, 1000));
  const before = gw.rssKb();
  const socks = await idleSubscribers(gw.url.replace('http', 'ws') + '/graphql', n);
  await new Promise((r) => setTimeout(r, 2000));
  const after = gw.rssKb();
  const perSub = ((after - before) * 1024) / n;
  const raw = await startChild('servers/raw-ws', { BENCH_FEED_PAUSED: '1' });
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

async function coldStartSection(): Promise<void> {
  results.coldStart = await coldStart(say, QUICK);
}

async function ingest(): Promise<void> {
  say('\n## ingest: normalized Aster depth frames vs JSON.parse alone');
  const r = await ingestBench(QUICK ? 20_000 : 200_000);
  say(
    `- JSON.parse only: ${r.parseOnlyPerSec.toFixed(0)} frames/s; parse + validate + normalize + store + publish: ${r.fullPerSec.toFixed(0)} frames/s → **${ratio(r.fullPerSec, r.parseOnlyPerSec)} of parse-only** (target ≥ 50 %)`,
  );
  results.ingest = r;
}

const only = process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : undefined;
const all: Record<string, () => Promise<void>> = {
  query: queryBench,
  fanout: fanoutSection,
  memory: memoryBench,
  ingest,
  coldstart: coldStartSection,
};
say(`# perp-connectors benchmarks — ${results.date as string}`);
say(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}${QUICK ? ' (BENCH_QUICK)' : ''}\n`,
);
for (const [name, fn] of Object.entries(all)) if (!only || only === name) await fn();
mkdirSync('bench/results', { recursive: true });
const stamp = (results.date as string).slice(0, 10);
if (!QUICK) {
  // One file pair per run: bench/results/<date>.{json,md}, or <date>-<section>.{json,md} for one section.
  const base = `bench/results/${stamp}${only ? `-${only}` : ''}`;
  writeFileSync(`${base}.json`, JSON.stringify(results, null, 2) + '\n');
  writeFileSync(`${base}.md`, lines.join('\n') + '\n');
  say(`\nwrote ${base}.json and ${base}.md`);
}
process.exit(0);
