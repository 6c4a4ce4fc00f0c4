/**
 * Per-client HTTP budget shared by every replica through Redis (PERP_BUS_URL): one rolling-minute window per
 * client in a sorted set `<prefix>:ratelimit:<client>`, checked and counted by one Lua script on Redis's clock, so
 * N replicas give a client one budget, not N. When Redis does not answer, each replica falls back to its own
 * in-process window (a client then gets at most one budget per replica, never unlimited), counted in `fallbacks`.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { IpRateLimiter, type ClientRateLimiter } from '../gateway/http/client-limit.js';
import type { Logger } from '../telemetry/logger.js';

// KEYS: window. ARGV: perMinute, member. → ms to wait (0 = counted).
const TAKE = `
local now = redis.call('time')
local t = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
redis.call('zremrangebyscore', KEYS[1], '-inf', t - 60000)
local n = redis.call('zcard', KEYS[1])
if n >= tonumber(ARGV[1]) then
  local first = redis.call('zrange', KEYS[1], 0, 0, 'WITHSCORES')
  return math.max(1, tonumber(first[2]) + 60000 - t)
end
redis.call('zadd', KEYS[1], t, ARGV[2])
redis.call('pexpire', KEYS[1], 60000)
return 0`;

export interface RedisRateLimiterOptions {
  /** redis:// URL (PERP_BUS_URL). */
  url: string;
  /** Requests per client per rolling minute (PERP_HTTP_RATE_LIMIT_PER_MIN); 0 = off. */
  perMinute: number;
  /** Key namespace (PERP_BUS_PREFIX). Default 'perp'. */
  prefix?: string;
  /** How long to wait for Redis before using the local window, ms. Default 250. */
  timeoutMs?: number;
  now?: () => number;
  logger?: Logger;
}

export class RedisRateLimiter implements ClientRateLimiter {
  private readonly redis: Redis;
  private readonly local: IpRateLimiter;
  private readonly prefix: string;
  private seq = 0;
  private readonly nonce = randomBytes(4).toString('hex');
  /** Decisions taken by the local window because Redis did not answer. */
  fallbacks = 0;
  private lastLog = 0;

  constructor(private readonly o: RedisRateLimiterOptions) {
    this.prefix = o.prefix ?? 'perp';
    this.local = new IpRateLimiter(o.perMinute, o.now ?? Date.now);
    this.redis = new Redis(o.url, { maxRetriesPerRequest: 0, enableOfflineQueue: false, connectionName: 'perp-ratelimit' });
    this.redis.on('error', () => undefined); // reported through fallbacks; the bus logs connection errors
  }

  async take(client: string): Promise<number> {
    if (this.o.perMinute <= 0) return 0;
    // Unique per request across replicas (same-ms requests must not collapse into one member).
    const member = `${this.nonce}:${this.seq++}`;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const wait = await Promise.race([
        this.redis.eval(TAKE, 1, `${this.prefix}:ratelimit:${client}`, String(this.o.perMinute), member) as Promise<number>,
        new Promise<never>(
          (_, reject) => (timer = setTimeout(() => reject(new Error('rate limit: Redis timeout')), this.o.timeoutMs ?? 250)),
        ),
      ]);
      return Number(wait);
    } catch (err) {
      this.fallbacks++;
      if (Date.now() - this.lastLog > 10_000) {
        this.lastLog = Date.now();
        this.o.logger?.warn('shared rate limit unavailable: using the local window', { message: (err as Error).message });
      }
      return this.local.take(client);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
