/**
 * Baseline: a raw `ws` broadcast of the same book frames at BENCH_RATE updates/s (default 10) to every client (no GraphQL). The frame
 * is the same size and shape as the gateway's `next` frame, with the emit time in `sequence`. Prints `READY <url>`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, WebSocket } from 'ws';

// GET /stats: the send loops' time (every client of one update, one synchronous turn), as the gateway reports its own.
const loops = { frames: 0, sendLoopMs: 0, sendLoopMaxMs: 0 };
const server = createServer((_req, res) => res.end(JSON.stringify(loops)));
const wss = new WebSocketServer({ server });
const rate = Number(process.env.BENCH_RATE ?? 10);
let n = 0;
const paused = process.env.BENCH_FEED_PAUSED === '1';
wss.on('connection', (ws) => ws.on('message', () => undefined));
setInterval(() => {
  if (paused) return;
  n++;
  const mid = 100_000 + (n % 50);
  const lv = (p: number, s: number) => ({ price: p, size: s });
  const payload = JSON.stringify({
    data: {
      orderBook: {
        sequence: String(Date.now()),
        midPrice: mid,
        bids: [lv(mid - 0.5, 1.2), lv(mid - 1, 2), lv(mid - 1.5, 3), lv(mid - 2, 1), lv(mid - 2.5, 4)],
        asks: [lv(mid + 0.5, 1.1), lv(mid + 1, 2.2), lv(mid + 1.5, 0.7), lv(mid + 2, 5), lv(mid + 2.5, 1)],
      },
    },
  });
  const frame = `{"id":"1","type":"next","payload":${payload}}`;
  const t0 = performance.now();
  for (const c of wss.clients) if (c.readyState === WebSocket.OPEN) c.send(frame);
  const ms = performance.now() - t0;
  loops.frames++;
  loops.sendLoopMs += ms;
  loops.sendLoopMaxMs = Math.max(loops.sendLoopMaxMs, ms);
}, 1000 / rate);
server.listen(0, '127.0.0.1', () => process.stdout.write(`READY ws://127.0.0.1:${(server.address() as AddressInfo).port}\n`));
process.on('SIGTERM', () => process.exit(0));
