/** Capped, jittered exponential backoff ("full jitter"); `attempt` starts at 0. Reset on success by the caller. */
export interface BackoffOptions {
  /** First delay in ms. Default 500. */
  baseMs?: number;
  /** Cap in ms. Default 30 000. */
  maxMs?: number;
  /** Random source in [0,1); injected for tests. Default Math.random. */
  random?: () => number;
}

/**
 * Fast recovery of a venue's first job (metadata or discovery) after a failure (issue 19 item 5): 1 s doubling to a
 * 20 s cap, half jittered, so a venue is live again within one step (≤ 20 s plus the request) of recovering, instead
 * of waiting for the 10-minute metadata cadence.
 */
export const RECOVERY_BACKOFF: Readonly<Required<Omit<BackoffOptions, 'random'>>> = { baseMs: 1_000, maxMs: 20_000 };

export function backoffDelay(attempt: number, opts: BackoffOptions = {}): number {
  const base = opts.baseMs ?? 500;
  const max = opts.maxMs ?? 30_000;
  const rnd = opts.random ?? Math.random;
  const ceiling = Math.min(max, base * 2 ** Math.max(0, attempt));
  // Half fixed, half jitter: never 0, never above the cap.
  return Math.round(ceiling / 2 + rnd() * (ceiling / 2));
}

/** Sleep that honours an AbortSignal (rejects with the signal's reason, never swallowed). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
