/** Scheduler retry policy (issue 19 item 5): a failed run retries on the backoff, success returns to the cadence. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Scheduler } from '../../src/core/scheduler.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('Scheduler retry policy', () => {
  it('retries a failing job after 1 s, 2 s, 4 s (capped), then runs on its cadence again after a success', async () => {
    vi.useFakeTimers();
    const runs: number[] = [];
    const retries: Array<[number, number]> = [];
    let recovered = 0;
    let failing = true;
    const sched = new Scheduler(
      () => undefined,
      () => 0.999_999, // the top of the jitter band: delays are the ceilings
    );
    const t0 = Date.now();
    await sched.start([
      {
        name: 'metadata',
        cadenceMs: 600_000,
        jitter: 0,
        run: async () => {
          runs.push(Date.now() - t0);
          if (failing) throw new Error('exchangeInfo 503');
        },
        retry: {
          baseMs: 1_000,
          maxMs: 4_000,
          onRetry: (attempt, delayMs) => retries.push([attempt, delayMs]),
          onRecovered: (n) => (recovered = n),
        },
      },
    ]);
    await vi.advanceTimersByTimeAsync(1_000 + 2_000 + 4_000 + 4_000);
    expect(runs).toEqual([0, 1_000, 3_000, 7_000, 11_000]);
    expect(retries.map(([a]) => a)).toEqual([1, 2, 3, 4, 5]);
    expect(retries.map(([, d]) => d)).toEqual([1_000, 2_000, 4_000, 4_000, 4_000]);
    expect(sched.failuresOf('metadata')).toBe(5);
    failing = false;
    await vi.advanceTimersByTimeAsync(4_000);
    expect(runs.at(-1)).toBe(15_000);
    expect(recovered).toBe(5);
    expect(sched.failuresOf('metadata')).toBe(0);
    await vi.advanceTimersByTimeAsync(599_000);
    expect(runs).toHaveLength(6); // back on the 10-minute cadence
    await vi.advanceTimersByTimeAsync(1_000);
    expect(runs).toHaveLength(7);
    await sched.stop();
  });

  it('a job without a retry policy keeps its cadence after a failure', async () => {
    vi.useFakeTimers();
    let runs = 0;
    const sched = new Scheduler(() => undefined);
    await sched.start([{ name: 'x', cadenceMs: 60_000, jitter: 0, run: () => Promise.reject(new Error(`fail ${++runs}`)) }]);
    await vi.advanceTimersByTimeAsync(59_000);
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(runs).toBe(2);
    await sched.stop();
  });
});
