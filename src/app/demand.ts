/**
 * The one demand registry: which markets' live depth somebody wants, and the live connector of each venue kept in
 * step with it.
 *
 * - Subscription demand is ref-counted (`hold` → release): an `orderBook` subscription holds its market while it runs.
 * - Query demand lasts `ttlMs` after the last ask (`touch`, PERP_DEPTH_DEMAND_TTL_MS): `orderBook`, `market { depth }`.
 * - Remote demand arrives from other replicas over the bus (`applyRemote`) and expires unless refreshed.
 *
 * A venue's live connector is `attach`ed when it starts (lease acquired, restart, return from mock to live): the
 * whole current demand is replayed into it, so nothing depends on which connector existed when demand was raised.
 * `reconcile` diffs what a connector was told against what is wanted and sends only the difference.
 */
import type { DemandMessage } from '../core/ports.js';
import type { Venue } from '../core/types.js';

/** The connector side of demand (`Connector.watchBook` / `unwatchBook`). */
export interface DemandTarget {
  watch(market: string): void;
  unwatch(market: string): void;
}

export interface DemandOptions {
  now: () => number;
  /** Query demand lifetime after the last ask, ms (PERP_DEPTH_DEMAND_TTL_MS). */
  ttlMs: number;
  /** Venue of a canonical market id, or null. */
  venueOf: (market: string) => Venue | null;
  /** This process's id (remote messages from itself are ignored). */
  self: string;
  /** Lifetime of a subscription hold announced to other replicas, ms (refreshed before it lapses). */
  holdTtlMs: number;
}

interface Attached {
  target: DemandTarget;
  /** Markets this target was told to watch. */
  applied: Set<string>;
}

export class DemandRegistry {
  private readonly refs = new Map<string, number>();
  private readonly local = new Map<string, number>();
  private readonly remote = new Map<string, number>();
  private readonly attached = new Map<Venue, Attached>();
  /** Called with markets that became demanded on this process (announce them at once). */
  onNewLocal: ((markets: string[]) => void) | null = null;

  constructor(private readonly o: DemandOptions) {}

  /** Subscription demand: held until the returned release is called (idempotent). */
  hold(market: string): () => void {
    const isNew = !this.isLocal(market);
    this.refs.set(market, (this.refs.get(market) ?? 0) + 1);
    this.changed(market, isNew);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const n = (this.refs.get(market) ?? 1) - 1;
      if (n > 0) this.refs.set(market, n);
      else this.refs.delete(market);
      this.reconcileMarket(market);
    };
  }

  /** Query demand: wanted for `ttlMs` after this ask. */
  touch(market: string): void {
    const isNew = !this.isLocal(market);
    this.local.set(market, Math.max(this.local.get(market) ?? 0, this.o.now() + this.o.ttlMs));
    this.changed(market, isNew);
  }

  /** Demand raised on another replica. */
  applyRemote(m: DemandMessage): void {
    if (m.from === this.o.self) return;
    const t = this.o.now();
    for (const e of m.entries) {
      if (typeof e.market !== 'string' || !Number.isFinite(e.ttlMs) || e.ttlMs <= 0) continue;
      this.remote.set(e.market, Math.max(this.remote.get(e.market) ?? 0, t + e.ttlMs));
      this.reconcileMarket(e.market);
    }
  }

  /** A live connector started for the venue: replay every current demand into it. */
  attach(venue: Venue, target: DemandTarget): void {
    this.attached.set(venue, { target, applied: new Set() });
    this.reconcile(venue);
  }

  /** The venue's live connector stopped (it is disposed; nothing to unwatch). */
  detach(venue: Venue, target?: DemandTarget): void {
    if (!target || this.attached.get(venue)?.target === target) this.attached.delete(venue);
  }

  /** Drop expired query and remote demand, and tell connectors. */
  sweep(): void {
    const t = this.o.now();
    for (const m of [this.local, this.remote]) for (const [id, until] of m) if (until <= t) m.delete(id);
    for (const venue of this.attached.keys()) this.reconcile(venue);
  }

  /** Every market wanted now (local or remote), optionally for one venue. */
  demanded(venue?: Venue): string[] {
    const t = this.o.now();
    const out = new Set<string>(this.refs.keys());
    for (const m of [this.local, this.remote]) for (const [id, until] of m) if (until > t) out.add(id);
    return [...out].filter((id) => !venue || this.o.venueOf(id) === venue);
  }

  /** What this process wants, to announce to the leaders: holds for `holdTtlMs`, query demand for what is left. */
  localEntries(): DemandMessage['entries'] {
    const t = this.o.now();
    const out = new Map<string, number>();
    for (const id of this.refs.keys()) out.set(id, this.o.holdTtlMs);
    for (const [id, until] of this.local) if (until > t) out.set(id, Math.max(out.get(id) ?? 0, until - t));
    return [...out].map(([market, ttlMs]) => ({ market, ttlMs }));
  }

  private isLocal(market: string): boolean {
    return this.refs.has(market) || (this.local.get(market) ?? 0) > this.o.now();
  }

  private changed(market: string, isNew: boolean): void {
    this.reconcileMarket(market);
    if (isNew) this.onNewLocal?.([market]);
  }

  private reconcileMarket(market: string): void {
    const venue = this.o.venueOf(market);
    if (venue) this.reconcile(venue);
  }

  private reconcile(venue: Venue): void {
    const a = this.attached.get(venue);
    if (!a) return;
    const want = new Set(this.demanded(venue));
    for (const id of want) if (!a.applied.has(id)) a.target.watch(id);
    for (const id of a.applied) if (!want.has(id)) a.target.unwatch(id);
    a.applied = want;
  }
}
