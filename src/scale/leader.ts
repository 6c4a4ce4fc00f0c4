/**
 * Per-venue leader election over Redis: a lease key per venue set with NX + PX (expiry), renewed every third of
 * the lease by its owner only (compare-and-expire in Lua), and a monotonically increasing fencing token (INCR)
 * taken on every acquisition. Followers keep trying; when a leader dies its key expires and another process takes
 * over within one lease period. A graceful stop deletes the keys it owns (compare-and-delete).
 */
import { Redis } from 'ioredis';
import type { Venue } from '../core/types.js';
import type { VenueLease } from '../gateway/app.js';

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export interface RedisLeaseOptions {
  url: string;
  id: string;
  /** Lease period, ms. Default 10 000. */
  leaseMs?: number;
  prefix?: string;
}

export class RedisLease implements VenueLease {
  readonly id: string;
  private readonly redis: Redis;
  private readonly leaseMs: number;
  private readonly prefix: string;
  private readonly leading = new Map<Venue, number>();
  private readonly holders = new Map<Venue, string | null>();
  private readonly timers: NodeJS.Timeout[] = [];
  private stopped = false;

  constructor(o: RedisLeaseOptions) {
    this.id = o.id;
    this.leaseMs = o.leaseMs ?? 10_000;
    this.prefix = o.prefix ?? 'perp';
    this.redis = new Redis(o.url, { maxRetriesPerRequest: 2 });
  }

  private key(v: Venue): string {
    return `${this.prefix}:lease:${v}`;
  }

  /** Fencing token of the lease this process holds for a venue, or null. */
  tokenOf(venue: Venue): number | null {
    return this.leading.get(venue) ?? null;
  }

  holder(venue: Venue): string | null {
    return this.leading.has(venue) ? this.id : (this.holders.get(venue) ?? null);
  }

  campaign(venue: Venue, onChange: (leading: boolean) => void): void {
    const tick = async (): Promise<void> => {
      if (this.stopped) return;
      try {
        if (this.leading.has(venue)) {
          const ok = await this.redis.eval(RENEW, 1, this.key(venue), this.id, String(this.leaseMs));
          if (ok !== 1) {
            this.leading.delete(venue);
            onChange(false);
          }
        } else {
          const got = await this.redis.set(this.key(venue), this.id, 'PX', this.leaseMs, 'NX');
          if (got === 'OK') {
            const token = await this.redis.incr(`${this.key(venue)}:token`);
            this.leading.set(venue, token);
            onChange(true);
          } else this.holders.set(venue, await this.redis.get(this.key(venue)));
        }
      } catch {
        // Redis unreachable: a leader that cannot renew must assume it lost the lease.
        if (this.leading.delete(venue)) onChange(false);
      }
    };
    void tick();
    const t = setInterval(() => void tick(), Math.max(50, Math.floor(this.leaseMs / 3)));
    t.unref();
    this.timers.push(t);
  }

  async saveRateLog(venue: Venue, times: number[]): Promise<void> {
    if (!this.leading.has(venue) || this.stopped) return;
    await this.redis.set(`${this.key(venue)}:ratelog`, JSON.stringify(times), 'PX', 120_000);
  }

  async loadRateLog(venue: Venue): Promise<number[]> {
    const raw = await this.redis.get(`${this.key(venue)}:ratelog`);
    const times = raw ? (JSON.parse(raw) as number[]) : [];
    // Requests the old leader may have made after its last save (at most one save period at full budget rate).
    const reserve = times.length ? Math.ceil(times.length / 60) + 1 : 0;
    return [...times, ...Array.from({ length: reserve }, () => Date.now())];
  }

  /** Stop renewing WITHOUT releasing (simulates a crash in tests). */
  abandon(): void {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.redis.disconnect();
  }

  async release(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    await Promise.allSettled([...this.leading.keys()].map((v) => this.redis.eval(RELEASE, 1, this.key(v), this.id)));
    this.leading.clear();
    await this.redis.quit().catch(() => undefined);
  }
}
