import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HttpClient } from '../../../src/core/http.js';
import { RateLimiter } from '../../../src/core/rate-limit.js';
import type { Gateway } from '../../../src/gateway/server.js';
import { bannedUntil } from '../../../src/venues/aster/client.js';
import { PAUSES } from '../../../src/venues/aster/constants.js';
import { createAsterConnector } from '../../../src/venues/aster/index.js';
import { until } from '../../contract/connector.contract.js';
import { FakeAster } from '../../fakes/aster/index.js';
import { startFake, type FakeServer } from '../../fakes/server.js';
import { gql, testGateway } from '../../gateway/harness.js';
import { FAST } from './setup.js';

let fake: FakeAster | null = null;
let gw: Gateway | null = null;
let plain: FakeServer | null = null;
afterEach(async () => {
  await gw?.close();
  await fake?.close();
  await plain?.close();
  gw = fake = plain = null;
});

interface RL {
  throttled: boolean;
  pausedUntil: string | null;
  pauseReason: string | null;
  bannedUntil: string | null;
}
async function rateLimit(): Promise<RL> {
  const r = await gql<{ connectors: Array<{ venue: string; rateLimit: RL }> }>(
    gw!.url,
    '{ connectors(mode: LIVE) { venue rateLimit { throttled pausedUntil pauseReason bannedUntil } } }',
  );
  return r.data!.connectors.find((c) => c.venue === 'ASTER')!.rateLimit;
}

async function asterGateway(): Promise<void> {
  fake = await FakeAster.start();
  gw = await testGateway(
    {
      PERP_VENUES: 'aster',
      ASTER_REST_URL: fake.restUrl,
      ASTER_WS_URL: fake.wsUrl,
      ASTER_RATE_LIMIT_PER_MIN: '600',
      PERP_CONNECTOR_MODE: 'live',
    },
    { factories: { aster: (args) => createAsterConnector({ ...args, timings: FAST, watchdogMs: 800, timeoutMs: 500 }) } },
  );
  await until(
    async () => ((await gql<{ markets: unknown[] }>(gw!.url, '{ markets(mode: LIVE) { id } }')).data?.markets.length ?? 0) === 3,
    'markets',
  );
}

/** After a pause shows, the fake sees no request for a while (requests already on the wire may land just after). */
async function expectSilence(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, 100));
  const n = fake!.server.requests.length;
  await new Promise((r) => setTimeout(r, ms));
  expect(fake!.server.requests.length).toBe(n);
}

describe('Aster pauses (429 without Retry-After, -1003 "banned until", 418), visible in connectors', () => {
  it('a 429 without Retry-After pauses the venue for 60 s; the pause shows in connectors and nothing is sent', async () => {
    await asterGateway();
    const t0 = Date.now();
    fake!.server.fault('', { kind: 'status', status: 429 }, 1);
    await until(async () => (await rateLimit()).pausedUntil !== null, 'pause visible');
    const rl = await rateLimit();
    expect(Date.parse(rl.pausedUntil!) - t0).toBeGreaterThanOrEqual(60_000);
    expect(Date.parse(rl.pausedUntil!) - Date.now()).toBeLessThanOrEqual(60_000);
    expect(rl.pauseReason).toBe('HTTP 429 without Retry-After: backoff 60 s');
    expect(rl.throttled).toBe(true);
    expect(rl.bannedUntil).toBeNull();
    await expectSilence(1000);
  });

  it('a -1003 "banned until <ms>" message pauses until exactly that time', async () => {
    await asterGateway();
    const until_ = Date.now() + 300_000;
    const body = JSON.stringify({
      code: -1003,
      msg: `Way too many requests; IP banned until ${until_}. Please use the websocket for live updates to avoid bans.`,
    });
    fake!.server.fault('', { kind: 'status', status: 418, body }, 1);
    await until(async () => (await rateLimit()).bannedUntil !== null, 'ban visible');
    const rl = await rateLimit();
    expect(Date.parse(rl.bannedUntil!)).toBe(until_);
    expect(Date.parse(rl.pausedUntil!)).toBe(until_);
    expect(rl.pauseReason).toBe(`HTTP 418: the venue states a ban until ${new Date(until_).toISOString()}`);
    await expectSilence(1000);
  });

  it('a 418 without a time bans for 2 min (longer than a 429)', async () => {
    await asterGateway();
    const t0 = Date.now();
    fake!.server.fault('', { kind: 'status', status: 418 }, 1);
    await until(async () => (await rateLimit()).bannedUntil !== null, 'ban visible');
    const rl = await rateLimit();
    expect(Date.parse(rl.bannedUntil!) - t0).toBeGreaterThanOrEqual(120_000);
    expect(rl.pauseReason).toBe('HTTP 418 without a time: backoff 120 s');
  });
});

describe('Aster pause policy over HTTP (manual clock)', () => {
  it('429s without Retry-After in a row back off 60, 120, 240 s; a success resets to 60 s', async () => {
    plain = await startFake();
    let status = 429;
    plain.route('GET', '/x', () =>
      status === 200 ? { ok: 1 } : { status, body: { code: -1003, msg: 'Too many requests; current limit is 2400 requests per minute.' } },
    );
    let now = 1_000_000;
    const limiter = new RateLimiter({ budgetPerMinute: 1000, now: () => now });
    const c = new HttpClient({
      venue: 'aster',
      fetch,
      limiter,
      now: () => now,
      retries: 0,
      maxQueueWaitMs: 0,
      pauses: PAUSES,
      banUntil: bannedUntil,
    });
    const get = () => c.json(`${plain!.url}/x`, z.object({ ok: z.number() }));
    const pauses: number[] = [];
    for (let k = 0; k < 3; k++) {
      await expect(get()).rejects.toMatchObject({ code: 'RATE_LIMITED' });
      pauses.push(limiter.status().pausedUntil! - now);
      now = limiter.status().pausedUntil! + 1;
    }
    expect(pauses).toEqual([60_000, 120_000, 240_000]);
    await expect(get()).rejects.toMatchObject({ code: 'RATE_LIMITED' }); // 480 s, then the venue recovers
    now = limiter.status().pausedUntil! + 1;
    status = 200;
    expect(await get()).toEqual({ ok: 1 });
    status = 429;
    await expect(get()).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(limiter.status().pausedUntil! - now).toBe(60_000);
  });

  it('429s of requests already in flight together count as one step: 60 s, then 120 s', async () => {
    plain = await startFake();
    plain.route('GET', '/x', () => ({ status: 429, body: { code: -1003, msg: 'Too many requests.' } }));
    let now = 1_000_000;
    const limiter = new RateLimiter({ budgetPerMinute: 1000, now: () => now });
    const c = new HttpClient({
      venue: 'aster',
      fetch,
      limiter,
      now: () => now,
      retries: 0,
      maxQueueWaitMs: 0,
      pauses: PAUSES,
      banUntil: bannedUntil,
    });
    const get = () => c.json(`${plain!.url}/x`, z.object({ ok: z.number() })).catch((e: unknown) => e);
    const errors = await Promise.all([get(), get(), get()]);
    expect(errors.map((e) => (e as { code: string }).code)).toEqual(['RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED']);
    expect(limiter.status().pausedUntil! - now).toBe(60_000);
    now = limiter.status().pausedUntil! + 1;
    await get();
    expect(limiter.status().pausedUntil! - now).toBe(120_000);
  });

  it('reads the ban time from -1003 messages only (ms or s); other bodies state none', () => {
    expect(bannedUntil(418, '{"code":-1003,"msg":"Way too many requests; IP banned until 1750146970000."}')).toBe(1750146970000);
    expect(bannedUntil(429, '{"code":-1003,"msg":"IP banned until 1750146970."}')).toBe(1750146970000);
    expect(bannedUntil(429, '{"code":-1003,"msg":"current limit is 2400 requests per minute"}')).toBeNull();
    expect(bannedUntil(400, '{"code":-1121,"msg":"banned until 1750146970000"}')).toBeNull();
    expect(bannedUntil(500, '<html>oops</html>')).toBeNull();
  });
});
