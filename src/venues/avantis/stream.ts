/**
 * Avantis push sources (docs/venues/avantis.md §1.3, §4): Socket.IO `RES:DATA` diffs on the data host, deep-merged
 * into the catalog (no snapshot on connect: diffs are buffered until a fresh `/v2/trading` is loaded), and the Pyth
 * Hermes prices (oracle.ts) marking pairs dirty for the next flush.
 */
import { VenueError } from '../../core/errors.js';
import type { ResilientStream } from '../../core/stream.js';
import { deepMerge } from './catalog.js';
import { FRESH_SNAPSHOT_MS } from './constants.js';
import type { AvCtx } from './context.js';
import { feedKey, pairId, type OraclePrice } from './normalize.js';
import { emitMetadata, flushSoon, markDirty, noteRejected } from './publish.js';
import { socketIoConnector } from '../../transports/socketio.js';

/** One RES:DATA payload. */
export function onDiff(ctx: AvCtx, d: unknown): void {
  const { kit, state } = ctx;
  ctx.lastDiffAt = kit.io.now();
  kit.health.count('diffs.received');
  if (ctx.needSnapshot || !state.loaded) {
    // No snapshot on connect (§1.3): hold the merged diffs until the fresh /v2/trading is loaded.
    if (d && typeof d === 'object' && !Array.isArray(d)) ctx.pending = deepMerge(ctx.pending ?? {}, d as Record<string, unknown>);
    else kit.fail('RES:DATA', new VenueError('avantis', 'MALFORMED', 'RES:DATA: expected an object'));
    kit.health.count('diffs.buffered');
    return;
  }
  try {
    const r = state.apply(d, kit.io.now());
    noteRejected(ctx, r);
    const unknown = r.changed.filter((k) => !ctx.idByKey.has(k));
    for (const k of r.changed) markDirty(ctx, k, { funding: true, price: true });
    if (unknown.some((k) => pairId(state.pairs.get(k)!) !== null)) emitMetadata(ctx); // a new pair was listed
    kit.health.setTransport('WEBSOCKET');
    flushSoon(ctx);
  } catch (err) {
    kit.fail('RES:DATA', err);
  }
}

/** Oracle prices (never back in time) mark their pairs dirty. */
export function onPrices(ctx: AvCtx, ps: Map<string, OraclePrice>): void {
  let n = 0;
  for (const [fk, price] of ps) {
    const prev = ctx.prices.get(fk);
    if (prev && prev.publishTime > price.publishTime) continue;
    ctx.prices.set(fk, price);
    n++;
  }
  if (n === 0) return;
  for (const key of ctx.idByKey.keys()) {
    const fk = feedKey(ctx.state.pairs.get(key)!);
    if (fk && ps.has(fk)) markDirty(ctx, key, { funding: false, price: true });
  }
  flushSoon(ctx);
}

/** The Socket.IO feed; on open a fresh snapshot is loaded first (through `resync`) unless the one held is recent. */
export function createSocket(ctx: AvCtx, watchdogMs: number, timeoutMs: number, resync: () => void): ResilientStream {
  const { kit, config } = ctx;
  return kit.stream({
    name: 'avantis-socketio',
    watchdogMs,
    connect: socketIoConnector({
      url: config.AVANTIS_DATA_URL,
      path: config.AVANTIS_SOCKET_PATH,
      event: 'RES:DATA',
      timeoutMs: Math.max(1_000, timeoutMs),
      onEvent: (d) => onDiff(ctx, d),
    }),
    onOpen: () => {
      kit.health.count('socket.opens');
      ctx.pending = null;
      const s = ctx.state;
      if (s.loaded && s.source === 'v2' && kit.io.now() - s.snapshotAt <= Math.min(FRESH_SNAPSHOT_MS, ctx.catalogGapMs)) {
        ctx.needSnapshot = false;
        kit.health.setTransport('WEBSOCKET');
        return;
      }
      ctx.needSnapshot = true;
      resync();
    },
    onClose: () => {
      ctx.needSnapshot = true;
      if (!kit.isDisposed) kit.health.setTransport('REST');
    },
  });
}
