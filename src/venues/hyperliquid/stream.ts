/**
 * The push side (docs/venues/hyperliquid.md §4): the depth set and its l2Book subscriptions (kept in line without
 * reconnecting), book emission and the socket's handlers. The pure protocol (messages, ping, parsing) is protocol.ts.
 */
import { VenueError } from '../../core/errors.js';
import { wsConnector, type ResilientStream } from '../../core/stream.js';
import { BOOK_LEVELS, MAX_BOOK_SUBSCRIPTIONS, VENUE } from './constants.js';
import { stamp, type HlCtx } from './context.js';
import { normalizeBook } from './normalize.js';
import type { L2Book } from './wire.js';
import { parseFrame, subscribeMsg } from './protocol.js';

/** Top coins by 24 h notional volume plus watched ones, capped (§7: far under the venue's 1 000 subscriptions). */
export function chooseDepthCoins(ctx: HlCtx): string[] {
  const top = [...ctx.volumes.entries()]
    .filter(([c]) => ctx.ids.has(c))
    .sort((a, b) => b[1] - a[1])
    .slice(0, ctx.config.HYPERLIQUID_DEPTH_COINS)
    .map(([c]) => c);
  const watched = [...ctx.kit.watched.keys()].map((id) => ctx.coins.get(id)).filter((c): c is string => !!c);
  return [...new Set([...top, ...watched])].slice(0, MAX_BOOK_SUBSCRIPTIONS);
}

/** Recompute the depth set and bring the open socket's subscriptions in line (no reconnect). */
export function refreshDepthSet(ctx: HlCtx): void {
  if (ctx.kit.isDisposed) return;
  ctx.depthCoins = chooseDepthCoins(ctx);
  ctx.subs.wanted = ctx.depthCoins;
  if (ctx.stream?.isOpen) for (const m of ctx.subs.sync()) ctx.stream.send(m);
}

/**
 * Emit one l2Book snapshot (REST answer or WS frame) for a tracked coin. A snapshot whose venue time is older than the
 * one already emitted (a late REST answer, a replayed frame) never replaces it: dropped and counted.
 */
export function emitBook(ctx: HlCtx, book: L2Book): void {
  const id = ctx.ids.get(book.coin);
  if (!id || !ctx.depthCoins.includes(book.coin)) return;
  if (book.time < (ctx.bookTimes.get(book.coin) ?? -Infinity)) return void ctx.kit.health.count('olderBookDropped');
  ctx.kit.emit({ type: 'book', venue: VENUE, book: normalizeBook(id, book, BOOK_LEVELS, stamp(ctx, 'DEPTH', book.time)) });
  ctx.bookTimes.set(book.coin, book.time);
}

/** One socket frame: books for the depth set, mids for every coin, typed errors for the rest. */
export function onFrame(ctx: HlCtx, text: string): void {
  ctx.lastFrameAt = ctx.kit.io.now();
  const f = parseFrame(text);
  if (f.kind === 'malformed') {
    ctx.kit.health.count('malformedFrames');
    ctx.kit.fail('stream', new VenueError(VENUE, 'MALFORMED', `stream frame: ${f.reason}`));
  } else if (f.kind === 'error') {
    ctx.kit.health.count('streamErrors');
    ctx.kit.fail('stream', new VenueError(VENUE, 'UNAVAILABLE', `stream error frame: ${f.message}`));
  } else if (f.kind === 'mids') ctx.mids = { at: ctx.kit.io.now(), values: f.mids };
  else if (f.kind === 'book') {
    ctx.kit.health.setTransport('WEBSOCKET');
    try {
      emitBook(ctx, f.book);
    } catch (err) {
      ctx.kit.fail(`stream book ${f.book.coin}`, err);
    }
  }
}

/** The one socket: `allMids` plus the depth set's `l2Book`, resubscribed on every (re)connect. */
export function createStream(ctx: HlCtx): ResilientStream {
  return ctx.kit.stream({
    name: 'hyperliquid-ws',
    watchdogMs: ctx.watchdogMs,
    connect: wsConnector(ctx.kit.io.WebSocket, ctx.config.HYPERLIQUID_WS_URL, (text) => onFrame(ctx, text)),
    onOpen: (link) => {
      ctx.lastFrameAt = ctx.kit.io.now();
      ctx.subs.reset();
      link.send(subscribeMsg({ type: 'allMids' }));
      for (const m of ctx.subs.sync()) link.send(m);
    },
  });
}
