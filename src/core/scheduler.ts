/**
 * Cadence scheduler: each job runs at once on start (in the order given, so metadata runs first), then every
 * `cadenceMs` ± jitter; never two runs of the same job at once; `when()` gates a run (e.g. poll REST depth only
 * while the stream is down); everything stops on `stop()` (in-flight runs are aborted through their signal).
 *
 * A job with a `retry` policy (the template gives one to the metadata/discovery job) does not wait a whole cadence
 * after a failed run: it retries after a capped, jittered exponential backoff (core/backoff.ts) until a run succeeds,
 * then returns to its cadence. A failed run started through `trigger` re-arms the retry the same way.
 */
import { backoffDelay, type BackoffOptions } from './backoff.js';
import { isAbortError } from './errors.js';

/** Fast recovery of a failed job: backoff between attempts, and hooks for health. */
export interface RetryPolicy extends BackoffOptions {
  /** After failed attempt `attempt` (1-based): the next attempt runs in `delayMs`. */
  onRetry?(attempt: number, delayMs: number, err: unknown): void;
  /** The first success after `failedAttempts` failures. */
  onRecovered?(failedAttempts: number): void;
}

export interface Job {
  name: string;
  cadenceMs: number;
  run(signal: AbortSignal): Promise<void>;
  /** Skip this tick when it returns false. */
  when?(): boolean;
  /** Fraction of cadence used as ± jitter. Default 0.1. */
  jitter?: number;
  /** Retry a failed run after a backoff instead of the cadence. Default none (the next tick retries). */
  retry?: RetryPolicy;
}

export class Scheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<void>>();
  /** Consecutive failed runs and the pending retry delay, for jobs with a retry policy. */
  private readonly failures = new Map<string, number>();
  private readonly retryIn = new Map<string, number>();
  private readonly abort = new AbortController();
  private stopped = false;

  constructor(
    private readonly onError: (job: string, err: unknown) => void,
    private readonly random: () => number = Math.random,
  ) {}

  /** Start jobs: the first job is awaited (metadata), the others start right after. */
  async start(jobs: Job[]): Promise<void> {
    const [first, ...rest] = jobs;
    if (first) {
      await this.tick(first);
      this.arm(first);
    }
    for (const j of rest) {
      void this.tick(j);
      this.arm(j);
    }
  }

  /** Run a job now (unless already running), e.g. on demand for a new market. */
  trigger(job: Job): Promise<void> {
    return this.tick(job);
  }

  isRunning(name: string): boolean {
    return this.running.has(name);
  }

  /** Consecutive failed runs of a job with a retry policy (0 when its last run succeeded). */
  failuresOf(name: string): number {
    return this.failures.get(name) ?? 0;
  }

  private arm(job: Job): void {
    if (this.stopped) return;
    clearTimeout(this.timers.get(job.name));
    const j = job.jitter ?? 0.1;
    const delay = this.retryIn.get(job.name) ?? Math.max(10, job.cadenceMs * (1 + (this.random() * 2 - 1) * j));
    const t = setTimeout(() => {
      void this.tick(job).finally(() => this.arm(job));
    }, delay);
    t.unref?.();
    this.timers.set(job.name, t);
  }

  private tick(job: Job): Promise<void> {
    if (this.stopped) return Promise.resolve();
    const existing = this.running.get(job.name);
    if (existing) return existing;
    if (job.when && !job.when()) return Promise.resolve();
    const p = (async () => {
      try {
        await job.run(this.abort.signal);
        this.succeeded(job);
      } catch (err) {
        if (this.stopped && isAbortError(err)) return;
        if (!this.stopped) {
          this.onError(job.name, err);
          this.failed(job, err);
        }
      } finally {
        this.running.delete(job.name);
      }
    })();
    this.running.set(job.name, p);
    return p;
  }

  private succeeded(job: Job): void {
    const n = this.failures.get(job.name) ?? 0;
    if (!job.retry || n === 0) return;
    this.failures.delete(job.name);
    this.retryIn.delete(job.name);
    job.retry.onRecovered?.(n);
    this.arm(job); // back to the cadence, counted from this success
  }

  private failed(job: Job, err: unknown): void {
    if (!job.retry) return;
    const n = (this.failures.get(job.name) ?? 0) + 1;
    const delay = backoffDelay(n - 1, { ...job.retry, random: job.retry.random ?? this.random });
    this.failures.set(job.name, n);
    this.retryIn.set(job.name, delay);
    job.retry.onRetry?.(n, delay, err);
    this.arm(job);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.abort.abort(Object.assign(new Error('scheduler stopped'), { name: 'AbortError' }));
    await Promise.allSettled([...this.running.values()]);
  }
}
