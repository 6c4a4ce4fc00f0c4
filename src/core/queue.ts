/**
 * Bounded conflating queue: at most one pending item per key (latest wins), at most `capacity` keys.
 * Used for book updates and account notifications so a burst never grows memory without bound and
 * never delays the newest value. Every replaced or dropped item is counted.
 */
export class ConflatingQueue<K, V> {
  private readonly items = new Map<K, V>();
  /** Items replaced by a newer one for the same key (conflated). */
  conflated = 0;
  /** Items dropped because the queue was full (new keys beyond capacity) or rejected by `accept`. */
  dropped = 0;
  private scheduled = false;

  constructor(
    private readonly capacity: number,
    private readonly drain: (key: K, value: V) => void,
    /** Return false to drop an update (e.g. an older slot than the one pending). */
    private readonly accept: (incoming: V, pending: V | undefined) => boolean = () => true,
    private readonly schedule: (fn: () => void) => void = queueMicrotask,
  ) {}

  get depth(): number {
    return this.items.size;
  }

  push(key: K, value: V): void {
    const pending = this.items.get(key);
    if (!this.accept(value, pending)) {
      this.dropped++;
      return;
    }
    if (pending !== undefined) {
      this.conflated++;
      this.items.delete(key); // re-insert to keep FIFO by latest arrival
    } else if (this.items.size >= this.capacity) {
      this.dropped++;
      return;
    }
    this.items.set(key, value);
    if (!this.scheduled) {
      this.scheduled = true;
      this.schedule(() => this.flush());
    }
  }

  flush(): void {
    this.scheduled = false;
    const batch = [...this.items];
    this.items.clear();
    for (const [k, v] of batch) this.drain(k, v);
  }

  clear(): void {
    this.items.clear();
  }
}
