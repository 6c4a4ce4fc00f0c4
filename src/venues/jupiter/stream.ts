/**
 * Solana WebSocket pub/sub frames (docs/venues/jupiter.md §9), checked by hand (no schema library on the hot path):
 *   subscribe ack  {"jsonrpc":"2.0","result":<subId>,"id":<reqId>}
 *   notification   {"jsonrpc":"2.0","method":"accountNotification","params":{"subscription":<subId>,
 *                   "result":{"context":{"slot":N},"value":{"data":["<b64>","base64"],"owner":"…",…}}}}
 * The base64 payload is NOT decoded here: it goes into the per-account conflating queue and is decoded at drain.
 */

import { VenueError } from '../../core/errors.js';
import { ConflatingQueue } from '../../core/queue.js';
import { wsConnector, type ResilientStream } from '../../core/stream.js';
import type { JupCtx } from './context.js';
import { ensureSubscriptions, transport } from './context.js';
import type { JupMarket } from './normalize.js';
import { applyOne, emitAll, emitMetadata } from './publish.js';

export type PubsubFrame =
  | { kind: 'ack'; id: number; subscription: number }
  | { kind: 'notification'; subscription: number; slot: number; data: string | null; owner: string | null }
  | { kind: 'error'; id: number | null; message: string }
  | { kind: 'other' }
  | { kind: 'malformed'; reason: string };

const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x);

export function parsePubsub(text: string): PubsubFrame {
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    return { kind: 'malformed', reason: 'not JSON' };
  }
  if (typeof m !== 'object' || m === null) return { kind: 'malformed', reason: 'not an object' };
  const f = m as { id?: unknown; result?: unknown; method?: unknown; params?: unknown; error?: unknown };
  if (f.method === 'accountNotification') {
    const p = f.params as { subscription?: unknown; result?: { context?: { slot?: unknown }; value?: unknown } } | undefined;
    if (!p || !isInt(p.subscription) || !p.result || !isInt(p.result.context?.slot)) {
      return { kind: 'malformed', reason: 'accountNotification without subscription/context.slot' };
    }
    const v = p.result.value as { data?: unknown; owner?: unknown } | null | undefined;
    if (v === null || v === undefined)
      return { kind: 'notification', subscription: p.subscription, slot: p.result.context.slot, data: null, owner: null };
    const d = v.data;
    if (!Array.isArray(d) || typeof d[0] !== 'string' || d[1] !== 'base64')
      return { kind: 'malformed', reason: 'account data is not ["<b64>","base64"]' };
    return {
      kind: 'notification',
      subscription: p.subscription,
      slot: p.result.context.slot,
      data: d[0],
      owner: typeof v.owner === 'string' ? v.owner : null,
    };
  }
  if (f.error !== undefined) {
    const e = f.error as { message?: unknown };
    return { kind: 'error', id: isInt(f.id) ? f.id : null, message: typeof e?.message === 'string' ? e.message : 'unknown error' };
  }
  if (isInt(f.id) && (isInt(f.result) || typeof f.result === 'boolean')) {
    return isInt(f.result) ? { kind: 'ack', id: f.id, subscription: f.result } : { kind: 'other' };
  }
  return { kind: 'other' };
}

export const subscribeFrame = (id: number, pubkey: string): string =>
  JSON.stringify({ jsonrpc: '2.0', id, method: 'accountSubscribe', params: [pubkey, { encoding: 'base64', commitment: 'confirmed' }] });

/**
 * Subscriptions of one socket: request id → account until acked, then subscription id → account. Reset on every
 * (re)connect: Solana subscriptions die with the socket (§9).
 */
export class AccountSubscriptions {
  private readonly bySub = new Map<number, string>();
  private readonly pending = new Map<number, string>();
  private readonly sent = new Set<string>();
  private nextId = 1;

  /** Send accountSubscribe for every key not yet subscribed on this socket. */
  ensure(keys: readonly string[], send: (frame: string) => void): void {
    for (const key of keys) {
      if (this.sent.has(key)) continue;
      const id = this.nextId++;
      this.pending.set(id, key);
      this.sent.add(key);
      send(subscribeFrame(id, key));
    }
  }

  ack(id: number, subscription: number): void {
    const key = this.pending.get(id);
    this.pending.delete(id);
    if (key) this.bySub.set(subscription, key);
  }

  keyOf(subscription: number): string | undefined {
    return this.bySub.get(subscription);
  }

  get active(): number {
    return this.bySub.size;
  }

  reset(): void {
    this.bySub.clear();
    this.pending.clear();
    this.sent.clear();
  }
}

/** Notifications are drained at most this often (ms): a burst coalesces per account in between. */
const FLUSH_MS = 50;

interface Note {
  slot: number;
  data: string | null;
  owner: string | null;
}

/**
 * The per-account conflating queue (latest slot wins, an older slot than the one pending is dropped), drained every
 * FLUSH_MS; the affected markets are recomputed once per drain.
 */
export function notificationQueue(ctx: JupCtx): ConflatingQueue<string, Note> {
  const dirty = new Set<JupMarket>();
  let recomputeQueued = false;
  const recompute = () => {
    recomputeQueued = false;
    const batch = [...dirty];
    dirty.clear();
    if (ctx.state.rebuild()) emitMetadata(ctx);
    emitAll(ctx, batch);
    transport(ctx);
  };
  return new ConflatingQueue<string, Note>(
    256,
    (key, n) => {
      if (n.data === null) return void ctx.kit.health.count('stream.accountClosed');
      for (const m of applyOne(ctx, key, n.slot, Buffer.from(n.data, 'base64'), n.owner)) dirty.add(m);
      if (!recomputeQueued) {
        recomputeQueued = true;
        queueMicrotask(recompute);
      }
    },
    (incoming, held) => held === undefined || incoming.slot >= held.slot,
    (fn) => void ctx.kit.later(fn, FLUSH_MS),
  );
}

/** Handle one pub/sub frame. */
export function onFrame(ctx: JupCtx, queue: ConflatingQueue<string, Note>, text: string): void {
  const f = parsePubsub(text);
  const { kit } = ctx;
  if (f.kind === 'ack') ctx.subs.ack(f.id, f.subscription);
  else if (f.kind === 'notification') {
    const key = ctx.subs.keyOf(f.subscription);
    if (!key) return void kit.health.count('stream.unknownSubscription');
    ctx.notifications++;
    ctx.lastNotificationAt = kit.io.now();
    if (f.slot < ctx.state.heldSlot(key)) return void ctx.olderSlotDropped++;
    queue.push(key, { slot: f.slot, data: f.data, owner: f.owner });
    if (queue.depth > ctx.maxDepth) ctx.maxDepth = queue.depth;
  } else if (f.kind === 'error') {
    const msg = `pubsub error${f.id === null ? '' : ` (request ${f.id})`}: ${f.message}`;
    kit.fail('stream', new VenueError('jupiter', 'RPC_ERROR', msg));
  } else if (f.kind === 'malformed') {
    kit.health.count('stream.malformed');
    kit.fail('stream', new VenueError('jupiter', 'MALFORMED', `pubsub frame: ${f.reason}`));
  }
}

/** accountSubscribe over SOLANA_WS_URL; a reconnect forces a fresh snapshot through `resnapshot`. */
export function createAccountStream(ctx: JupCtx, queue: ConflatingQueue<string, Note>, resnapshot: () => void): ResilientStream {
  const { kit, watchdogMs } = ctx;
  return kit.stream({
    name: 'solana-accounts',
    watchdogMs,
    // Pings keep a quiet but healthy socket alive (pong = activity); data silence is handled by polling instead.
    connect: wsConnector(kit.io.WebSocket, ctx.config.SOLANA_WS_URL, (t) => onFrame(ctx, queue, t), {
      pingIntervalMs: Math.max(50, Math.floor(watchdogMs / 3)),
    }),
    onOpen(l, isReconnect) {
      ctx.link = l;
      ctx.openedAt = kit.io.now();
      ctx.subs.reset();
      ensureSubscriptions(ctx);
      if (!isReconnect) return;
      kit.health.resynced();
      ctx.forceSnapshot = true;
      resnapshot();
    },
    onClose() {
      ctx.link = null;
      ctx.subs.reset();
      transport(ctx);
    },
  });
}
