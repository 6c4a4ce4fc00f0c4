/**
 * graphql-transport-ws server (the protocol of graphql-ws, node_modules/graphql-ws/PROTOCOL.md) with shared
 * fan-out: subscribers to the same (document, variables, operation) form a group that executes each update
 * ONCE and serializes its payload ONCE; each subscriber's frame is the shared payload spliced into its id.
 * Slow clients are conflated (while a socket's buffer is above `highWaterBytes`, only the newest payload is
 * kept for it) and closed with 4008 if they stay blocked past `blockedCloseMs`. Nothing queues without bound.
 */
import {
  GraphQLError,
  getOperationAST,
  parse,
  subscribe,
  execute,
  validate,
  specifiedRules,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { WebSocket, type WebSocketServer } from 'ws';
import { encodeText, sendEncoded, type Encoded } from './frames.js';

export interface WsOptions {
  schema: GraphQLSchema;
  context(): unknown;
  /** Extra validation rules (query limits). Variables are passed for cost estimation. */
  rules(variables: Record<string, unknown>): ValidationRule[];
  /** Refuse a document before parsing (too long or too deep to parse safely). Default: accept. */
  guard?(query: string): GraphQLError | null;
  /** Close a connection that sends no connection_init within this time (4408). Default 3000. */
  connectionInitWaitTimeout?: number;
  /** Above this many buffered bytes a subscriber is conflated. Default 1 MiB. */
  highWaterBytes?: number;
  /** A subscriber blocked longer than this is closed with 4008. Default 30 000. */
  blockedCloseMs?: number;
  /** Drain check period, ms. Default 50. */
  drainEveryMs?: number;
}

export interface FanoutStats {
  groups: number;
  subscribers: number;
  /** Group executions (one per update per group). */
  executions: number;
  /** Frames sent. */
  sent: number;
  /** Of those, frames written as the update's shared pre-framed bytes (no per-subscriber framing; src/gateway/ws/frames.ts). */
  sentShared: number;
  /** Time spent in the send loops (every subscriber of an update, one synchronous turn), total and worst, ms. */
  sendLoopMs: number;
  sendLoopMaxMs: number;
  /** Payloads replaced by a newer one for a blocked subscriber. */
  conflated: number;
  /** Subscribers closed for staying blocked. */
  closedSlow: number;
}

interface Sub {
  ws: WebSocket;
  id: string;
  group: Group;
  pending: string | null;
  blockedSince: number | null;
}

interface Group {
  key: string;
  subs: Set<Sub>;
  iterator: AsyncIterator<ExecutionResult> | null;
  last: string | null;
  /** The latest payload per frame key (market or venue), sent to a subscriber joining a running group. */
  latest: Map<string, string>;
  /** Encoded `next` frames of the current update, per subscription id (subscribers sharing an id share the bytes). */
  frames: Map<string, Encoded>;
}

interface Conn {
  acked: boolean;
  initTimer: NodeJS.Timeout | null;
  subs: Map<string, Sub | 'single'>;
}

/** Most payloads a group keeps for joiners (one per market or venue). */
const MAX_LATEST = 5000;

/** Which state a payload is the latest of: its root field and the `market` or `venue` it carries, if selected. */
function frameKey(r: ExecutionResult): string {
  const [field, v] = Object.entries(r.data ?? {})[0] ?? ['', null];
  const o = v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  const k = typeof o.market === 'string' ? o.market : typeof o.venue === 'string' ? o.venue : '';
  return `${field}|${k}`;
}

const frame = (id: string, type: 'next', payload: string): string => `{"id":${JSON.stringify(id)},"type":"${type}","payload":${payload}}`;

export class FanoutServer {
  readonly stats: FanoutStats = {
    groups: 0,
    subscribers: 0,
    executions: 0,
    sent: 0,
    sentShared: 0,
    sendLoopMs: 0,
    sendLoopMaxMs: 0,
    conflated: 0,
    closedSlow: 0,
  };
  private readonly groups = new Map<string, Group>();
  private readonly blocked = new Set<Sub>();
  private readonly drainTimer: NodeJS.Timeout;
  private readonly docs = new Map<string, DocumentNode>();
  private readonly o: Required<WsOptions>;

  constructor(
    private readonly wss: WebSocketServer,
    opts: WsOptions,
  ) {
    this.o = {
      connectionInitWaitTimeout: 3000,
      highWaterBytes: 1 << 20,
      blockedCloseMs: 30_000,
      drainEveryMs: 50,
      guard: () => null,
      ...opts,
    };
    wss.on('connection', (ws) => this.onConnection(ws));
    this.drainTimer = setInterval(() => this.drain(), this.o.drainEveryMs);
    this.drainTimer.unref();
  }

  private onConnection(ws: WebSocket): void {
    if (ws.protocol && ws.protocol !== 'graphql-transport-ws') {
      ws.close(1002, 'Unsupported subprotocol');
      return;
    }
    const conn: Conn = { acked: false, initTimer: null, subs: new Map() };
    conn.initTimer = setTimeout(() => !conn.acked && ws.close(4408, 'Connection initialisation timeout'), this.o.connectionInitWaitTimeout);
    conn.initTimer.unref();
    ws.on('message', (data) => void this.onMessage(ws, conn, data.toString()));
    ws.on('close', () => {
      if (conn.initTimer) clearTimeout(conn.initTimer);
      for (const s of conn.subs.values()) if (s !== 'single') this.leave(s);
      conn.subs.clear();
    });
    ws.on('error', () => undefined);
  }

  private async onMessage(ws: WebSocket, conn: Conn, text: string): Promise<void> {
    let msg: { type?: unknown; id?: unknown; payload?: unknown };
    try {
      msg = JSON.parse(text) as typeof msg;
    } catch {
      return ws.close(4400, 'Invalid message received');
    }
    // JSON `null`, a number or an array is valid JSON but no message.
    if (msg === null || typeof msg !== 'object' || Array.isArray(msg)) return ws.close(4400, 'Invalid message received');
    switch (msg.type) {
      case 'connection_init':
        if (conn.acked) return ws.close(4429, 'Too many initialisation requests');
        conn.acked = true;
        if (conn.initTimer) clearTimeout(conn.initTimer);
        ws.send('{"type":"connection_ack"}');
        return;
      case 'ping':
        ws.send('{"type":"pong"}');
        return;
      case 'pong':
        return;
      case 'complete': {
        if (typeof msg.id !== 'string') return ws.close(4400, 'Invalid message received');
        const s = conn.subs.get(msg.id);
        conn.subs.delete(msg.id);
        if (s && s !== 'single') this.leave(s);
        return;
      }
      case 'subscribe': {
        const p = msg.payload as { query?: unknown; variables?: unknown; operationName?: unknown } | undefined;
        if (typeof msg.id !== 'string' || !p || typeof p.query !== 'string') return ws.close(4400, 'Invalid message received');
        if (!conn.acked) return ws.close(4401, 'Unauthorized');
        if (conn.subs.has(msg.id)) return ws.close(4409, `Subscriber for ${msg.id} already exists`);
        const variables = p.variables && typeof p.variables === 'object' ? (p.variables as Record<string, unknown>) : {};
        const operationName = typeof p.operationName === 'string' ? p.operationName : null;
        return this.onSubscribe(ws, conn, msg.id, p.query, variables, operationName);
      }
      default:
        return ws.close(4400, `Invalid message type ${JSON.stringify(msg.type)}`);
    }
  }

  private sendError(ws: WebSocket, id: string, errors: readonly GraphQLError[]): void {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ id, type: 'error', payload: errors.map((e) => e.toJSON()) }));
  }

  private document(query: string): DocumentNode {
    let d = this.docs.get(query);
    if (!d) {
      d = parse(query);
      if (this.docs.size > 1000) this.docs.clear();
      this.docs.set(query, d);
    }
    return d;
  }

  private async onSubscribe(
    ws: WebSocket,
    conn: Conn,
    id: string,
    query: string,
    variables: Record<string, unknown>,
    operationName: string | null,
  ): Promise<void> {
    const refused = this.o.guard(query);
    if (refused) return this.sendError(ws, id, [refused]);
    let document: DocumentNode;
    try {
      document = this.document(query);
    } catch (err) {
      return this.sendError(ws, id, [err instanceof GraphQLError ? err : new GraphQLError(String(err))]);
    }
    const errors = validate(this.o.schema, document, [...specifiedRules, ...this.o.rules(variables)]);
    if (errors.length) return this.sendError(ws, id, errors);
    const op = getOperationAST(document, operationName);
    if (!op) return this.sendError(ws, id, [new GraphQLError('Unable to identify the operation to run')]);
    if (op.operation === 'mutation')
      return this.sendError(ws, id, [
        new GraphQLError('this API is read-only: the schema defines no mutations', { extensions: { code: 'BAD_REQUEST' } }),
      ]);
    if (op.operation !== 'subscription') {
      conn.subs.set(id, 'single');
      const result = await execute({
        schema: this.o.schema,
        document,
        variableValues: variables,
        operationName,
        contextValue: this.o.context(),
      });
      if (conn.subs.get(id) !== 'single' || ws.readyState !== WebSocket.OPEN) return;
      ws.send(frame(id, 'next', JSON.stringify(result)));
      ws.send(JSON.stringify({ id, type: 'complete' }));
      conn.subs.delete(id);
      return;
    }
    const key = `${operationName ?? ''}\n${query}\n${JSON.stringify(variables)}`;
    let group = this.groups.get(key);
    if (!group) {
      group = { key, subs: new Set(), iterator: null, last: null, latest: new Map(), frames: new Map() };
      this.groups.set(key, group);
      this.stats.groups = this.groups.size;
      const result = await subscribe({
        schema: this.o.schema,
        document,
        variableValues: variables,
        operationName,
        contextValue: this.o.context(),
      });
      if (!(Symbol.asyncIterator in result)) {
        this.groups.delete(key);
        this.stats.groups = this.groups.size;
        const errs = (result as ExecutionResult).errors ?? [new GraphQLError('subscription failed')];
        return this.sendError(ws, id, errs);
      }
      group.iterator = result[Symbol.asyncIterator]();
      void this.pump(group);
    }
    const sub: Sub = { ws, id, group, pending: null, blockedSince: null };
    group.subs.add(sub);
    conn.subs.set(id, sub);
    this.stats.subscribers++;
    // A joiner gets the current state too: the latest payload per market (or venue), not only the last one.
    for (const p of group.latest.values()) this.deliver(sub, p);
  }

  private async pump(group: Group): Promise<void> {
    const it = group.iterator!;
    for (;;) {
      const r = await it.next();
      if (r.done) break;
      this.stats.executions++;
      const payload = JSON.stringify(r.value);
      group.last = payload;
      const k = frameKey(r.value);
      group.latest.delete(k);
      if (group.latest.size >= MAX_LATEST) group.latest.delete(group.latest.keys().next().value!);
      group.latest.set(k, payload);
      group.frames.clear();
      // Every subscriber in this one turn: no send waits for another event-loop turn behind other work.
      const t0 = performance.now();
      for (const s of group.subs) this.deliver(s, payload);
      const ms = performance.now() - t0;
      this.stats.sendLoopMs += ms;
      if (ms > this.stats.sendLoopMaxMs) this.stats.sendLoopMaxMs = ms;
      if (group.subs.size === 0) break;
    }
    for (const s of group.subs) if (s.ws.readyState === WebSocket.OPEN) s.ws.send(JSON.stringify({ id: s.id, type: 'complete' }));
  }

  /**
   * One subscriber's frame of an update. The hot path of the fan-out: no JSON, no allocation per subscriber; the
   * frame is encoded once per (update, subscription id) and its bytes are written as they are (./frames.ts).
   */
  private deliver(s: Sub, payload: string): void {
    if (s.ws.readyState !== WebSocket.OPEN) return;
    if (s.ws.bufferedAmount > this.o.highWaterBytes) {
      if (s.pending !== null) this.stats.conflated++;
      s.pending = payload;
      s.blockedSince ??= Date.now();
      this.blocked.add(s);
      return;
    }
    const current = s.group.last === payload;
    let m = current ? s.group.frames.get(s.id) : undefined;
    if (!m) {
      m = encodeText(frame(s.id, 'next', payload));
      if (current) s.group.frames.set(s.id, m);
    }
    if (sendEncoded(s.ws, m)) this.stats.sentShared++;
    this.stats.sent++;
  }

  private drain(): void {
    const now = Date.now();
    for (const s of this.blocked) {
      if (s.ws.readyState !== WebSocket.OPEN) {
        this.blocked.delete(s);
        continue;
      }
      if (s.ws.bufferedAmount <= this.o.highWaterBytes) {
        const p = s.pending;
        s.pending = null;
        s.blockedSince = null;
        this.blocked.delete(s);
        if (p !== null) {
          s.ws.send(frame(s.id, 'next', p));
          this.stats.sent++;
        }
      } else if (s.blockedSince !== null && now - s.blockedSince > this.o.blockedCloseMs) {
        this.blocked.delete(s);
        this.stats.closedSlow++;
        s.ws.close(4008, 'Slow consumer: send buffer stayed full');
        s.ws.terminate();
      }
    }
  }

  private leave(s: Sub): void {
    const g = s.group;
    if (!g.subs.delete(s)) return;
    this.blocked.delete(s);
    this.stats.subscribers--;
    if (g.subs.size === 0) {
      this.groups.delete(g.key);
      this.stats.groups = this.groups.size;
      void g.iterator?.return?.();
    }
  }

  /** Close every connection with 1001 (going away): the server is shutting down. */
  goingAway(): void {
    for (const ws of this.wss.clients) if (ws.readyState === WebSocket.OPEN) ws.close(1001, 'server shutting down');
  }

  close(): void {
    clearInterval(this.drainTimer);
    for (const g of this.groups.values()) void g.iterator?.return?.();
    this.groups.clear();
  }
}
