/**
 * The Jupiter socket's handlers (docs/venues/jupiter.md §9): the per-account conflating queue, frame dispatch, and the
 * resilient account stream. The frames themselves are parsed in protocol.ts.
 */

import { VenueError } from '../../core/errors.js';
import { ConflatingQueue } from '../../core/queue.js';
import { wsConnector, type ResilientStream } from '../../core/stream.js';
import type { JupCtx } from './context.js';
import { ensureSubscriptions, transport } from './context.js';
import type { JupMarket } from './normalize.js';
import { applyOne, emitAll, emitMetadata } from './publish.js';
import { parsePubsub } from './protocol.js';

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
