/**
 * Per-connector telemetry: channel freshness, last error, failures, reconnects, resyncs, sources and counters;
 * derives ConnectorHealth.status. HEALTHY = all channels fresh over the preferred transport; DEGRADED = serving
 * but on a fallback transport, with a stale channel or recent failures; DOWN = nothing fresh is being served.
 */
import type { Timings } from './cadence.js';
import { VenueError } from './errors.js';
import type { RateLimiter } from './rate-limit.js';
import type { Channel, ConnectorHealth, ConnectorStatus, SourceHealth, Transport, Venue } from './types.js';

const CHANNELS: Channel[] = ['METADATA', 'MARK', 'FUNDING', 'DEPTH'];

export class HealthTracker {
  readonly lastSuccess = new Map<Channel, number>();
  lastError: { code: string; message: string; at: number } | null = null;
  consecutiveFailures = 0;
  reconnects = 0;
  resyncs = 0;
  marketsExpected = 0;
  marketsReturned = 0;
  /** Transport currently delivering data, and the preferred one. */
  transport: Transport;
  readonly preferred: Transport;
  readonly counters: Record<string, number> = {};
  readonly sources = new Map<string, SourceHealth>();
  /** Channels this venue serves (e.g. all four). */
  readonly channels: Channel[];
  leader: string | null = null;
  private listeners: Array<() => void> = [];

  constructor(
    readonly venue: Venue,
    readonly timings: Timings,
    readonly limiter: RateLimiter,
    readonly now: () => number,
    opts: { preferred: Transport; channels?: Channel[] },
  ) {
    this.preferred = opts.preferred;
    this.transport = opts.preferred;
    this.channels = opts.channels ?? CHANNELS;
  }

  onChange(cb: () => void): () => void {
    this.listeners.push(cb);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== cb);
    };
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  success(channel: Channel, at = this.now()): void {
    const prev = this.lastSuccess.get(channel) ?? 0;
    if (at >= prev) this.lastSuccess.set(channel, at);
    if (this.consecutiveFailures !== 0) {
      this.consecutiveFailures = 0;
      this.changed();
    }
  }

  failure(err: unknown): void {
    const ve = err instanceof VenueError ? err : null;
    this.lastError = {
      code: ve?.code ?? (typeof err === 'object' && err && 'code' in err ? String((err as { code: unknown }).code) : 'NETWORK'),
      message: err instanceof Error ? err.message : String(err),
      at: this.now(),
    };
    this.consecutiveFailures++;
    this.count(`errors.${this.lastError.code}`);
    this.changed();
  }

  count(name: string, by = 1): void {
    this.counters[name] = (this.counters[name] ?? 0) + by;
  }

  setCounter(name: string, value: number): void {
    this.counters[name] = value;
  }

  setTransport(t: Transport): void {
    if (t !== this.transport) {
      this.transport = t;
      this.changed();
    }
  }

  setSource(s: SourceHealth): void {
    this.sources.set(s.name, s);
  }

  reconnected(): void {
    this.reconnects++;
    this.changed();
  }

  resynced(): void {
    this.resyncs++;
  }

  isStale(channel: Channel, t = this.now()): boolean {
    const last = this.lastSuccess.get(channel);
    return last === undefined || t - last > this.timings[channel].slaMs;
  }

  status(t = this.now()): ConnectorStatus {
    if (!this.lastSuccess.has('METADATA')) return 'DOWN';
    const data = this.channels.filter((c) => c !== 'METADATA');
    const fresh = data.filter((c) => !this.isStale(c, t));
    if (data.length > 0 && fresh.length === 0) return 'DOWN';
    if (fresh.length < data.length || this.transport !== this.preferred || this.consecutiveFailures > 0 || this.isStale('METADATA', t)) {
      return 'DEGRADED';
    }
    return 'HEALTHY';
  }

  snapshot(): ConnectorHealth {
    const t = this.now();
    const status = this.status(t);
    return {
      venue: this.venue,
      status,
      dataSource: 'LIVE',
      transport: this.transport,
      channels: this.channels.map((channel) => {
        const last = this.lastSuccess.get(channel) ?? null;
        return {
          channel,
          cadenceMs: this.timings[channel].cadenceMs,
          slaMs: this.timings[channel].slaMs,
          lastSuccessAt: last,
          ageMs: last === null ? null : Math.max(0, t - last),
          stale: this.isStale(channel, t),
        };
      }),
      lastError: this.lastError,
      consecutiveFailures: this.consecutiveFailures,
      reconnects: this.reconnects,
      resyncs: this.resyncs,
      rateLimit: this.limiter.status(),
      marketsExpected: this.marketsExpected,
      marketsReturned: this.marketsReturned,
      sources: [...this.sources.values()],
      counters: { ...this.counters },
      leader: this.leader,
    };
  }
}
