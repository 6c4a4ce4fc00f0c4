/**
 * Generic fake venue server for tests: real HTTP + WebSocket on 127.0.0.1 port 0, with a fault API.
 * Venue fakes (test/fakes/<venue>/) register routes that speak the venue's wire format.
 *
 * Faults (each applies to requests whose path starts with `path`, `times` times, or until cleared):
 *   { kind: 'status', status: 429, headers: { 'retry-after': '2' } }   → 429 + Retry-After
 *   { kind: 'status', status: 503 }                                    → 5xx
 *   { kind: 'slow', ms: 5000 }                                         → answer after ms (past the client timeout)
 *   { kind: 'malformed' }                                              → body "{not json"
 *   { kind: 'body', body: {...} }                                      → schema-violating JSON
 *   { kind: 'reset' }                                                  → destroy the socket
 * WebSocket: dropSockets() closes every client; stall(true) stops delivering frames (silent stall).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, WebSocket } from 'ws';

export type Fault =
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  | { kind: 'slow'; ms: number }
  | { kind: 'malformed' }
  | { kind: 'body'; body: unknown }
  | { kind: 'reset' };

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
  time: number;
}

export interface FakeResponse {
  status?: number;
  headers?: Record<string, string>;
  /** JSON-serialized unless a string. */
  body: unknown;
}

export type Handler = (req: FakeRequest) => FakeResponse | unknown | Promise<FakeResponse | unknown>;

interface ActiveFault {
  path: string;
  fault: Fault;
  remaining: number;
}

export class FakeServer {
  readonly requests: FakeRequest[] = [];
  private readonly routes = new Map<string, Handler>();
  private readonly streamRoutes = new Map<string, (req: FakeRequest, res: ServerResponse) => void>();
  /** Upgrade requests under these path prefixes are left to another listener (e.g. a Socket.IO server). */
  readonly upgradeExclude: string[] = [];
  private faults: ActiveFault[] = [];
  private server: Server | null = null;
  readonly wss: WebSocketServer;
  private stalled = false;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor() {
    this.wss = new WebSocketServer({ noServer: true });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** Register a handler for METHOD + exact path. Return a FakeResponse ({status, headers, body}) or a plain JSON value. */
  route(method: string, path: string, handler: Handler): this {
    this.routes.set(`${method.toUpperCase()} ${path}`, handler);
    return this;
  }

  /**
   * Register a streaming handler for METHOD + exact path (e.g. Server-Sent Events): it gets the raw response and owns
   * it. Faults apply before it, like for any route.
   */
  routeStream(method: string, path: string, handler: (req: FakeRequest, res: ServerResponse) => void): this {
    this.streamRoutes.set(`${method.toUpperCase()} ${path}`, handler);
    return this;
  }

  /** The underlying node:http server (to attach e.g. Socket.IO); available after start(). */
  get httpServer(): Server {
    if (!this.server) throw new Error('FakeServer not started');
    return this.server;
  }

  /** Inject a fault on paths starting with `path` ('' = all), for `times` requests (Infinity = until cleared). */
  fault(path: string, fault: Fault, times = 1): this {
    this.faults.push({ path, fault, remaining: times });
    return this;
  }

  clearFaults(): void {
    this.faults = [];
  }

  /** Requests whose path starts with `prefix` (all if omitted). */
  count(prefix = '', since = 0): number {
    return this.requests.filter((r) => r.path.startsWith(prefix) && r.time >= since).length;
  }

  /** Max number of requests (matching prefix) in any rolling window of `windowMs`. */
  maxInWindow(windowMs: number, prefix = ''): number {
    const times = this.requests.filter((r) => r.path.startsWith(prefix)).map((r) => r.time);
    let max = 0;
    let lo = 0;
    for (let hi = 0; hi < times.length; hi++) {
      while (times[hi]! - times[lo]! >= windowMs) lo++;
      max = Math.max(max, hi - lo + 1);
    }
    return max;
  }

  /** Handle WebSocket upgrades on paths starting with `prefix`. */
  onWebSocket(cb: (ws: WebSocket, req: IncomingMessage) => void): this {
    this.wss.on('connection', cb);
    return this;
  }

  /** Send a frame to every open client unless stalled. */
  broadcast(data: string | object): number {
    if (this.stalled) return 0;
    const text = typeof data === 'string' ? data : JSON.stringify(data);
    let n = 0;
    for (const c of this.wss.clients) {
      if (c.readyState === WebSocket.OPEN) {
        c.send(text);
        n++;
      }
    }
    return n;
  }

  /** Silent stall: stop delivering frames (and pongs are still automatic in ws; set `true` to stall). */
  stall(on: boolean): void {
    this.stalled = on;
  }
  get isStalled(): boolean {
    return this.stalled;
  }

  /** Drop every WebSocket client abruptly. */
  dropSockets(): void {
    for (const c of this.wss.clients) c.terminate();
  }

  /** Refuse new WebSocket upgrades (stream host down) while true. */
  refuseUpgrades = false;
  /** When each WebSocket upgrade was attempted (refused ones included). */
  readonly upgrades: number[] = [];

  /**
   * Answer new WebSocket upgrades with an HTTP status (429 with or without Retry-After, 5xx) or leave them hanging
   * ('hang': the handshake never completes, a connect timeout) while set. Takes precedence over refuseUpgrades.
   */
  upgradeFault: { status: number; headers?: Record<string, string> } | 'hang' | null = null;

  get wsClients(): number {
    return [...this.wss.clients].filter((c) => c.readyState === WebSocket.OPEN).length;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.server.on('upgrade', (req, socket, head) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      this.upgrades.push(Date.now());
      if (this.upgradeExclude.some((p) => path.startsWith(p))) return;
      if (this.upgradeFault === 'hang') return; // socket kept open, never answered (closed with the server)
      if (this.upgradeFault) {
        const h = Object.entries(this.upgradeFault.headers ?? {}).map(([k, v]) => `${k}: ${v}\r\n`);
        socket.end(`HTTP/1.1 ${this.upgradeFault.status} Fault\r\n${h.join('')}content-length: 0\r\nconnection: close\r\n\r\n`);
        return;
      }
      if (this.refuseUpgrades) {
        socket.destroy();
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  private takeFault(path: string): Fault | null {
    for (const f of this.faults) {
      if (path.startsWith(f.path) && f.remaining > 0) {
        f.remaining--;
        return f.fault;
      }
    }
    this.faults = this.faults.filter((f) => f.remaining > 0);
    return null;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', 'http://x');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const fr: FakeRequest = {
      method: req.method ?? 'GET',
      path: u.pathname,
      query: u.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      time: Date.now(),
    };
    this.requests.push(fr);
    const fault = this.takeFault(fr.path);
    if (fault) {
      switch (fault.kind) {
        case 'status':
          res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
          res.end(fault.body ?? JSON.stringify({ code: -1, msg: `fault ${fault.status}` }));
          return;
        case 'slow':
          await new Promise((r) => setTimeout(r, fault.ms));
          break;
        case 'malformed':
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{not json');
          return;
        case 'body':
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(fault.body));
          return;
        case 'reset':
          req.socket.destroy();
          return;
      }
    }
    const streamer = this.streamRoutes.get(`${fr.method} ${fr.path}`);
    if (streamer) {
      streamer(fr, res);
      return;
    }
    const handler = this.routes.get(`${fr.method} ${fr.path}`);
    if (!handler) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: -1, msg: `no route ${fr.method} ${fr.path}` }));
      return;
    }
    try {
      const out = await handler(fr);
      const isResp = typeof out === 'object' && out !== null && 'body' in out && ('status' in out || 'headers' in out);
      const r: FakeResponse = isResp ? (out as FakeResponse) : { body: out };
      if (res.destroyed) return;
      res.writeHead(r.status ?? 200, { 'content-type': 'application/json', ...r.headers });
      res.end(typeof r.body === 'string' ? r.body : JSON.stringify(r.body));
    } catch (err) {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: (err as Error).message }));
    }
  }

  async close(): Promise<void> {
    for (const c of this.wss.clients) c.terminate();
    await new Promise<void>((r) => this.wss.close(() => r()));
    for (const s of this.sockets) s.destroy();
    if (this.server) await new Promise<void>((r) => this.server!.close(() => r()));
    this.server = null;
  }
}

export async function startFake(): Promise<FakeServer> {
  return new FakeServer().start();
}
