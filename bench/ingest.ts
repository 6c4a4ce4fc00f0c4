/**
 * Ingest benchmark: recorded-shape Aster depth diff frames through the real hot path — hand-checked parse
 * (src/venues/aster/stream.ts), local-book sync (book.ts), top-5 normalization (normalize.ts), the latest-state
 * store and the bus — against JSON.parse alone on the same frames.
 */
import { LatestStore } from '../src/store/latest.js';
import { InProcessBus } from '../src/app/bus.js';
import { LocalBook } from '../src/venues/aster/book.js';
import { levels, orderBook } from '../src/venues/aster/normalize.js';
import { parseFrame } from '../src/venues/aster/stream.js';

export function benchFrames(n: number): string[] {
  const out: string[] = [];
  let u = 1000;
  for (let i = 0; i < n; i++) {
    const pu = u;
    const U = u + 1;
    u = U + 3;
    const mid = 100_000 + (i % 200) * 0.1;
    const b = Array.from({ length: 6 }, (_, k) => [
      (mid - 0.5 - k * 0.1).toFixed(1),
      ((i + k) % 7 === 0 ? 0 : 1 + ((i * 7 + k) % 13) / 10).toFixed(3),
    ]);
    const a = Array.from({ length: 6 }, (_, k) => [
      (mid + 0.5 + k * 0.1).toFixed(1),
      ((i + k) % 5 === 0 ? 0 : 1 + ((i * 3 + k) % 11) / 10).toFixed(3),
    ]);
    out.push(
      JSON.stringify({
        stream: 'btcusdt@depth@100ms',
        data: { e: 'depthUpdate', E: 1750146970000 + i * 100, T: 1750146970000 + i * 100, s: 'BTCUSDT', U, u, pu, b, a },
      }),
    );
  }
  return out;
}

export function makeIngest(): (text: string) => void {
  const book = new LocalBook();
  const bids: Array<[number, number]> = [];
  const asks: Array<[number, number]> = [];
  for (let k = 0; k < 20; k++) {
    bids.push([100_000 - 0.5 - k * 0.1, 1]);
    asks.push([100_000 + 0.5 + k * 0.1, 1]);
  }
  book.snapshot(1000, bids, asks);
  const store = new LatestStore();
  const bus = new InProcessBus();
  bus.subscribe((e) => store.apply(e));
  return (text) => {
    const m = parseFrame(text);
    if (m.kind !== 'depth') throw new Error('unexpected frame');
    if (book.apply(m.diff) !== 'applied') throw new Error('book out of sync');
    const t = book.top(5);
    const ob = orderBook('aster:BTC-USD-PERP', levels(t.bids, 5, 'b'), levels(t.asks, 5, 'a'), book.sequence, {
      asOf: m.diff.E,
      slaMs: 30_000,
      source: 'LIVE',
    });
    bus.publish({ type: 'book', venue: 'aster', book: ob, plane: 'live' });
  };
}

export async function ingestBench(frames: number): Promise<{ frames: number; parseOnlyPerSec: number; fullPerSec: number }> {
  const texts = benchFrames(frames);
  // Warm-up both paths, then measure.
  const warm = makeIngest();
  for (const t of texts.slice(0, 2000)) warm(t);
  let sink = 0;
  let t0 = performance.now();
  for (const t of texts) sink += (JSON.parse(t) as { data: { u: number } }).data.u;
  const parseOnly = frames / ((performance.now() - t0) / 1000);
  const ingest = makeIngest();
  t0 = performance.now();
  for (const t of texts) ingest(t);
  const full = frames / ((performance.now() - t0) / 1000);
  if (sink < 0) throw new Error('unreachable');
  return Promise.resolve({ frames, parseOnlyPerSec: parseOnly, fullPerSec: full });
}
