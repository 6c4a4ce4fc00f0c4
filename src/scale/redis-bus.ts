/**
 * Redis event bus for scale-out (DESIGN §5). Transport: Redis **pub/sub** on one channel, not streams. A gateway only
 * ever needs the LATEST state (a missed intermediate book is superseded by the next one, the store keeps latest
 * only), so per-message retention, consumer groups and trimming would buy nothing; pub/sub stores nothing per
 * message and has the lowest latency. What pub/sub lacks (a late joiner's initial state, and what a subscriber
 * missed while disconnected) comes from a **snapshot hash** `<prefix>:latest` holding the latest event per
 * (type, venue, market): read at start, and again after every reconnect of the subscriber connection.
 *
 * Fencing: a collector publishes through one Lua script that writes the snapshot slot and publishes only when the
 * event's lease token is not older than the venue's current token (`<prefix>:lease:<venue>:token`, INCR'd on every
 * acquisition by src/scale/leader.ts), atomically in Redis. A deposed leader's late events are therefore dropped
 * at the source (snapshot included); receivers also drop anything older than the newest token they have seen.
 *
 * Demand (which markets' depth somebody wants, src/app/demand.ts) travels on its own channel `<prefix>:demand`,
 * unfenced and unstored: every replica announces its demand periodically with a lifetime, and the process that
 * leads the venue applies it; what is not refreshed expires, so nothing needs to be read back after a reconnect.
 */
import { Redis } from 'ioredis';
import type { Bus, BusEvent, BusHandler, DemandMessage } from '../core/ports.js';
import type { Venue } from '../core/types.js';
import type { Logger } from '../telemetry/logger.js';
import { leaseKeys } from './leader.js';

export interface RedisBusOptions {
  /** redis:// URL (PERP_BUS_URL). */
  url: string;
  /** Key and channel namespace, shared with the leases (PERP_BUS_PREFIX). Default 'perp'. */
  prefix?: string;
  /**
   * Fencing token of this process's lease for a venue, null when it does not lead. When given, live events are
   * published only while leading and only with a current token. Default: none (unfenced; gateway role publishes
   * no live events).
   */
  tokenOf?: (venue: Venue) => number | null;
  /** Logger for Redis errors and resyncs. Default: none. */
  logger?: Logger;
  /** Client name shown in Redis CLIENT LIST (`<name>:pub`, `<name>:sub`). Default 'perp-bus'. */
  name?: string;
}

type Envelope = { t: number | null; e: BusEvent };

// KEYS: token, hash. ARGV: token ('' = unfenced), slot, text, channel. → 1 published, 0 fenced out.
const PUBLISH = `
if ARGV[1] ~= '' and tonumber(ARGV[1]) < tonumber(redis.call('get', KEYS[1]) or '0') then return 0 end
redis.call('hset', KEYS[2], ARGV[2], ARGV[3])
redis.call('publish', ARGV[4], ARGV[3])
return 1`;

/** Snapshot slot of an event: the latest one per (type, venue[, market]) is all a late joiner needs. */
export function slotOf(e: BusEvent): string {
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

function marketOf(e: BusEvent): string | null {
  return e.type === 'stats' ? e.market : e.type === 'funding' ? e.funding.market : e.type === 'book' ? e.book.market : null;
}

export class RedisBus implements Bus {
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly handlers = new Set<BusHandler>();
  private readonly demandHandlers = new Set<(m: DemandMessage) => void>();
  private readonly demandChannel: string;
  private readonly maxToken = new Map<string, number>();
  private readonly prefix: string;
  private readonly channel: string;
  private readonly hash: string;
  private readonly ready: Promise<void>;
  /** Messages that arrived while a snapshot read was in flight (returned with it, so nothing falls in between). */
  private buffers = new Set<Envelope[]>();
  private subscribedOnce = false;
  private closed = false;
  /** Live events refused because they carried an older fencing token (or none while not leading). */
  fencedOut = 0;
  /** Publishes that failed (Redis unreachable). */
  publishFailures = 0;
  /** Snapshot re-reads after the subscriber connection came back. */
  resyncs = 0;
  private lastFailureLog = 0;

  constructor(private readonly o: RedisBusOptions) {
    this.prefix = o.prefix ?? 'perp';
    this.channel = `${this.prefix}:events`;
    this.demandChannel = `${this.prefix}:demand`;
    this.hash = `${this.prefix}:latest`;
    const name = o.name ?? 'perp-bus';
    this.pub = new Redis(o.url, { maxRetriesPerRequest: 2, connectionName: `${name}:pub` });
    this.sub = new Redis(o.url, { maxRetriesPerRequest: 2, connectionName: `${name}:sub` });
    for (const c of [this.pub, this.sub]) c.on('error', (err: Error) => o.logger?.warn('bus redis error', { message: err.message }));
    this.pub.defineCommand('perpPublish', { numberOfKeys: 2, lua: PUBLISH });
    this.sub.on('message', (ch: string, msg: string) => (ch === this.demandChannel ? this.receiveDemand(msg) : this.receive(msg)));
    // ioredis re-subscribes by itself after a reconnect; what was published meanwhile is read back from the hash.
    this.sub.on('ready', () => {
      if (this.subscribedOnce && !this.closed) void this.resync();
    });
    this.ready = this.sub.subscribe(this.channel, this.demandChannel).then(() => {
      this.subscribedOnce = true;
    });
    this.ready.catch(() => undefined);
  }

  /** Resolves once the subscriber connection is subscribed. */
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

  private parse(text: string): Envelope | null {
    try {
      const env = JSON.parse(text) as Envelope;
      return env && typeof env === 'object' && env.e && typeof env.e === 'object' ? env : null;
    } catch {
      return null;
    }
  }

  private receive(msg: string): void {
    const env = this.parse(msg);
    if (!env || !this.accept(env)) return;
    for (const b of this.buffers) b.push(env);
    for (const h of this.handlers) h(env.e);
  }

  private async resync(): Promise<void> {
    try {
      // 'ready' fires after ioredis wrote the re-SUBSCRIBE; a PING answered on the same connection proves it took
      // effect, so nothing published after the snapshot read below can fall between the two.
      await this.sub.ping();
      const events = await this.snapshot();
      this.resyncs++;
      this.o.logger?.info('bus resynced from snapshot', { events: events.length });
      for (const e of events) for (const h of this.handlers) h(e);
    } catch (err) {
      this.o.logger?.warn('bus resync failed', { message: (err as Error).message });
    }
  }

  publish(e: BusEvent): void {
    if (e.plane !== 'live') {
      // Mock-plane events never leave the process (every replica replays the same shipped datasets).
      for (const h of this.handlers) h(e);
      return;
    }
    let t: number | null = null;
    if (this.o.tokenOf) {
      t = this.o.tokenOf(e.venue);
      if (t === null) {
        this.fencedOut++;
        return;
      }
    }
    const text = JSON.stringify({ t, e } satisfies Envelope);
    const cmd = (this.pub as unknown as Record<string, (...a: string[]) => Promise<number>>).perpPublish!;
    void cmd
      .call(this.pub, leaseKeys(this.prefix, e.venue).token, this.hash, t === null ? '' : String(t), slotOf(e), text, this.channel)
      .then(
        (ok) => {
          if (ok === 0) this.fencedOut++;
        },
        (err: Error) => {
          // Throttled: during an outage every event fails; one line per 10 s says so.
          if (this.publishFailures++ % 500 === 0 || Date.now() - this.lastFailureLog > 10_000) {
            this.lastFailureLog = Date.now();
            this.o.logger?.warn('bus publish failed', { message: err.message, failures: this.publishFailures });
          }
        },
      );
  }

  private receiveDemand(msg: string): void {
    let m: DemandMessage;
    try {
      m = JSON.parse(msg) as DemandMessage;
    } catch {
      return;
    }
    if (!m || typeof m.from !== 'string' || !Array.isArray(m.entries)) return;
    for (const h of this.demandHandlers) h(m);
  }

  publishDemand(m: DemandMessage): void {
    void this.pub.publish(this.demandChannel, JSON.stringify(m)).catch((err: Error) => {
      this.o.logger?.warn('bus demand publish failed', { message: err.message });
    });
  }

  subscribeDemand(handler: (m: DemandMessage) => void): () => void {
    this.demandHandlers.add(handler);
    return () => this.demandHandlers.delete(handler);
  }

  subscribe(handler: BusHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  /**
   * The latest event per slot, metadata first (markets exist before their stats/funding/books), followed by every
   * message that arrived while the hash was being read; subscribe right after awaiting this and nothing is missed.
   * State of markets the venue's latest metadata no longer lists is left out.
   */
  async snapshot(): Promise<BusEvent[]> {
    await this.ready;
    const buffer: Envelope[] = [];
    this.buffers.add(buffer);
    let all: Record<string, string>;
    try {
      all = await this.pub.hgetall(this.hash);
    } finally {
      this.buffers.delete(buffer);
    }
    // Every slot was written with the token current at the time (fenced at the source), so all are legitimate;
    // they only raise the newest token seen per venue.
    const envs = Object.values(all)
      .map((t) => this.parse(t))
      .filter((env): env is Envelope => env !== null);
    for (const { t, e } of envs) if (t !== null && t > (this.maxToken.get(e.venue) ?? 0)) this.maxToken.set(e.venue, t);
    const listed = new Map<Venue, Set<string>>();
    for (const { e } of envs) if (e.type === 'metadata') listed.set(e.venue, new Set(e.markets.map((m) => m.id)));
    const current = envs
      .map((x) => x.e)
      .filter((e) => {
        const m = marketOf(e);
        const l = listed.get(e.venue);
        return m === null || !l || l.has(m);
      });
    const rank = (e: BusEvent) => (e.type === 'metadata' ? 0 : 1);
    current.sort((a, b) => rank(a) - rank(b));
    return [...current, ...buffer.map((env) => env.e)];
  }

  async close(): Promise<void> {
    this.closed = true;
    this.handlers.clear();
    this.demandHandlers.clear();
    await Promise.allSettled([this.sub.quit(), this.pub.quit()]);
  }
}
