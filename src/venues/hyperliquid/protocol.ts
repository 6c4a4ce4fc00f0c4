/**
 * Hyperliquid's WebSocket protocol, pure (docs/venues/hyperliquid.md §4): subscribe / unsubscribe messages, the
 * app-level ping, frame parsing, and the l2Book subscriptions kept in line with the depth set. Handlers: stream.ts.
 */
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
