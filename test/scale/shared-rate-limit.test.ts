/**
 * Per-client HTTP budget shared across replicas through Redis: two gateways with a limit of 5 a minute refuse a
 * client after 5 requests in total, whichever replica it reaches; with Redis gone each falls back to its own
 * window (one budget per replica, never unlimited).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { loadConfig } from '../../src/config/index.js';
import type { WebSocketCtor } from '../../src/core/connector.js';
import { startGateway, type Gateway } from '../../src/gateway/server.js';
import { RedisRateLimiter } from '../../src/scale/http-rate-limit.js';
import { silentLogger } from '../../src/telemetry/logger.js';
import { OFFLINE } from '../gateway/harness.js';
import { dropRedisPrefix, REDIS_URL, serviceMissing, uniq } from './services.js';

const redisMissing = await serviceMissing('redis');
const PER_MIN = 5;

describe.skipIf(redisMissing !== null)('per-client HTTP rate limit shared through Redis', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  async function replica(url: string, prefix: string): Promise<{ gw: Gateway; limiter: RedisRateLimiter }> {
    const config = loadConfig({
      PERP_LOG_LEVEL: 'silent',
      PERP_DB_PATH: ':memory:',
      PERP_CONNECTOR_MODE: 'mock',
      PERP_HTTP_RATE_LIMIT_PER_MIN: String(PER_MIN),
    });
    const limiter = new RedisRateLimiter({ url, perMinute: PER_MIN, prefix });
    const gw = await startGateway({
      config,
      io: { fetch, WebSocket: WebSocket as unknown as WebSocketCtor, now: Date.now, logger: silentLogger },
      factories: OFFLINE,
      httpLimiter: limiter,
    });
    cleanup.push(async () => {
      await gw.close();
      await limiter.close();
    });
    return { gw, limiter };
  }

  const ask = (gw: Gateway) =>
    fetch(`${gw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ schemaVersion }' }),
    }).then(async (r) => ({
      status: r.status,
      retry: r.headers.get('retry-after'),
      body: await r.text(),
    }));

  it('two replicas refuse a client at one budget in total', async () => {
    const prefix = uniq('perprl');
    cleanup.push(() => dropRedisPrefix(prefix));
    const a = await replica(REDIS_URL, prefix);
    const b = await replica(REDIS_URL, prefix);
    const t0 = Date.now();
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await ask(i % 2 ? b.gw : a.gw)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    const refused = await ask(a.gw);
    expect(refused.status).toBe(429);
    // Until the first counted request leaves the minute (whole seconds, rounded up).
    expect(Number(refused.retry)).toBeGreaterThanOrEqual(60 - Math.ceil((Date.now() - t0) / 1000));
    expect(Number(refused.retry)).toBeLessThanOrEqual(60);
    // /graphql answers the GraphQL error envelope (one shape for every error).
    expect(JSON.parse(refused.body).errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(a.limiter.fallbacks + b.limiter.fallbacks).toBe(0);
    // A different client (its own key) still has its whole budget.
    expect(await a.limiter.take('203.0.113.9')).toBe(0);
  });

  it('without Redis each replica falls back to its own window: limited, never unlimited', async () => {
    const limiter = new RedisRateLimiter({ url: 'redis://127.0.0.1:1', perMinute: 3, timeoutMs: 100 });
    cleanup.push(() => limiter.close());
    const waits = [];
    for (let i = 0; i < 4; i++) waits.push(await limiter.take('198.51.100.1'));
    expect(waits.slice(0, 3)).toEqual([0, 0, 0]);
    expect(waits[3]).toBeGreaterThan(59_000);
    expect(limiter.fallbacks).toBe(4);
  });
});
