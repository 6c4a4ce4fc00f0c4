/**
 * Cadence scheduler: each job runs at once on start (in the order given, so metadata runs first), then every
 * `cadenceMs` ± jitter; never two runs of the same job at once; `when()` gates a run (e.g. poll REST depth only
 * while the stream is down); everything stops on `stop()` (in-flight runs are aborted through their signal).
 */
import { isAbortError } from './errors.js';

export interface Job {
  name: string;
  cadenceMs: number;
  run(signal: AbortSignal): Promise<void>;
  /** Skip this tick when it returns false. */
  when?(): boolean;
  /** Fraction of cadence used as ± jitter. Default 0.1. */
  jitter?: number;
}

export class Scheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<void>>();
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

  private arm(job: Job): void {
    if (this.stopped) return;
    const j = job.jitter ?? 0.1;
    const delay = Math.max(10, job.cadenceMs * (1 + (this.random() * 2 - 1) * j));
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
      } catch (err) {
        if (this.stopped && isAbortError(err)) return;
        if (!this.stopped) this.onError(job.name, err);
      } finally {
        this.running.delete(job.name);
      }
    })();
    this.running.set(job.name, p);
    return p;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.abort.abort(Object.assign(new Error('scheduler stopped'), { name: 'AbortError' }));
    await Promise.allSettled([...this.running.values()]);
  }
}
