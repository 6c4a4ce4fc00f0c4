/**
 * Bus → async iterator for subscriptions, with conflation: while the consumer is busy, only the latest value per
 * key is kept (a slow client gets the newest book, never an unbounded queue). `onReturn` releases demand.
 */
import type { BusEvent } from '../../store/latest.js';
import type { Bus } from '../../app/bus.js';

export interface IteratorOptions<T> {
  bus: Bus;
  /** Map an event to a value to deliver, or null to ignore it. */
  select(e: BusEvent): T | null;
  /** Conflation key of a value (default: one slot). */
  keyOf?(v: T): string;
  /** Values to deliver first (e.g. the current book). */
  initial?: T[];
  onReturn?(): void;
  /** Called right before each value is handed to the consumer (subscriptions refresh their clock here). */
  refresh?(): void;
  /** Max distinct pending keys (bounded). Default 1000. */
  maxPending?: number;
}

export function busIterator<T>(o: IteratorOptions<T>): AsyncIterableIterator<T> {
  const pending = new Map<string, T>();
  for (const v of o.initial ?? []) pending.set(o.keyOf?.(v) ?? '', v);
  let waiter: ((r: IteratorResult<T>) => void) | null = null;
  let done = false;
  const max = o.maxPending ?? 1000;
  const unsubscribe = o.bus.subscribe((e) => {
    if (done) return;
    const v = o.select(e);
    if (v === null) return;
    if (waiter) {
      const w = waiter;
      waiter = null;
      o.refresh?.();
      w({ value: v, done: false });
      return;
    }
    const k = o.keyOf?.(v) ?? '';
    if (!pending.has(k) && pending.size >= max) return;
    pending.delete(k);
    pending.set(k, v);
  });
  const finish = (): Promise<IteratorResult<T>> => {
    if (!done) {
      done = true;
      unsubscribe();
      o.onReturn?.();
      if (waiter) waiter({ value: undefined, done: true });
      waiter = null;
    }
    return Promise.resolve({ value: undefined, done: true });
  };
  return {
    next(): Promise<IteratorResult<T>> {
      if (done) return Promise.resolve({ value: undefined, done: true });
      const first = pending.entries().next();
      if (!first.done) {
        pending.delete(first.value[0]);
        o.refresh?.();
        return Promise.resolve({ value: first.value[1], done: false });
      }
      return new Promise((r) => (waiter = r));
    },
    return: finish,
    throw: (err?: unknown) => {
      void finish();
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
