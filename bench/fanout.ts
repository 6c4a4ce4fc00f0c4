/** Fan-out measurement: N WebSocket subscribers, counting delivered frames and update→client latency. */
import { spawn } from 'node:child_process';
import { WebSocket } from 'ws';
import { benchScript, percentile } from './lib.js';

const SEQ = /"sequence":"(\d+)"/;

export interface FanoutResult {
  clients: number;
  connected: number;
  deliveredPerSec: number;
  expectedPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Load-generator processes the clients were spread over (1 = in this process). */
  processes?: number;
  /** Sampled update→client latencies (every 8th frame), ascending; kept for merging across processes. */
  samples?: number[];
}

export async function fanout(opts: {
  url: string;
  clients: number;
  graphql: boolean;
  seconds: number;
  /** Updates per second the server sends (expected frames per subscriber per second). */
  rate?: number;
  query?: string;
}): Promise<FanoutResult> {
  const sockets: WebSocket[] = [];
  let counting = false;
  let delivered = 0;
  const lat: number[] = [];
  const subscribe = JSON.stringify({
    id: '1',
    type: 'subscribe',
    payload: {
      query:
        opts.query ??
        'subscription { orderBook(market: "aster:BTC-USD-PERP", levels: 5) { sequence midPrice bids { price size } asks { price size } } }',
    },
  });
  const open = (): Promise<void> =>
    new Promise((resolve) => {
      const ws = opts.graphql ? new WebSocket(opts.url, 'graphql-transport-ws') : new WebSocket(opts.url);
      sockets.push(ws);
      let done = false;
      const finish = () => {
        if (!done) {
          done = true;
          resolve();
        }
      };
      ws.on('open', () => {
        if (opts.graphql) ws.send('{"type":"connection_init"}');
        else finish();
      });
      ws.on('message', (data) => {
        const s = data.toString();
        if (opts.graphql && s.startsWith('{"type":"connection_ack"')) {
          finish(); // subscribe once every client is connected, so the ramp is not slowed by traffic
          return;
        }
        if (!counting) return;
        const m = SEQ.exec(s);
        if (!m) return;
        delivered++;
        if ((delivered & 7) === 0) lat.push(Date.now() - Number(m[1]));
      });
      ws.on('error', finish);
      ws.on('close', finish);
    });
  // Connect in batches, each bounded in time; a ramp that cannot finish within 60 s is reported, not awaited forever.
  const rampDeadline = Date.now() + 60_000;
  for (let i = 0; i < opts.clients && Date.now() < rampDeadline; i += 500) {
    await Promise.race([
      Promise.all(Array.from({ length: Math.min(500, opts.clients - i) }, open)),
      new Promise((r) => setTimeout(r, 10_000)),
    ]);
  }
  if (opts.graphql) for (const s of sockets) if (s.readyState === WebSocket.OPEN) s.send(subscribe);
  const connected = sockets.filter((s) => s.readyState === WebSocket.OPEN).length;
  await new Promise((r) => setTimeout(r, 1500));
  counting = true;
  const t0 = Date.now();
  await new Promise((r) => setTimeout(r, opts.seconds * 1000));
  counting = false;
  const secs = (Date.now() - t0) / 1000;
  for (const s of sockets) s.terminate();
  lat.sort((a, b) => a - b);
  return {
    clients: opts.clients,
    connected,
    deliveredPerSec: delivered / secs,
    expectedPerSec: connected * (opts.rate ?? 10),
    p50Ms: percentile(lat, 50),
    p99Ms: percentile(lat, 99),
    samples: lat,
  };
}

/**
 * The same measurement with the clients spread over `processes` load-generator processes (bench/fanout-worker.ts),
 * so the client side is not the bottleneck on a multi-core machine. Delivered frames are summed and the latency
 * samples merged before taking percentiles.
 */
export async function fanoutSpread(opts: {
  url: string;
  clients: number;
  graphql: boolean;
  seconds: number;
  processes: number;
  rate: number;
}): Promise<FanoutResult> {
  const per = Math.ceil(opts.clients / opts.processes);
  const runs = Array.from({ length: opts.processes }, (_, i) => {
    const n = Math.min(per, opts.clients - i * per);
    const w = spawn(process.execPath, benchScript('fanout-worker'), {
      env: {
        ...process.env,
        FANOUT_URL: opts.url,
        FANOUT_CLIENTS: String(n),
        FANOUT_GRAPHQL: opts.graphql ? '1' : '0',
        FANOUT_SECONDS: String(opts.seconds),
        FANOUT_RATE: String(opts.rate),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    return new Promise<FanoutResult>((resolve, reject) => {
      let out = '';
      w.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      w.on('exit', () => {
        const m = /RESULT (.+)/.exec(out);
        if (m) resolve(JSON.parse(m[1]!) as FanoutResult);
        else reject(new Error(`fan-out worker exited without a result: ${out.slice(-300)}`));
      });
    });
  });
  const parts = await Promise.all(runs);
  const lat = parts.flatMap((p) => p.samples ?? []).sort((a, b) => a - b);
  const connected = parts.reduce((a, p) => a + p.connected, 0);
  return {
    clients: opts.clients,
    connected,
    deliveredPerSec: parts.reduce((a, p) => a + p.deliveredPerSec, 0),
    expectedPerSec: connected * opts.rate,
    p50Ms: percentile(lat, 50),
    p99Ms: percentile(lat, 99),
    processes: opts.processes,
  };
}

/** Open N idle subscribers and return them (for the memory figure). */
export async function idleSubscribers(url: string, n: number, graphql = true): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  const subscribe = (i: number) =>
    JSON.stringify({
      id: String(i),
      type: 'subscribe',
      payload: { query: 'subscription { orderBook(market: "aster:BTC-USD-PERP", levels: 5) { sequence midPrice } }' },
    });
  for (let i = 0; i < n; i += 500) {
    await Promise.all(
      Array.from(
        { length: Math.min(500, n - i) },
        (_, j) =>
          new Promise<void>((resolve) => {
            const ws = graphql ? new WebSocket(url, 'graphql-transport-ws') : new WebSocket(url);
            sockets.push(ws);
            ws.on('open', () => (graphql ? ws.send('{"type":"connection_init"}') : resolve()));
            ws.on('message', (d) => {
              if (d.toString().startsWith('{"type":"connection_ack"')) {
                ws.send(subscribe(i + j));
                resolve();
              }
            });
            ws.on('error', () => resolve());
          }),
      ),
    );
  }
  return sockets;
}
