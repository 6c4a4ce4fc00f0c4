/**
 * Fake Aster (fapi): REST routes with the real paths, field names and JSON types (fixtures in
 * test/fixtures/aster/), X-MBX-USED-WEIGHT-1M headers, and the combined market stream (`/stream?streams=`)
 * emitting `!markPrice@arr@1s`, `!bookTicker` and `<sym>@depth@100ms` diffs with update ids the test controls (gaps on
 * demand); signed routes verifying V1 HMAC and V3 EIP-712 signatures (signed.ts); `{ symbols: n }` lists n symbols.
 */
import type { WebSocket } from 'ws';
import { startFake, type FakeServer } from '../server.js';
import { installSigned, type FakeAuth, type SignedData } from './signed.js';
import { fixture, served, universe, type Universe } from './universe.js';

export interface AsterState {
  marks: Record<string, { mark: number; index: number; rate: number; next: number }>;
  /** Resting book per symbol: price → qty. */
  books: Record<string, { bids: Map<number, number>; asks: Map<number, number>; lastUpdateId: number }>;
  oi: Record<string, number>;
  history: Record<string, Array<{ fundingRate: string; fundingTime: number }>>;
}

export class FakeAster {
  streams: string[] = [];
  readonly state: AsterState = {
    marks: {
      BTCUSDT: { mark: 100_000.5, index: 100_010.25, rate: 0.0001, next: Date.now() + 3_600_000 },
      ETHUSDT: { mark: 3_500.25, index: 3_501, rate: -0.00002, next: Date.now() + 3_600_000 },
      ASTERUSDT: { mark: 1.12, index: 1.121, rate: 0.0001, next: Date.now() + 1_800_000 },
    },
    books: {},
    oi: { BTCUSDT: 5599.89, ETHUSDT: 120_000.5, ASTERUSDT: 3_000_000 },
    history: {},
  };
  /** Keys the signed routes accept (V1 HMAC pair, V3 user + agent); see signed.ts. */
  readonly auth: FakeAuth = { v1: { apiKey: 'k-test', secret: 's-test' }, v3: null, clockOffsetMs: 0 };
  /** The account data the signed routes serve. */
  readonly signedData: SignedData = {
    commission: { maker: '0.00020000', taker: '0.00040000' },
    brackets: [
      {
        symbol: 'BTCUSDT',
        brackets: [
          { bracket: 1, initialLeverage: 75, notionalCap: 10_000, notionalFloor: 0, maintMarginRatio: 0.0065, cum: 0 },
          { bracket: 2, initialLeverage: 50, notionalCap: 50_000, notionalFloor: 10_000, maintMarginRatio: 0.01, cum: 35 },
        ],
      },
    ],
  };
  /** Signed requests whose signature verified, per scheme. */
  readonly verified = { v1: 0, v3: 0 };
  /** Every open-interest read, by symbol: the times it was served. */
  readonly oiReads = new Map<string, number[]>();
  private readonly listing: Universe;
  private constructor(
    readonly server: FakeServer,
    symbols: number,
  ) {
    this.listing = universe(symbols);
    for (const { symbol, mark } of this.listing.extra) {
      this.state.marks[symbol] = { mark, index: mark, rate: 0.0001, next: Date.now() + 3_600_000 };
      this.state.oi[symbol] = 1000 + mark;
    }
  }

  /** A fake listing the three fixture symbols, or `symbols` in all (generated `S<n>USDT` added). */
  static async start(o: { symbols?: number } = {}): Promise<FakeAster> {
    const f = new FakeAster(await startFake(), o.symbols ?? 3);
    f.seed();
    return f;
  }

  /** Every symbol the connector serves (trading perpetuals with a base asset). */
  get symbols(): string[] {
    return this.listing.exchangeInfo.symbols.filter(served).map((s) => s.symbol);
  }

  get restUrl(): string {
    return this.server.url;
  }
  get wsUrl(): string {
    return this.server.wsUrl;
  }

  private seed(): void {
    for (const [s, m] of Object.entries(this.state.marks)) {
      const bids = new Map<number, number>();
      const asks = new Map<number, number>();
      const tick = m.mark > 1000 ? 0.5 : 0.0001;
      for (let k = 1; k <= 10; k++) {
        bids.set(Number((m.mark - k * tick).toFixed(4)), k);
        asks.set(Number((m.mark + k * tick).toFixed(4)), k);
      }
      this.state.books[s] = { bids, asks, lastUpdateId: 1000 };
    }
    const weight = { 'X-MBX-USED-WEIGHT-1M': '12' };
    const v = (p: string) => ['v1', 'v3'].map((x) => `/fapi/${x}${p}`);
    const route = (p: string, h: Parameters<FakeServer['route']>[2]) => v(p).forEach((path) => this.server.route('GET', path, h));
    route('/exchangeInfo', () => ({ headers: weight, body: this.listing.exchangeInfo }));
    route('/fundingInfo', () => fixture('fundingInfo'));
    route('/ticker/24hr', () => ({ headers: weight, body: this.listing.ticker24hr }));
    route('/premiumIndex', () =>
      Object.entries(this.state.marks).map(([symbol, m]) => ({
        symbol,
        markPrice: m.mark.toFixed(8),
        indexPrice: m.index.toFixed(8),
        estimatedSettlePrice: m.mark.toFixed(8),
        lastFundingRate: m.rate.toFixed(8),
        interestRate: '0.00010000',
        nextFundingTime: m.next,
        time: Date.now(),
      })),
    );
    route('/depth', (req) => {
      const s = req.query.get('symbol') ?? '';
      const b = this.state.books[s];
      if (!b) return { status: 400, body: { code: -1121, msg: 'Invalid symbol.' } };
      const n = Number(req.query.get('limit') ?? 500);
      const side = (m: Map<number, number>, desc: boolean) =>
        [...m]
          .sort((a, c) => (desc ? c[0] - a[0] : a[0] - c[0]))
          .slice(0, n)
          .map(([p, q]) => [String(p), String(q)]);
      return {
        headers: weight,
        body: { lastUpdateId: b.lastUpdateId, E: Date.now(), T: Date.now(), bids: side(b.bids, true), asks: side(b.asks, false) },
      };
    });
    route('/openInterest', (req) => {
      const s = req.query.get('symbol') ?? '';
      this.oiReads.set(s, [...(this.oiReads.get(s) ?? []), Date.now()]);
      return s in this.state.oi
        ? { symbol: s, openInterest: this.state.oi[s]!.toFixed(3), time: Date.now() }
        : { status: 400, body: { code: -1121, msg: 'Invalid symbol.' } };
    });
    route('/fundingRate', (req) => {
      const s = req.query.get('symbol') ?? '';
      const start = Number(req.query.get('startTime') ?? 0);
      const end = Number(req.query.get('endTime') ?? Date.now());
      const limit = Math.min(1000, Number(req.query.get('limit') ?? 100));
      return (this.state.history[s] ?? [])
        .filter((r) => r.fundingTime >= start && r.fundingTime <= end)
        .slice(0, limit)
        .map((r) => ({ symbol: s, ...r }));
    });
    route('/time', () => ({ serverTime: Date.now() + this.auth.clockOffsetMs }));
    installSigned(this.server, this.auth, this.signedData, this.verified);
    this.server.onWebSocket((ws: WebSocket, req) => {
      const u = new URL(req.url ?? '/', 'http://x');
      this.streams = (u.searchParams.get('streams') ?? '').split('/').filter(Boolean);
      ws.on('message', (d) => {
        const m = JSON.parse(d.toString()) as { method?: string; id?: number };
        if (m.method) ws.send(JSON.stringify({ result: null, id: m.id }));
      });
    });
  }

  /** Push one `!markPrice@arr@1s` frame with the current marks. */
  pushMarks(eventTime = Date.now()): number {
    const data = Object.entries(this.state.marks).map(([s, m]) => ({
      e: 'markPriceUpdate',
      E: eventTime,
      s,
      p: m.mark.toFixed(8),
      P: m.mark.toFixed(8),
      i: m.index.toFixed(8),
      r: m.rate.toFixed(8),
      T: m.next,
    }));
    return this.server.broadcast({ stream: '!markPrice@arr@1s', data });
  }

  /** Push one `!bookTicker` event per listed symbol (best bid/ask of its resting book). */
  pushBookTickers(eventTime = Date.now()): number {
    let sent = 0;
    for (const [s, b] of Object.entries(this.state.books)) {
      const bid = Math.max(...b.bids.keys());
      const ask = Math.min(...b.asks.keys());
      const data = {
        e: 'bookTicker',
        u: b.lastUpdateId,
        E: eventTime,
        T: eventTime,
        s,
        b: String(bid),
        B: String(b.bids.get(bid)),
        a: String(ask),
        A: String(b.asks.get(ask)),
      };
      sent += this.server.broadcast({ stream: '!bookTicker', data });
    }
    return sent;
  }

  /** Apply a change to the resting book and push it as a diff; `gap` skips update ids to break the pu chain. */
  pushDiff(symbol: string, bids: Array<[number, number]>, asks: Array<[number, number]>, opts: { gap?: boolean } = {}): number {
    const b = this.state.books[symbol]!;
    const pu = b.lastUpdateId;
    const U = pu + 1 + (opts.gap ? 5 : 0);
    const u = U + 2;
    b.lastUpdateId = u;
    for (const [p, q] of bids) {
      if (q === 0) b.bids.delete(p);
      else b.bids.set(p, q);
    }
    for (const [p, q] of asks) {
      if (q === 0) b.asks.delete(p);
      else b.asks.set(p, q);
    }
    const data = {
      e: 'depthUpdate',
      E: Date.now(),
      T: Date.now(),
      s: symbol,
      U,
      u,
      pu: opts.gap ? pu + 3 : pu,
      b: bids.map(([p, q]) => [String(p), String(q)]),
      a: asks.map(([p, q]) => [String(p), String(q)]),
    };
    return this.server.broadcast({ stream: `${symbol.toLowerCase()}@depth@100ms`, data });
  }

  /** 8h history rows for `days` days ending now. */
  seedHistory(symbol: string, days: number, everyHours = 8): void {
    const rows: Array<{ fundingRate: string; fundingTime: number }> = [];
    const step = everyHours * 3_600_000;
    const end = Math.floor(Date.now() / step) * step;
    for (let t = end - days * 86_400_000; t <= end; t += step)
      rows.push({ fundingRate: (0.0001 * (1 + ((t / step) % 5) / 10)).toFixed(8), fundingTime: t });
    this.state.history[symbol] = rows;
  }

  close(): Promise<void> {
    return this.server.close();
  }
}
