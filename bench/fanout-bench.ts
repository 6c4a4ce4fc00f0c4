/**
 * The fan-out section of `npm run bench`: N graphql-ws subscribers to one order book vs a raw `ws` broadcast of the
 * same frames at the same rate, clients spread over several load-generator processes. Arguments (or env):
 *   --subscribers 2000,10000   (BENCH_FANOUT_N)       subscriber counts, one run each
 *   --clients 12               (BENCH_FANOUT_PROCS)   load-generator processes (default 4)
 *   --rate 10                  (BENCH_RATE)           updates per second
 *   --seconds 5                                       counted seconds per run
 * Besides throughput and update→client p50/p99, each side reports the time of its send loops (all subscribers of
 * one update, one synchronous turn): where the time per frame goes on the server.
 */
import { fanoutSpread, type FanoutResult } from './fanout.js';
import { numArg, ratio, startChild, strArg } from './lib.js';

interface Loops {
  frames: number;
  sendLoopMs: number;
  sendLoopMaxMs: number;
}

export interface FanoutRun {
  n: number;
  processes: number;
  rate: number;
  raw: FanoutResult & { loops: Loops };
  gateway: FanoutResult & { loops: Loops; sentShared: number };
  ratio: number;
  p99VsRaw: number;
  conflated: number;
}

/** A gauge's value from a Prometheus text exposition (0 when absent). */
const gauge = (text: string, name: string): number => Number(new RegExp(`^${name} ([0-9.e+-]+)$`, 'm').exec(text)?.[1] ?? 0);

const perFrame = (l: Loops) => `${(l.sendLoopMs / Math.max(1, l.frames)).toFixed(2)} ms/frame (max ${l.sendLoopMaxMs.toFixed(1)})`;

async function oneRun(n: number, o: { procs: number; rate: number; secs: number }): Promise<FanoutRun> {
  const env = { BENCH_RATE: String(o.rate) };
  process.stdout.write(`  (N=${n}: raw ws…)\n`);
  const raw = await startChild('servers/raw-ws', env);
  const r = await fanoutSpread({ url: raw.url, clients: n, graphql: false, seconds: o.secs, processes: o.procs, rate: o.rate });
  const rawLoops = (await (await fetch(raw.url.replace('ws', 'http') + '/stats')).json()) as Loops;
  await raw.stop();
  process.stdout.write(`  (N=${n}: gateway…)\n`);
  const gw = await startChild('servers/gateway', { ...env, BENCH_FEED: '1' });
  const wsUrl = gw.url.replace('http', 'ws') + '/graphql';
  const g = await fanoutSpread({ url: wsUrl, clients: n, graphql: true, seconds: o.secs, processes: o.procs, rate: o.rate });
  const stats = await (await fetch(`${gw.url}/metrics`)).text();
  await gw.stop();
  const loops: Loops = {
    frames: gauge(stats, 'perp_gateway_subscription_executions_total'),
    sendLoopMs: gauge(stats, 'perp_gateway_subscription_send_loop_ms_total'),
    sendLoopMaxMs: gauge(stats, 'perp_gateway_subscription_send_loop_max_ms'),
  };
  return {
    n,
    processes: o.procs,
    rate: o.rate,
    raw: { ...r, loops: rawLoops },
    gateway: { ...g, loops, sentShared: gauge(stats, 'perp_gateway_subscription_frames_shared_total') },
    ratio: g.deliveredPerSec / r.deliveredPerSec,
    p99VsRaw: g.p99Ms / Math.max(1, r.p99Ms),
    conflated: gauge(stats, 'perp_gateway_subscription_conflated_total'),
  };
}

export async function fanoutBench(say: (s: string) => void, quick: boolean): Promise<FanoutRun[]> {
  const procs = numArg('clients', Number(process.env.BENCH_FANOUT_PROCS ?? 4));
  const rate = numArg('rate', Number(process.env.BENCH_RATE ?? 10));
  const secs = numArg('seconds', quick ? 3 : 5);
  const list = strArg('subscribers') ?? process.env.BENCH_FANOUT_N ?? (quick ? '1000' : '2000,10000');
  const counts = list.split(',').map(Number);
  if (counts.some((c) => !Number.isInteger(c) || c <= 0))
    throw new RangeError(`--subscribers: expected counts like 2000,10000, got ${list}`);
  say(`\n## fan-out: graphql-ws subscribers vs raw ws broadcast, ${rate} updates/s, clients over ${procs} processes`);
  const out: FanoutRun[] = [];
  for (const n of counts) {
    const x = await oneRun(n, { procs, rate, secs });
    const { raw: r, gateway: g } = x;
    say(
      `- N=${n}: raw ws ${r.deliveredPerSec.toFixed(0)}/s (p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms); gateway ${g.deliveredPerSec.toFixed(0)}/s (p50 ${g.p50Ms} ms, p99 ${g.p99Ms} ms) → **${ratio(g.deliveredPerSec, r.deliveredPerSec)} of raw**, p99 ${x.p99VsRaw.toFixed(2)}× raw's (target ≤ 1.2×); expected ${g.expectedPerSec}/s`,
    );
    say(`  send loops: raw ${perFrame(r.loops)}; gateway ${perFrame(g.loops)}; shared pre-framed writes ${g.sentShared}`);
    out.push(x);
  }
  return out;
}
