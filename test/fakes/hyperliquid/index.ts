/**
 * Fake Hyperliquid: `POST /info` dispatching on the body's `type` with the real field names and JSON types (fixtures in
 * test/fixtures/hyperliquid/), and the `/ws` WebSocket speaking the venue's subscribe / ping protocol with `l2Book`
 * snapshots and `allMids` pushes the test controls. Faults: per request type (`faultType`: 429 + Retry-After, 5xx,
 * malformed body, schema-violating body, slow answer), plus the generic ones of FakeServer (socket reset on `/info`,
 * dropped sockets, silent stall, refused upgrades). Weights are recorded per request so tests can check the budget.
 */
import { readFileSync } from 'node:fs';
import type { WebSocket } from 'ws';
import { startFake, type Fault, type FakeServer } from '../server.js';

const fixture = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../../fixtures/hyperliquid/${name}.json`, import.meta.url), 'utf8')) as T;

type Level = { px: string; sz: string; n: number };
type Ctx = Record<string, unknown> & { funding: string; markPx: string; midPx: string | null };
type Meta = { universe: Array<{ name: string }>; marginTables: unknown[] };

/** Documented weights (docs/venues/hyperliquid.md §7), as the venue would charge them. */
const WEIGHT: Record<string, number> = { l2Book: 2, allMids: 2 };

export interface InfoCall {
  type: string;
  body: Record<string, unknown>;
  weight: number;
  time: number;
}

export class FakeHyperliquid {
  readonly meta: Meta;
  readonly ctxs: Ctx[];
  readonly books = new Map<string, { bids: Level[]; asks: Level[]; time: number }>();
  readonly history = new Map<string, Array<{ coin: string; fundingRate: string; premium: string; time: number }>>();
  predicted: unknown = fixture('predictedFundings');
  readonly calls: InfoCall[] = [];
  /** Current l2Book subscriptions per socket. */
  readonly subs = new Map<WebSocket, Set<string>>();
  allMidsSubscribers = 0;
  pings = 0;
  private typeFaults: Array<{ type: string; fault: Fault; remaining: number }> = [];

  private constructor(readonly server: FakeServer) {
    const [meta, ctxs] = fixture<[Meta, Ctx[]]>('metaAndAssetCtxs');
    this.meta = meta;
    this.ctxs = ctxs;
    const btc = fixture<{ time: number; levels: [Level[], Level[]] }>('l2Book.BTC');
    this.books.set('BTC', { bids: btc.levels[0], asks: btc.levels[1], time: btc.time });
    for (const [i, a] of meta.universe.entries()) if (!this.books.has(a.name)) this.seedBook(a.name, Number(ctxs[i]!.markPx));
  }

  static async start(): Promise<FakeHyperliquid> {
    const f = new FakeHyperliquid(await startFake());
    f.routes();
    return f;
  }

  get apiUrl(): string {
    return this.server.url;
  }
  get wsUrl(): string {
    return `${this.server.wsUrl}/ws`;
  }

  /** A synthetic 10-level book around `mid`, one tick apart. */
  seedBook(coin: string, mid: number): void {
    const tick = mid / 20_000;
    const lv = (k: number, sign: number): Level => ({ px: (mid + sign * k * tick).toPrecision(6), sz: String(k), n: k });
    this.books.set(coin, {
      bids: Array.from({ length: 10 }, (_, k) => lv(k + 1, -1)),
      asks: Array.from({ length: 10 }, (_, k) => lv(k + 1, 1)),
      time: Date.now(),
    });
  }

  ctx(coin: string): Ctx {
    const i = this.meta.universe.findIndex((a) => a.name === coin);
    if (i < 0) throw new Error(`fake: unknown coin ${coin}`);
    return this.ctxs[i]!;
  }

  /** Fail the next `times` requests of this info type. */
  faultType(type: string, fault: Fault, times = 1): this {
    this.typeFaults.push({ type, fault, remaining: times });
    return this;
  }

  clearFaults(): void {
    this.typeFaults = [];
    this.server.clearFaults();
  }

  /** Calls of a type (all if omitted). */
  count(type?: string): number {
    return this.calls.filter((c) => type === undefined || c.type === type).length;
  }

  /** Max weight charged in any rolling window of `windowMs`. */
  maxWeightInWindow(windowMs: number): number {
    let max = 0;
    for (const c of this.calls) {
      const w = this.calls.filter((d) => d.time >= c.time && d.time - c.time < windowMs).reduce((s, d) => s + d.weight, 0);
      max = Math.max(max, w);
    }
    return max;
  }

  /** Hourly history rows for `days` days ending at the last whole hour; rates cycle so values are checkable. */
  seedHistory(coin: string, days: number): void {
    const end = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    const rows = [];
    for (let t = end - days * 86_400_000; t <= end; t += 3_600_000)
      rows.push({ coin, fundingRate: (0.0000125 * (1 + ((t / 3_600_000) % 4))).toFixed(10), premium: '0.0001', time: t + 7 });
    this.history.set(coin, rows);
  }

  private takeFault(type: string): Fault | null {
    const f = this.typeFaults.find((x) => x.type === type && x.remaining > 0);
    if (!f) return null;
    f.remaining--;
    return f.fault;
  }

  private answer(body: Record<string, unknown>): unknown {
    const type = String(body.type);
    switch (type) {
      case 'metaAndAssetCtxs':
        return [this.meta, this.ctxs];
      case 'allMids':
        return Object.fromEntries(this.meta.universe.map((a, i) => [a.name, this.ctxs[i]!.midPx]).filter(([, m]) => m !== null));
      case 'l2Book': {
        const b = this.books.get(String(body.coin));
        return b ? { coin: body.coin, time: b.time, levels: [b.bids, b.asks] } : null;
      }
      case 'fundingHistory': {
        const start = Number(body.startTime);
        const end = body.endTime === undefined || body.endTime === null ? Date.now() : Number(body.endTime);
        return (this.history.get(String(body.coin)) ?? []).filter((r) => r.time >= start && r.time <= end).slice(0, 500);
      }
      case 'predictedFundings':
        return this.predicted;
      default:
        return { status: 422, body: 'Failed to deserialize the JSON body into the target type' };
    }
  }

  private routes(): void {
    this.server.route('POST', '/info', async (req) => {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(req.body) as Record<string, unknown>;
      } catch {
        return { status: 422, body: 'Failed to deserialize the JSON body into the target type' };
      }
      const type = String(body.type);
      const out = this.answer(body);
      const rows = Array.isArray(out) && type === 'fundingHistory' ? out.length : 0;
      this.calls.push({ type, body, weight: (WEIGHT[type] ?? 20) + Math.floor(rows / 20), time: Date.now() });
      const fault = this.takeFault(type);
      if (fault?.kind === 'status') return { status: fault.status, headers: fault.headers ?? {}, body: fault.body ?? 'null' };
      if (fault?.kind === 'malformed') return { status: 200, headers: {}, body: '{not json' };
      if (fault?.kind === 'body') return { status: 200, headers: {}, body: fault.body };
      if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.ms));
      return out;
    });
    this.server.onWebSocket((ws: WebSocket) => {
      this.subs.set(ws, new Set());
      ws.on('close', () => this.subs.delete(ws));
      ws.on('message', (d) => this.onMessage(ws, d.toString()));
    });
  }

  private onMessage(ws: WebSocket, text: string): void {
    const m = JSON.parse(text) as { method?: string; subscription?: { type?: string; coin?: string } };
    if (m.method === 'ping') {
      this.pings++;
      if (!this.server.isStalled) ws.send(JSON.stringify({ channel: 'pong' }));
      return;
    }
    const sub = m.subscription;
    if ((m.method !== 'subscribe' && m.method !== 'unsubscribe') || !sub) return;
    if (sub.type === 'l2Book' && !this.books.has(String(sub.coin))) {
      ws.send(JSON.stringify({ channel: 'error', data: `Invalid subscription ${JSON.stringify(sub)}` }));
      return;
    }
    const set = this.subs.get(ws)!;
    if (sub.type === 'l2Book') {
      if (m.method === 'subscribe') set.add(String(sub.coin));
      else set.delete(String(sub.coin));
    } else if (sub.type === 'allMids') this.allMidsSubscribers += m.method === 'subscribe' ? 1 : -1;
    ws.send(JSON.stringify({ channel: 'subscriptionResponse', data: m }));
    if (m.method === 'subscribe' && sub.type === 'l2Book') this.pushBook(String(sub.coin), ws);
  }

  /** Coins subscribed on any socket. */
  subscribed(): string[] {
    return [...new Set([...this.subs.values()].flatMap((s) => [...s]))].sort();
  }

  /** Push the current snapshot of `coin` to its subscribers (or one socket). Returns the sockets reached. */
  pushBook(coin: string, only?: WebSocket): number {
    if (this.server.isStalled) return 0;
    const b = this.books.get(coin)!;
    const frame = JSON.stringify({ channel: 'l2Book', data: { coin, time: b.time, levels: [b.bids, b.asks] } });
    let n = 0;
    for (const [ws, coins] of this.subs) {
      if ((only && ws !== only) || !coins.has(coin) || ws.readyState !== ws.OPEN) continue;
      ws.send(frame);
      n++;
    }
    return n;
  }

  /** Replace a coin's book (best first) and push it. */
  setBook(coin: string, bids: Array<[number, number]>, asks: Array<[number, number]>): number {
    const lv = ([p, s]: [number, number]): Level => ({ px: String(p), sz: String(s), n: 1 });
    this.books.set(coin, { bids: bids.map(lv), asks: asks.map(lv), time: Date.now() });
    return this.pushBook(coin);
  }

  /** Push an `allMids` frame (current midPx of every coin, overridable) to every socket. */
  pushMids(over: Record<string, string> = {}): number {
    const mids = Object.fromEntries(this.meta.universe.map((a, i) => [a.name, this.ctxs[i]!.midPx]).filter(([, m]) => m !== null));
    return this.server.broadcast({ channel: 'allMids', data: { mids: { ...mids, ...over } } });
  }

  /** Send a raw text frame to every socket (malformed-frame tests). */
  pushRaw(text: string): number {
    return this.server.broadcast(text);
  }

  close(): Promise<void> {
    return this.server.close();
  }
}
