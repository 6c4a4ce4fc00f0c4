/**
 * A local order book kept from `<symbol>@depth@100ms` diffs with Binance's documented sync rules
 * (as described in the docs of each venue that uses it): buffer diffs until a REST snapshot arrives; drop diffs with
 * u < lastUpdateId; the first
 * applied diff must connect to lastUpdateId (U ≤ id + 1 and u ≥ id); after that every diff's `pu` must equal the previous `u`,
 * else the book is out of sync and must be resynced. Levels with quantity 0 are removed.
 */
export interface DiffFrame {
  /** First update id in event. */
  U: number;
  /** Final update id in event. */
  u: number;
  /** Previous event's final update id. */
  pu: number;
  b: Array<[string, string]>;
  a: Array<[string, string]>;
  E: number;
}

export type ApplyResult = 'applied' | 'buffered' | 'stale' | 'gap';

export class LocalBook {
  /** Sorted best-first arrays of [price, qty] (bids descending, asks ascending): no sort per frame. */
  private bids: Array<[number, number]> = [];
  private asks: Array<[number, number]> = [];
  private buffer: DiffFrame[] = [];
  lastUpdateId: number | null = null;
  /** `u` of the last applied diff, for the `pu` chain. */
  private lastU: number | null = null;
  synced = false;
  lastEventTime = 0;

  /** Feed a diff. Returns 'gap' when the chain broke: the caller resyncs (and counts it). */
  apply(f: DiffFrame): ApplyResult {
    if (!this.synced) {
      if (this.buffer.length < 1000) this.buffer.push(f);
      return 'buffered';
    }
    return this.applyOne(f);
  }

  private applyOne(f: DiffFrame): ApplyResult {
    if (this.lastUpdateId === null) return 'buffered';
    if (f.u < this.lastUpdateId) return 'stale';
    if (this.lastU === null) {
      // First diff after the snapshot must connect to it: it straddles lastUpdateId (Binance futures rule), or
      // starts right after it (U = id + 1, equivalently pu = id).
      if (!(f.U <= this.lastUpdateId + 1 && f.u >= this.lastUpdateId)) {
        if (f.U > this.lastUpdateId + 1) return this.fail();
        return 'stale';
      }
    } else if (f.pu !== this.lastU) {
      return this.fail();
    }
    for (const [p, q] of f.b) this.set(this.bids, p, q, true);
    for (const [p, q] of f.a) this.set(this.asks, p, q, false);
    this.lastU = f.u;
    this.lastEventTime = f.E;
    return 'applied';
  }

  private fail(): ApplyResult {
    this.reset();
    return 'gap';
  }

  private set(side: Array<[number, number]>, p: string, q: string, desc: boolean): void {
    const price = +p;
    const qty = +q;
    if (!Number.isFinite(price) || !Number.isFinite(qty)) return;
    // Binary search for the price's position in best-first order.
    let lo = 0;
    let hi = side.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const mp = side[mid]![0];
      if (desc ? mp > price : mp < price) lo = mid + 1;
      else hi = mid;
    }
    const hit = lo < side.length && side[lo]![0] === price;
    if (qty === 0) {
      if (hit) side.splice(lo, 1);
    } else if (hit) side[lo]![1] = qty;
    else side.splice(lo, 0, [price, qty]);
  }

  /** Install a REST snapshot, then replay buffered diffs. Returns 'gap' if the buffer does not connect. */
  snapshot(lastUpdateId: number, bids: Array<[number, number]>, asks: Array<[number, number]>): ApplyResult {
    this.bids = bids.filter(([, q]) => q > 0).sort((x, y) => y[0] - x[0]);
    this.asks = asks.filter(([, q]) => q > 0).sort((x, y) => x[0] - y[0]);
    this.lastUpdateId = lastUpdateId;
    this.lastU = null;
    this.synced = true;
    const pending = this.buffer;
    this.buffer = [];
    for (const f of pending) if (this.applyOne(f) === 'gap') return 'gap';
    return 'applied';
  }

  reset(): void {
    this.synced = false;
    this.lastUpdateId = null;
    this.lastU = null;
    this.buffer = [];
  }

  /** Top n levels per side, best first; drops crossed levels defensively (never serves a crossed book). */
  top(n: number): { bids: Array<[number, number]>; asks: Array<[number, number]> } {
    const bestAsk = this.asks[0]?.[0] ?? Infinity;
    const bids: Array<[number, number]> = [];
    for (const l of this.bids) {
      if (bids.length >= n) break;
      if (l[0] < bestAsk) bids.push(l);
    }
    return { bids, asks: this.asks.slice(0, n) };
  }

  /** The last applied update id (the snapshot's before any diff); null before a snapshot, never an invented 0. */
  get sequence(): string | null {
    const id = this.lastU ?? this.lastUpdateId;
    return id === null ? null : String(id);
  }
}
