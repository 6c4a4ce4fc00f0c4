/**
 * Per-venue leader election over Redis (DESIGN §5 "Scale-out"): exactly one process holds each venue's lease and
 * alone runs that venue's connector, so the venue's rate budget is spent once.
 *
 * - Lease key `<prefix>:lease:<venue>` = `<id>|<nonce>` (the nonce makes two processes misconfigured with the same
 *   PERP_INSTANCE_ID still distinct owners), set with NX + PX (expiry) by an atomic acquire script.
 * - Fencing token `<prefix>:lease:<venue>:token`: INCR on every acquisition, in the same script, so tokens strictly
 *   increase across leaders. The Redis bus refuses publishes carrying an older token (src/scale/redis-bus.ts), so a
 *   deposed leader's late events are dropped even before it notices it lost the lease.
 * - The owner renews every third of the lease (compare-and-expire). It steps down on a failed compare, or when no
 *   renewal succeeded within 80 % of the lease (Redis unreachable), i.e. before its key can expire and a follower
 *   can take over: from this process's view two leaders never overlap (the fencing token covers slow clocks).
 * - Followers retry at the key's remaining TTL (capped at a third of the lease), so a crashed leader is replaced
 *   within one lease period of its last renewal; a graceful release (compare-and-delete) is taken over within a
 *   third of the lease.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Venue } from '../core/types.js';
import type { VenueLease } from '../core/ports.js';
import type { Logger } from '../telemetry/logger.js';

/** Keys of a venue's lease, shared with the bus (fencing) so both agree on names. */
export function leaseKeys(prefix: string, venue: Venue): { lease: string; token: string; rateLog: string } {
  const lease = `${prefix}:lease:${venue}`;
  return { lease, token: `${lease}:token`, rateLog: `${lease}:ratelog` };
}

// KEYS: lease, token. ARGV: owner, leaseMs. → {token, holder, pttl}; token 0 = not acquired. A key still holding our
// own owner value (we stepped down on a late renewal) is taken back with a new token.
const ACQUIRE = `
local cur = redis.call('get', KEYS[1])
if not cur or cur == ARGV[1] then
  redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return {redis.call('incr', KEYS[2]), ARGV[1], tonumber(ARGV[2])}
end
return {0, cur, redis.call('pttl', KEYS[1])}`;
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
// KEYS: lease, rateLog. ARGV: owner, json, ttl. Only the current owner may write the request log.
const SAVE_LOG = `if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('set', KEYS[2], ARGV[2], 'PX', ARGV[3]) return 1 else return 0 end`;

export interface RedisLeaseOptions {
  /** redis:// URL (PERP_BUS_URL). */
  url: string;
  /** This process's id, shown in ConnectorHealth.leader (PERP_INSTANCE_ID; default host:pid in main.ts). */
  id: string;
  /** Lease period, ms (PERP_LEASE_MS). Default 10 000. */
  leaseMs?: number;
  /** Key namespace, shared with the bus (PERP_BUS_PREFIX). Default 'perp'. */
  prefix?: string;
  /** Logger for lease changes and Redis errors. Default: none. */
  logger?: Logger;
  /** Clock (ms). Default Date.now. */
  now?: () => number;
}

interface Held {
  token: number;
  /** Fires the step-down when no renewal succeeded in time. */
  deadline?: NodeJS.Timeout;
}

export class RedisLease implements VenueLease {
  readonly id: string;
  /** Value stored in the lease key: id + a per-process nonce. */
  private readonly owner: string;
  private readonly redis: Redis;
  private readonly leaseMs: number;
  private readonly renewMs: number;
  private readonly prefix: string;
  private readonly now: () => number;
  private readonly held = new Map<Venue, Held>();
  private readonly holders = new Map<Venue, string | null>();
  private readonly timers = new Map<Venue, NodeJS.Timeout>();
  private stopped = false;

  constructor(private readonly o: RedisLeaseOptions) {
    this.id = o.id;
    this.owner = `${o.id}|${randomBytes(6).toString('hex')}`;
    this.leaseMs = o.leaseMs ?? 10_000;
    this.renewMs = Math.max(50, Math.floor(this.leaseMs / 3));
    this.prefix = o.prefix ?? 'perp';
    this.now = o.now ?? Date.now;
    this.redis = new Redis(o.url, { maxRetriesPerRequest: 1, connectTimeout: Math.max(1000, this.renewMs) });
    this.redis.on('error', (err: Error) => o.logger?.warn('lease redis error', { message: err.message }));
  }

  /** Fencing token of the lease this process holds for a venue, or null when it does not lead. */
  tokenOf(venue: Venue): number | null {
    return this.held.get(venue)?.token ?? null;
  }

  holder(venue: Venue): string | null {
    return this.held.has(venue) ? this.id : (this.holders.get(venue) ?? null);
  }

  campaign(venue: Venue, onChange: (leading: boolean) => void): void {
    if (this.stopped || this.timers.has(venue)) return;
    const keys = leaseKeys(this.prefix, venue);
    const schedule = (ms: number): void => {
      if (this.stopped) return;
      const t = setTimeout(() => void tick(), ms);
      t.unref();
      this.timers.set(venue, t);
    };
    const lose = (why: string): void => {
      const h = this.held.get(venue);
      if (!h) return;
      clearTimeout(h.deadline);
      this.held.delete(venue);
      this.holders.delete(venue);
      this.o.logger?.warn('venue lease lost', { venue, why });
      onChange(false);
    };
    // Redis expires the key leaseMs after it ran our SET/PEXPIRE, which is after we sent it: measured from the send
    // time, stepping down at 80 % of the lease leaves a fifth of it before anyone else can acquire.
    const extend = (h: Held, sentAt: number): void => {
      clearTimeout(h.deadline);
      h.deadline = setTimeout(() => lose('could not renew in time'), Math.max(0, sentAt + this.leaseMs * 0.8 - this.now()));
      h.deadline.unref();
    };
    const tick = async (): Promise<void> => {
      if (this.stopped) return;
      const held = this.held.get(venue);
      const sentAt = this.now();
      if (held) {
        let ok: unknown;
        try {
          ok = await this.redis.eval(RENEW, 1, keys.lease, this.owner, String(this.leaseMs));
        } catch {
          // Cannot reach Redis: keep trying; the deadline steps down before the key can expire.
          return schedule(this.renewMs);
        }
        if (this.stopped || this.held.get(venue) !== held) return schedule(0);
        if (ok === 1) extend(held, sentAt);
        else lose('lease taken or expired');
        return schedule(ok === 1 ? this.renewMs : 0);
      }
      let res: [number, string, number];
      try {
        res = (await this.redis.eval(ACQUIRE, 2, keys.lease, keys.token, this.owner, String(this.leaseMs))) as [number, string, number];
      } catch {
        return schedule(this.renewMs);
      }
      const [token, cur, pttl] = res;
      if (this.stopped) {
        // Released while acquiring: hand it straight back rather than make the others wait for the expiry.
        if (token > 0) await this.redis.eval(RELEASE, 1, keys.lease, this.owner).catch(() => undefined);
        return;
      }
      if (token > 0) {
        const h: Held = { token };
        extend(h, sentAt);
        this.held.set(venue, h);
        this.holders.set(venue, this.id);
        this.o.logger?.info('venue lease acquired', { venue, token });
        onChange(true);
        return schedule(this.renewMs);
      }
      this.holders.set(venue, cur.split('|')[0] ?? null);
      // Wake up just after the holder's key would expire (crash case), but poll at least every third of a lease
      // (graceful release case). pttl -1 (no expiry) cannot happen with our keys; treat it as "poll".
      schedule(pttl > 0 ? Math.min(pttl + 5, this.renewMs) : this.renewMs);
    };
    schedule(0);
  }

  async saveRateLog(venue: Venue, times: number[]): Promise<void> {
    if (!this.held.has(venue) || this.stopped) return;
    const keys = leaseKeys(this.prefix, venue);
    await this.redis.eval(SAVE_LOG, 2, keys.lease, keys.rateLog, this.owner, JSON.stringify(times), '120000');
  }

  /**
   * The previous leader's request times (last rolling minute), plus a reserve for requests it may have sent after
   * its last save (saved once per health tick, ~1 s): its average rate over that second, plus one.
   */
  async loadRateLog(venue: Venue): Promise<number[]> {
    const raw = await this.redis.get(leaseKeys(this.prefix, venue).rateLog);
    let times: number[] = [];
    try {
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      if (Array.isArray(parsed)) times = parsed.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
    } catch {
      times = [];
    }
    const reserve = times.length ? Math.ceil(times.length / 60) + 1 : 0;
    const t = this.now();
    return [...times, ...Array.from({ length: reserve }, () => t)];
  }

  private stopTimers(): void {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const h of this.held.values()) clearTimeout(h.deadline);
  }

  /** Stop renewing WITHOUT releasing and drop the connection (what a crash looks like to the others; tests). */
  abandon(): void {
    this.stopTimers();
    this.redis.disconnect();
  }

  /** Graceful stop: release every lease this process holds (compare-and-delete) so a follower takes over at once. */
  async release(): Promise<void> {
    if (this.stopped) return;
    this.stopTimers();
    const venues = [...this.held.keys()];
    await Promise.allSettled(venues.map((v) => this.redis.eval(RELEASE, 1, leaseKeys(this.prefix, v).lease, this.owner)));
    if (venues.length) this.o.logger?.info('venue leases released', { venues });
    this.held.clear();
    await this.redis.quit().catch(() => undefined);
  }
}
