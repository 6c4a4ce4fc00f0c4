/** The per-client HTTP request budget (imported on the start path: no graphql here). */
/**
 * A per-client request budget: `take` answers the ms to wait (0 = allowed, and counted). In-process by default
 * (IpRateLimiter); shared by every replica through Redis when the bus is configured (src/scale/http-rate-limit.ts),
 * so N replicas do not give a client N budgets.
 */
export interface ClientRateLimiter {
  take(client: string): number | Promise<number>;
}

/** Per-client-IP request budget over a rolling minute (0 = off). */
export class IpRateLimiter implements ClientRateLimiter {
  private readonly hits = new Map<string, number[]>();
  constructor(
    private readonly perMinute: number,
    private readonly now: () => number,
  ) {}
  /** Returns ms to wait (0 = allowed). */
  take(ip: string): number {
    if (this.perMinute <= 0) return 0;
    const t = this.now();
    const list = (this.hits.get(ip) ?? []).filter((x) => x > t - 60_000);
    if (list.length >= this.perMinute) {
      this.hits.set(ip, list);
      return list[0]! + 60_000 - t;
    }
    list.push(t);
    this.hits.set(ip, list);
    if (this.hits.size > 10_000) for (const [k, v] of this.hits) if (v.every((x) => x <= t - 60_000)) this.hits.delete(k);
    return 0;
  }
}
