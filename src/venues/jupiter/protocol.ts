/**
 * Solana WebSocket pub/sub frames (docs/venues/jupiter.md §9), checked by hand (no schema library on the hot path):
 *   subscribe ack  {"jsonrpc":"2.0","result":<subId>,"id":<reqId>}
 *   notification   {"jsonrpc":"2.0","method":"accountNotification","params":{"subscription":<subId>,
 *                   "result":{"context":{"slot":N},"value":{"data":["<b64>","base64"],"owner":"…",…}}}}
 * The base64 payload is NOT decoded here: it goes into the per-account conflating queue and is decoded at drain.
 * Pure: parsing, subscribe frames, and the account subscriptions kept in line with the wanted set (stream.ts: handlers).
 */
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
