/**
 * Redis event bus for scale-out. Transport: Redis pub/sub (one channel) — chosen over streams because the
 * gateway only ever needs the LATEST state (a missed intermediate book is superseded by the next one), pub/sub
 * adds no per-message storage, and latency is lowest. Durability for late joiners comes from a snapshot hash
 * holding the latest event per (type, venue, market), read with HGETALL at start.
 * Fencing: every live event carries its venue lease's fencing token; receivers drop events with a token lower
 * than the highest seen for that venue, so a deposed leader's late events never overwrite the new leader's.
 */
import { Redis } from 'ioredis';
import type { Bus, BusHandler } from '../gateway/bus.js';
import type { BusEvent } from '../store/latest.js';
import type { Venue } from '../core/types.js';

export interface RedisBusOptions {
  url: string;
  /** Key prefix (namespace). Default 'perp'. */
  prefix?: string;
  /** Fencing token of this process's lease for a venue (null when not leading). */
  tokenOf?: (venue: Venue) => number | null;
}

type Envelope = { t: number | null; e: BusEvent };

function slot(e: BusEvent): string {
  switch (e.type) {
    case 'metadata':
    case 'health':
      return `${e.type}|${e.venue}`;
    case 'stats':
      return `stats|${e.market}`;
    case 'funding':
      return `funding|${e.funding.market}`;
    case 'book':
      return `book|${e.book.market}`;
  }
}

export class RedisBus implements Bus {
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly handlers = new Set<BusHandler>();
  private readonly maxToken = new Map<string, number>();
  private readonly channel: string;
  private readonly hash: string;
  private ready: Promise<void>;
  /** Events dropped because their fencing token was older than the venue's current one. */
  fencedOut = 0;

  constructor(private readonly o: RedisBusOptions) {
    const prefix = o.prefix ?? 'perp';
    this.channel = `${prefix}:events`;
    this.hash = `${prefix}:latest`;
    this.pub = new Redis(o.url, { lazyConnect: false, maxRetriesPerRequest: 2 });
    this.sub = new Redis(o.url, { lazyConnect: false, maxRetriesPerRequest: 2 });
    this.sub.on('message', (_ch: string, msg: string) => this.receive(msg));
    this.ready = this.sub.subscribe(this.channel).then(() => undefined);
  }

  whenReady(): Promise<void> {
    return this.ready;
  }

  private accept(env: Envelope): boolean {
    if (env.e.plane !== 'live' || env.t === null) return true;
    const cur = this.maxToken.get(env.e.venue) ?? 0;
    if (env.t < cur) {
      this.fencedOut++;
      return false;
    }
    this.maxToken.set(env.e.venue, env.t);
    return true;
  }

  private receive(msg: string): void {
    let env: Envelope;
    try {
      env = JSON.parse(msg) as Envelope;
    } catch {
      return;
    }
    if (!this.accept(env)) return;
    for (const h of this.handlers) h(env.e);
  }

  publish(e: BusEvent): void {
    if (e.plane !== 'live') {
      for (const h of this.handlers) h(e);
      return;
    }
    const env: Envelope = { t: this.o.tokenOf?.(e.venue) ?? null, e };
    const text = JSON.stringify(env);
    void this.pub
      .multi()
      .hset(this.hash, slot(e), text)
      .publish(this.channel, text)
      .exec()
      .catch(() => undefined);
  }

  subscribe(handler: BusHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async snapshot(): Promise<BusEvent[]> {
    await this.ready;
    const all = await this.pub.hgetall(this.hash);
    const envs = Object.values(all)
      .map((t) => JSON.parse(t) as Envelope)
      .filter((env) => this.accept(env));
    // Metadata first so markets exist before their stats/funding/books.
    return envs.map((x) => x.e).sort((a, b) => (a.type === 'metadata' ? -1 : 0) - (b.type === 'metadata' ? -1 : 0));
  }

  async close(): Promise<void> {
    this.handlers.clear();
    await Promise.allSettled([this.sub.quit(), this.pub.quit()]);
  }
}
