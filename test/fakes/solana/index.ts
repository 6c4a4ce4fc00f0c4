/**
 * A fake Solana node for the Jupiter connector: JSON-RPC 2.0 over HTTP on `/rpc` (getMultipleAccounts,
 * getAccountInfo, getSlot, getHealth; single and batched) and the WebSocket pub/sub on `/ws` (accountSubscribe,
 * accountNotification, accountUnsubscribe), plus fake perps-api (`/v1/pool-info`, `/v2/market-stats`) and Price API
 * (`/price/v3`) routes. Accounts are bytes built by the layout-driven encoder (encode.ts). Faults: the generic
 * FakeServer fault API on `/rpc` (HTTP) and on `/v1`, `/v2`, `/price`; JSON-RPC errors injected per request;
 * dropSockets/stall/refuseUpgrades for the WebSocket; notification floods and out-of-order slots.
 */
import type { WebSocket } from 'ws';
import type { FakeServer } from '../server.js';
import { startFake } from '../server.js';

export interface FakeAccount {
  owner: string;
  data: Buffer;
  lamports?: number;
}

interface RpcReq {
  id?: unknown;
  method?: string;
  params?: unknown[];
}
type RpcErr = { code: number; message: string };

export class FakeSolana {
  readonly accounts = new Map<string, FakeAccount>();
  /** Slot of the node; every write advances it. */
  slot = 300_000_000;
  /** JSON-RPC errors answered (once each) instead of the next requests' results. */
  readonly rpcErrors: RpcErr[] = [];
  readonly methods: string[] = [];
  /** perps-api / price-api answers by mint (tests set them). */
  readonly poolInfo = new Map<string, Record<string, string>>();
  readonly marketStats = new Map<string, Record<string, string>>();
  readonly spot = new Map<string, number>();
  /** Subscriptions: id → (socket, account). */
  readonly subscriptions = new Map<number, { ws: WebSocket; key: string }>();
  private nextSub = 1;
  private keeper: NodeJS.Timeout | null = null;

  private constructor(readonly server: FakeServer) {}

  static async start(): Promise<FakeSolana> {
    const f = new FakeSolana(await startFake());
    f.server.route('POST', '/rpc', (req) => f.rpc(req.body));
    f.server.route('GET', '/v1/pool-info', (req) => f.byMint(f.poolInfo, req.query.get('mint')));
    f.server.route('GET', '/v2/market-stats', (req) => f.byMint(f.marketStats, req.query.get('mint')));
    f.server.route('GET', '/price/v3', (req) => {
      const out: Record<string, { usdPrice: number; decimals: number }> = {};
      for (const id of (req.query.get('ids') ?? '').split(',')) {
        const p = f.spot.get(id);
        if (p !== undefined) out[id] = { usdPrice: p, decimals: 6 };
      }
      return out;
    });
    f.server.onWebSocket((ws) => {
      ws.on('message', (raw: Buffer) => f.pubsub(ws, raw.toString('utf8')));
      ws.on('close', () => {
        for (const [id, s] of f.subscriptions) if (s.ws === ws) f.subscriptions.delete(id);
      });
    });
    return f;
  }

  get rpcUrl(): string {
    return `${this.server.url}/rpc`;
  }
  get wsUrl(): string {
    return `${this.server.wsUrl}/ws`;
  }
  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      SOLANA_RPC_URL: this.rpcUrl,
      SOLANA_WS_URL: this.wsUrl,
      JUPITER_PERPS_API_URL: this.server.url,
      JUPITER_PRICE_API_URL: this.server.url,
      ...extra,
    };
  }

  /** Write an account (advances the slot) and notify its subscribers unless `silent`. */
  set(key: string, account: FakeAccount, o: { silent?: boolean; slot?: number } = {}): number {
    const slot = o.slot ?? ++this.slot;
    this.accounts.set(key, account);
    if (!o.silent) this.notify(key, account.data, slot);
    return slot;
  }

  /** Send one accountNotification for `key` with these bytes at `slot` (any slot: out-of-order tests). */
  notify(key: string, data: Buffer, slot: number): number {
    if (this.server.isStalled) return 0;
    const owner = this.accounts.get(key)?.owner ?? '11111111111111111111111111111111';
    const value = { data: [data.toString('base64'), 'base64'], owner, lamports: 1_000_000, executable: false, rentEpoch: 0 };
    let n = 0;
    for (const [id, s] of this.subscriptions) {
      if (s.key !== key || s.ws.readyState !== 1) continue;
      s.ws.send(
        JSON.stringify({
          jsonrpc: '2.0',
          method: 'accountNotification',
          params: { subscription: id, result: { context: { slot }, value } },
        }),
      );
      n++;
    }
    return n;
  }

  /** Subscribers of an account (all sockets). */
  subscribers(key: string): number {
    return [...this.subscriptions.values()].filter((s) => s.key === key).length;
  }

  /** Run `tick` every `ms` (a keeper refreshing oracle accounts); stop with stopKeeper(). */
  startKeeper(ms: number, tick: () => void): void {
    this.stopKeeper();
    this.keeper = setInterval(tick, ms);
  }
  stopKeeper(): void {
    if (this.keeper) clearInterval(this.keeper);
    this.keeper = null;
  }

  async close(): Promise<void> {
    this.stopKeeper();
    await this.server.close();
  }

  private byMint(m: Map<string, Record<string, string>>, mint: string | null): unknown {
    const v = mint ? m.get(mint) : undefined;
    return v ?? { status: 404, headers: {}, body: { error: `unknown mint ${mint}` } };
  }

  private pubsub(ws: WebSocket, text: string): void {
    let r: RpcReq;
    try {
      r = JSON.parse(text) as RpcReq;
    } catch {
      ws.send(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse error' } }));
      return;
    }
    if (r.method === 'accountSubscribe') {
      const key = String(r.params?.[0] ?? '');
      const id = this.nextSub++;
      this.subscriptions.set(id, { ws, key });
      ws.send(JSON.stringify({ jsonrpc: '2.0', result: id, id: r.id }));
    } else if (r.method === 'accountUnsubscribe') {
      const ok = this.subscriptions.delete(Number(r.params?.[0]));
      ws.send(JSON.stringify({ jsonrpc: '2.0', result: ok, id: r.id }));
    } else {
      ws.send(JSON.stringify({ jsonrpc: '2.0', id: r.id ?? null, error: { code: -32601, message: 'Method not found' } }));
    }
  }

  private rpc(body: string): unknown {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse error' } };
    }
    return Array.isArray(parsed) ? parsed.map((r) => this.one(r as RpcReq)) : this.one(parsed as RpcReq);
  }

  private account(key: string): unknown {
    const a = this.accounts.get(key);
    if (!a) return null;
    return {
      data: [a.data.toString('base64'), 'base64'],
      owner: a.owner,
      lamports: a.lamports ?? 1_000_000,
      executable: false,
      rentEpoch: 0,
      space: a.data.length,
    };
  }

  private one(r: RpcReq): unknown {
    const id = r.id ?? null;
    this.methods.push(r.method ?? '?');
    const injected = this.rpcErrors.shift();
    if (injected) return { jsonrpc: '2.0', id, error: injected };
    const p = r.params ?? [];
    const ctx = { context: { apiVersion: '2.2.0', slot: this.slot } };
    switch (r.method) {
      case 'getMultipleAccounts':
        return { jsonrpc: '2.0', id, result: { ...ctx, value: (p[0] as string[]).map((k) => this.account(k)) } };
      case 'getAccountInfo':
        return { jsonrpc: '2.0', id, result: { ...ctx, value: this.account(String(p[0])) } };
      case 'getSlot':
        return { jsonrpc: '2.0', id, result: this.slot };
      case 'getHealth':
        return { jsonrpc: '2.0', id, result: 'ok' };
      default:
        return { jsonrpc: '2.0', id, error: { code: -32601, message: 'Method not found' } };
    }
  }
}
