import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/core/rate-limit.js';
import { backoffDelay } from '../../src/core/backoff.js';
import { parseRetryAfter } from '../../src/core/http.js';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('RateLimiter (hard cap over any rolling 60 s window)', () => {
  it('never allows more than B requests in any 60 s window, even with refill timing', () => {
    const c = clock();
    const lim = new RateLimiter({ budgetPerMinute: 60, now: c.now });
    const sent: number[] = [];
    for (let step = 0; step < 3000; step++) {
      if (lim.tryAcquire()) sent.push(c.now());
      c.advance(100);
    }
    let max = 0;
    for (let i = 0, j = 0; i < sent.length; i++) {
      while (sent[i]! - sent[j]! >= 60_000) j++;
      max = Math.max(max, i - j + 1);
    }
    expect(max).toBe(60);
    expect(sent.length).toBeGreaterThanOrEqual(5 * 60 - 1);
  });

  it('reports used, remaining and throttled by value', () => {
    const c = clock();
    const lim = new RateLimiter({ budgetPerMinute: 5, now: c.now });
    for (let i = 0; i < 5; i++) expect(lim.tryAcquire()).toBe(true);
    expect(lim.tryAcquire()).toBe(false);
    expect(lim.status()).toMatchObject({ budgetPerMinute: 5, usedLastMinute: 5, remaining: 0, throttled: true });
    c.advance(60_001);
    expect(lim.status()).toMatchObject({ usedLastMinute: 0, remaining: 5, throttled: false });
  });

  it('weights count against the budget', () => {
    const c = clock();
    const lim = new RateLimiter({ budgetPerMinute: 10, now: c.now });
    expect(lim.tryAcquire(6)).toBe(true);
    expect(lim.tryAcquire(5)).toBe(false);
    expect(lim.tryAcquire(4)).toBe(true);
    expect(lim.status().usedLastMinute).toBe(10);
  });

  it('a 429 pause blocks every request until Retry-After has passed', () => {
    const c = clock();
    const lim = new RateLimiter({ budgetPerMinute: 100, now: c.now });
    lim.pause(2000);
    expect(lim.delayFor()).toBe(2000);
    expect(lim.tryAcquire()).toBe(false);
    expect(lim.status()).toMatchObject({ throttled: true, lastRetryAfterMs: 2000 });
    c.advance(2000);
    expect(lim.tryAcquire()).toBe(true);
  });

  it('a 418 ban sets bannedUntil', () => {
    const c = clock();
    const lim = new RateLimiter({ budgetPerMinute: 100, now: c.now });
    lim.ban(c.now() + 120_000);
    expect(lim.status().bannedUntil).toBe(c.now() + 120_000);
    expect(lim.tryAcquire()).toBe(false);
  });

  it('a burst window (Pyth 30 per 10 s) caps short bursts', () => {
    const c = clock();
    const lim = new RateLimiter({ budgetPerMinute: 180, burst: { limit: 30, windowMs: 10_000 }, now: c.now });
    let n = 0;
    for (let i = 0; i < 100; i++) if (lim.tryAcquire()) n++;
    expect(n).toBe(30);
    c.advance(10_001);
    expect(lim.tryAcquire()).toBe(true);
  });

  it('venue-reported usage at the limit makes us wait for the venue window', () => {
    const c = clock(60_000 * 10 + 15_000);
    const lim = new RateLimiter({ budgetPerMinute: 100, now: c.now });
    lim.report(2400, 2400);
    expect(lim.delayFor()).toBe(45_000);
  });
});

describe('backoff and Retry-After', () => {
  it('is capped, jittered and exponential', () => {
    expect(backoffDelay(0, { baseMs: 100, maxMs: 1000, random: () => 0 })).toBe(50);
    expect(backoffDelay(3, { baseMs: 100, maxMs: 1000, random: () => 0.999 })).toBe(800);
    expect(backoffDelay(10, { baseMs: 100, maxMs: 1000, random: () => 1 })).toBe(1000);
  });
  it('parses seconds and HTTP dates', () => {
    expect(parseRetryAfter('2', 0)).toBe(2000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(parseRetryAfter('soon', 0)).toBeNull();
    expect(parseRetryAfter(null, 0)).toBeNull();
  });
});
