/**
 * Which SynFutures books a depth tick reads (docs/venues/synfutures.md §13.1): every served instrument has a book, read
 * on a rotation inside a fixed share of the RPC budget, plus a hot set read every tick (watched markets first, then the
 * largest by open interest). One `liquidityDetails` (+ two inquire probes) per market, DEPTH_PER_CALL markets per
 * Multicall3 `aggregate3`: one JSON-RPC request (weight 1 on the venue's limiter) reads up to 10 books.
 *
 * Budget: depth may send `floor(budget × DEPTH_BUDGET_SHARE)` requests in any rolling minute, at most `perTick` of
 * them per tick (that share spread over the ticks of a minute, at least 1); the rest of the budget is left to the
 * state tick, discovery and the subgraph. The venue's limiter stays the hard cap over everything.
 */
import { DEPTH_PER_CALL } from './constants.js';

/** Share of the venue's RPC budget the depth rotation may spend (the state tick, discovery and subgraph get the rest). */
export const DEPTH_BUDGET_SHARE = 0.5;
const MINUTE_MS = 60_000;

export interface DepthAllowance {
  /** Depth requests allowed in any rolling minute. */
  perMinute: number;
  /** Depth requests one tick may send. */
  perTick: number;
  /** Markets one tick may read (perTick × DEPTH_PER_CALL). */
  slots: number;
  /** Slots the hot set may take; the rest (at least half) go to the rotation. */
  hotSlots: number;
}

/** What depth may spend, from the venue budget (requests per rolling minute) and the depth cadence. */
export function depthAllowance(budgetPerMinute: number, cadenceMs: number): DepthAllowance {
  const perMinute = Math.max(1, Math.floor(budgetPerMinute * DEPTH_BUDGET_SHARE));
  const perTick = Math.max(1, Math.min(perMinute, Math.floor((perMinute * cadenceMs) / MINUTE_MS)));
  const slots = perTick * DEPTH_PER_CALL;
  return { perMinute, perTick, slots, hotSlots: Math.floor(slots / 2) };
}

/**
 * Upper bound (ms) on the time for every one of `n` instruments to get a book from a fresh start, with `hot` markets
 * in the hot set: T = ceil((n − hot) / rotation slots) ticks, plus a wait of a minute for each time the per-minute
 * depth share runs out first (only when the cadence is shorter than the share allows: tests, or a tiny budget).
 * Defaults (120 requests/min, 10 s depth cadence → 60 requests/min, 10 per tick, 100 books per tick, 5 hot):
 * 10 s up to 95 + 5 instruments; 400 instruments: ceil(395 / 95) = 5 ticks = 50 s.
 */
export function rotationPeriodMs(n: number, o: { budgetPerMinute: number; cadenceMs: number; hot: number }): number {
  const a = depthAllowance(o.budgetPerMinute, o.cadenceMs);
  const hot = Math.min(o.hot, a.hotSlots, n);
  const ticks = Math.max(1, Math.ceil((n - hot) / (a.slots - hot)));
  const requests = ticks * a.perTick;
  return ticks * o.cadenceMs + Math.floor((requests - 1) / a.perMinute) * MINUTE_MS;
}

/** The rotation cursor and the depth share's own request log (rolling minute). */
export class DepthRotation {
  private cursor = 0;
  private readonly sent: number[] = [];

  constructor(private readonly now: () => number) {}

  /** Requests depth may send now: the per-tick cap, less what the rolling minute already holds. */
  allowedNow(a: DepthAllowance): number {
    const t = this.now();
    while (this.sent.length > 0 && this.sent[0]! <= t - MINUTE_MS) this.sent.shift();
    return Math.max(0, Math.min(a.perTick, a.perMinute - this.sent.length));
  }

  /** Record `requests` depth requests sent now. */
  spent(requests: number): void {
    const t = this.now();
    for (let i = 0; i < requests; i++) this.sent.push(t);
  }

  /**
   * The markets of one tick: the hot set (up to `hotSlots`), then the next ids of the rotation over `all` (a stable
   * order; hot ids are skipped, they are read anyway) until `slots` are filled. The cursor wraps, so every id is
   * read once per sweep.
   */
  pick(all: readonly string[], hot: readonly string[], slots: number, hotSlots: number): string[] {
    const out = [...new Set(hot)].slice(0, Math.min(hotSlots, slots));
    const chosen = new Set(out);
    const n = all.length;
    let i = n > 0 ? this.cursor % n : 0;
    for (let scanned = 0; scanned < n && out.length < slots; scanned++, i = (i + 1) % n) {
      const id = all[i]!;
      if (!chosen.has(id)) {
        out.push(id);
        chosen.add(id);
      }
    }
    this.cursor = i;
    return out;
  }
}
