import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { z } from 'zod';
import type { VenueError } from '../../src/core/errors.js';
import { HttpClient } from '../../src/core/http.js';
import { ConflatingQueue } from '../../src/core/queue.js';
import { RateLimiter } from '../../src/core/rate-limit.js';
import { Scheduler } from '../../src/core/scheduler.js';
import { ResilientStream, wsConnector } from '../../src/core/stream.js';
import type { WebSocketCtor } from '../../src/core/connector.js';
import { until } from '../contract/connector.contract.js';
import { startFake, type FakeServer } from '../fakes/server.js';
import { VENUES } from '../../src/venues/registry.js';

let fake: FakeServer | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

function client(f: FakeServer, o: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) {
  return new HttpClient({
    venue: VENUES[0],
    fetch,
    limiter: new RateLimiter({ budgetPerMinute: 1000, now: Date.now }),
    now: Date.now,
    timeoutMs: 300,
    retries: 2,
    backoffBaseMs: 10,
    backoffMaxMs: 20,
    ...o,
  });
}

describe('HttpClient', () => {
  it('retries 5xx and succeeds; validates with zod', async () => {
    fake = await startFake();
    fake.route('GET', '/x', () => ({ a: 1 }));
    fake.fault('/x', { kind: 'status', status: 502 }, 2);
    const c = client(fake);
    expect(await c.json(`${fake.url}/x`, z.object({ a: z.number() }))).toEqual({ a: 1 });
    expect(fake.count('/x')).toBe(3);
  });

  it('does not retry other 4xx', async () => {
    fake = await startFake();
    fake.route('GET', '/x', () => ({ status: 400, body: { msg: 'bad symbol' } }));
    const c = client(fake);
    await expect(c.json(`${fake.url}/x`, z.any())).rejects.toMatchObject({ code: 'HTTP_4XX' });
    expect(fake.count('/x')).toBe(1);
  });

  it('turns a slow answer into TIMEOUT, malformed JSON into MALFORMED, a wrong shape into SCHEMA', async () => {
    fake = await startFake();
    fake.route('GET', '/x', () => ({ a: 1 }));
    const c = client(fake, { retries: 0 });
    fake.fault('/x', { kind: 'slow', ms: 800 });
    await expect(c.json(`${fake.url}/x`, z.any())).rejects.toMatchObject({ code: 'TIMEOUT' });
    fake.fault('/x', { kind: 'malformed' });
    await expect(c.json(`${fake.url}/x`, z.any())).rejects.toMatchObject({ code: 'MALFORMED' });
    await expect(c.json(`${fake.url}/x`, z.object({ a: z.string() }))).rejects.toThrow(/expected string/);
  });

  it('429 pauses the limiter for Retry-After and is not retried in a tight loop', async () => {
    fake = await startFake();
    fake.route('GET', '/x', () => ({ a: 1 }));
    fake.fault('/x', { kind: 'status', status: 429, headers: { 'retry-after': '1' } });
    const lim = new RateLimiter({ budgetPerMinute: 1000, now: Date.now });
    const c = client(fake, { limiter: lim });
    const err = (await c.json(`${fake.url}/x`, z.any()).catch((e: unknown) => e)) as VenueError;
    expect(err.code).toBe('RATE_LIMITED');
    expect(err.retryAfterMs).toBe(1000);
    expect(lim.status().throttled).toBe(true);
    const t0 = Date.now();
    await c.json(`${fake.url}/x`, z.any());
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    expect(fake.count('/x')).toBe(2);
  });

  it('never swallows cancellation', async () => {
    fake = await startFake();
    fake.route('GET', '/x', () => ({ a: 1 }));
    fake.fault('/x', { kind: 'slow', ms: 500 });
    const c = client(fake, { timeoutMs: 2000 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(new DOMException('stop', 'AbortError')), 50);
    await expect(c.json(`${fake.url}/x`, z.any(), { signal: ac.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('waits for budget instead of exceeding it, and fails RATE_LIMITED when the wait is too long', async () => {
    fake = await startFake();
    fake.route('GET', '/x', () => ({ a: 1 }));
    const lim = new RateLimiter({ budgetPerMinute: 2, now: Date.now });
    const c = client(fake, { limiter: lim, maxQueueWaitMs: 100 });
    await c.json(`${fake.url}/x`, z.any());
    await c.json(`${fake.url}/x`, z.any());
    await expect(c.json(`${fake.url}/x`, z.any())).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(fake.count('/x')).toBe(2);
  });
});

describe('ResilientStream', () => {
  it('reconnects after a silent socket (watchdog), resubscribes, and counts the restart', async () => {
    fake = await startFake();
    const subs: string[] = [];
    fake.onWebSocket((ws) => ws.on('message', (m) => subs.push(m.toString())));
    const got: string[] = [];
    const s = new ResilientStream({
      name: 't',
      connect: wsConnector(WebSocket as unknown as WebSocketCtor, fake.wsUrl, (t) => got.push(t)),
      onOpen: (link) => link.send('SUBSCRIBE'),
      watchdogMs: 300,
      backoffBaseMs: 20,
      backoffMaxMs: 50,
    });
    s.start();
    await until(() => subs.length === 1, 'first subscribe');
    fake.broadcast({ n: 1 });
    await until(() => got.length === 1, 'first frame');
    fake.stall(true); // silent: no frames
    await until(() => s.reconnects >= 1 && subs.length >= 2, 'watchdog restart and resubscribe', 3000);
    expect(s.lastCloseReason).toContain('watchdog');
    fake.stall(false);
    fake.broadcast({ n: 2 });
    await until(() => got.length >= 2, 'frames after reconnect');
    s.stop();
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.wsClients).toBe(0);
  });

  it('reconnects after a dropped socket with backoff', async () => {
    fake = await startFake();
    let opens = 0;
    fake.onWebSocket(() => opens++);
    const s = new ResilientStream({
      name: 't',
      connect: wsConnector(WebSocket as unknown as WebSocketCtor, fake.wsUrl, () => undefined),
      watchdogMs: 5000,
      backoffBaseMs: 20,
      backoffMaxMs: 40,
    });
    s.start();
    await until(() => opens === 1, 'open');
    fake.dropSockets();
    await until(() => opens === 2 && s.isOpen, 'reopened');
    expect(s.reconnects).toBe(1);
    s.stop();
  });
});

describe('Scheduler', () => {
  it('runs the first job before the others, never overlaps a job, and stops everything', async () => {
    const order: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const sched = new Scheduler(
      () => undefined,
      () => 0.5,
    );
    await sched.start([
      { name: 'metadata', cadenceMs: 1000, run: async () => void order.push('metadata') },
      {
        name: 'slow',
        cadenceMs: 10,
        run: async () => {
          order.push('slow');
          running++;
          maxRunning = Math.max(maxRunning, running);
          await new Promise((r) => setTimeout(r, 60));
          running--;
        },
      },
    ]);
    await new Promise((r) => setTimeout(r, 250));
    await sched.stop();
    expect(order[0]).toBe('metadata');
    expect(maxRunning).toBe(1);
    const n = order.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(order.length).toBe(n);
  });

  it('skips a tick when `when` says so (REST polling only while the stream is down)', async () => {
    let streamUp = true;
    let polls = 0;
    const sched = new Scheduler(() => undefined);
    await sched.start([{ name: 'poll', cadenceMs: 20, when: () => !streamUp, run: async () => void polls++ }]);
    await new Promise((r) => setTimeout(r, 100));
    expect(polls).toBe(0);
    streamUp = false;
    await until(() => polls >= 2, 'polling once the stream is down');
    await sched.stop();
  });
});

describe('ConflatingQueue', () => {
  it('keeps the latest value per key, drops older slots, bounds memory and counts', () => {
    const out: Array<[string, number]> = [];
    const q = new ConflatingQueue<string, { slot: number; v: number }>(
      2,
      (k, v) => out.push([k, v.v]),
      (inc, pend) => !pend || inc.slot >= pend.slot,
      () => undefined,
    );
    for (let i = 0; i < 10_000; i++) q.push('a', { slot: i, v: i });
    q.push('a', { slot: 5, v: -1 }); // older slot: dropped
    q.push('b', { slot: 1, v: 1 });
    q.push('c', { slot: 1, v: 1 }); // over capacity: dropped
    expect(q.depth).toBe(2);
    q.flush();
    expect(out).toEqual([
      ['a', 9999],
      ['b', 1],
    ]);
    expect(q.conflated).toBe(9999);
    expect(q.dropped).toBe(2);
  });
});
