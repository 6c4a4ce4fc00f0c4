/**
 * The push side (docs/venues/hyperliquid.md §4): subscribe / unsubscribe messages, the app-level ping, frame parsing
 * (pure), the l2Book subscriptions kept in line with the depth set without reconnecting, and the socket's handlers.
 */
import { VenueError } from '../../core/errors.js';
import { wsConnector, type ResilientStream } from '../../core/stream.js';
import { BOOK_LEVELS, MAX_BOOK_SUBSCRIPTIONS, VENUE } from './constants.js';
import { stamp, type HlCtx } from './context.js';
import { normalizeBook } from './normalize.js';
import { L2Book, WsAllMids, WsFrame, type AllMids } from './wire.js';

export const PING = JSON.stringify({ method: 'ping' });

export function subscribeMsg(
  sub: { type: 'l2Book'; coin: string } | { type: 'allMids' },
  method: 'subscribe' | 'unsubscribe' = 'subscribe',
): string {
  return JSON.stringify({ method, subscription: sub });
}

export type Frame =
  | { kind: 'book'; book: L2Book }
  | { kind: 'mids'; mids: AllMids }
  | { kind: 'pong' }
  | { kind: 'ack' }
  | { kind: 'error'; message: string }
  | { kind: 'other'; channel: string }
  | { kind: 'malformed'; reason: string };

/** One text frame → a typed frame. Sample: `{"channel":"l2Book","data":{"coin":"BTC","time":…,"levels":[[…],[…]]}}`. */
export function parseFrame(text: string): Frame {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { kind: 'malformed', reason: `expected JSON, got ${JSON.stringify(text.slice(0, 60))}` };
  }
  const f = WsFrame.safeParse(raw);
  if (!f.success) return { kind: 'malformed', reason: 'expected {channel, data}' };
  const { channel, data } = f.data;
  switch (channel) {
    case 'pong':
      return { kind: 'pong' };
    case 'subscriptionResponse':
      return { kind: 'ack' };
    case 'error':
      return { kind: 'error', message: typeof data === 'string' ? data : JSON.stringify(data) };
    case 'l2Book': {
      const b = L2Book.safeParse(data);
      return b.success
        ? { kind: 'book', book: b.data }
        : { kind: 'malformed', reason: 'l2Book frame: expected {coin, time, levels:[bids, asks]}' };
    }
    case 'allMids': {
      const m = WsAllMids.safeParse(data);
      return m.success ? { kind: 'mids', mids: m.data.mids } : { kind: 'malformed', reason: 'allMids frame: expected {mids: {coin: px}}' };
    }
    default:
      return { kind: 'other', channel };
  }
}

/** The l2Book coins wanted vs sent on the current connection; `sync` returns the messages that close the gap. */
export class BookSubscriptions {
  private sent = new Set<string>();
  wanted: string[] = [];

  /** The connection (re)opened: nothing is subscribed yet on it. */
  reset(): void {
    this.sent.clear();
  }

  /** Messages to send now (subscribe the new coins, unsubscribe the dropped ones). */
  sync(): string[] {
    const want = new Set(this.wanted);
    const out: string[] = [];
    for (const c of want) if (!this.sent.has(c)) out.push(subscribeMsg({ type: 'l2Book', coin: c }));
    for (const c of this.sent) if (!want.has(c)) out.push(subscribeMsg({ type: 'l2Book', coin: c }, 'unsubscribe'));
    this.sent = want;
    return out;
  }

  has(coin: string): boolean {
    return this.sent.has(coin);
  }
}

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
