/**
 * One load-generator process of the soak (scripts/soak.ts): ACTIVE graphql-ws subscribers on books and funding
 * (alternating, spread over MARKETS) and IDLE ones (connected and subscribed to connectorHealth, which emits only
 * on health changes). Counts frames per active subscriber; after SECONDS prints `RESULT <json>`.
 */
import { WebSocket } from 'ws';

const url = process.env.SOAK_URL!;
const active = Number(process.env.SOAK_ACTIVE ?? 0);
const idle = Number(process.env.SOAK_IDLE ?? 0);
const seconds = Number(process.env.SOAK_SECONDS ?? 60);
const markets = (process.env.SOAK_MARKETS ?? 'aster:BTC-USD-PERP').split(',');

interface Sub {
  kind: 'book' | 'funding' | 'idle';
  key: string;
  frames: number;
  closed: boolean;
}
const subs: Sub[] = [];

function query(i: number): { kind: Sub['kind']; key: string; q: string } {
  const m = markets[Math.floor(i / 2) % markets.length]!;
  return i % 2 === 0
    ? {
        kind: 'book',
        key: m,
        q: `subscription { orderBook(market: "${m}", levels: 5) { sequence midPrice bids { price size } asks { price size } } }`,
      }
    : {
        kind: 'funding',
        key: m,
        q: `subscription { fundingRates(markets: ["${m}"]) { market ratePerHour longCostPerHour freshness { asOf } } }`,
      };
}

function open(sub: Sub, q: string): Promise<void> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, 'graphql-transport-ws');
    ws.on('open', () => ws.send('{"type":"connection_init"}'));
    ws.on('message', (d) => {
      const s = d.toString();
      if (s.startsWith('{"type":"connection_ack"')) {
        ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: q } }));
        resolve();
      } else if (s.startsWith('{"id":"1","type":"next"')) sub.frames++;
    });
    ws.on('close', () => {
      sub.closed = true;
      resolve();
    });
    ws.on('error', () => resolve());
  });
}

const started = Date.now();
for (let i = 0; i < active + idle; i += 250) {
  await Promise.all(
    Array.from({ length: Math.min(250, active + idle - i) }, (_, j) => {
      const n = i + j;
      const q = n < active ? query(n) : { kind: 'idle' as const, key: 'health', q: 'subscription { connectorHealth { venue status } }' };
      const sub: Sub = { kind: q.kind, key: q.key, frames: 0, closed: false };
      subs.push(sub);
      return open(sub, q.q);
    }),
  );
}
process.stdout.write(`RAMPED ${Date.now() - started}\n`);
await new Promise((r) => setTimeout(r, Math.max(0, seconds * 1000 - (Date.now() - started))));
const out = subs.filter((s) => s.kind !== 'idle').map((s) => [s.kind, s.key, s.frames, s.closed ? 1 : 0]);
process.stdout.write(`RESULT ${JSON.stringify({ active: out, idleClosed: subs.filter((s) => s.kind === 'idle' && s.closed).length })}\n`);
process.exit(0);
