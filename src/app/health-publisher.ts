/**
 * The health publisher: once a tick, a health event per (plane, venue) whose status, transport, leader, channel
 * staleness or last error changed (live health on the shared bus, mock health locally), and the lease's saved
 * request log for each venue this process collects.
 */
import type { Connector } from '../core/connector.js';
import type { BusEvent, Plane, VenueLease } from '../core/ports.js';
import type { ConnectorHealth, Venue } from '../core/types.js';

export interface HealthPublisherOptions {
  venues: readonly Venue[];
  live: ReadonlyMap<Venue, Connector>;
  mock: ReadonlyMap<Venue, Connector>;
  lease?: VenueLease | undefined;
  health(venue: Venue, plane: Plane): ConnectorHealth;
  publish(e: BusEvent): void;
}

const changeKey = (h: ConnectorHealth): string =>
  `${h.status}|${h.transport}|${h.leader ?? ''}|${h.channels.map((x) => (x.stale ? 1 : 0)).join('')}|${h.lastError?.at ?? ''}`;

export class HealthPublisher {
  private readonly last = new Map<string, string>();

  constructor(private readonly o: HealthPublisherOptions) {}

  tick(): void {
    const lease = this.o.lease;
    if (lease?.saveRateLog)
      for (const [venue, c] of this.o.live) if (c.rateLog) void lease.saveRateLog(venue, c.rateLog()).catch(() => undefined);
    for (const venue of this.o.venues) {
      for (const plane of ['live', 'mock'] as const) {
        if (!(plane === 'live' ? this.o.live : this.o.mock).has(venue)) continue;
        const h = this.o.health(venue, plane);
        const key = changeKey(h);
        const k = `${plane}:${venue}`;
        if (this.last.get(k) === key) continue;
        this.last.set(k, key);
        this.o.publish({ type: 'health', venue, health: h, plane });
      }
    }
  }

  /** Forget what was last published for a venue's live plane (its connector stopped; the next one publishes afresh). */
  forget(venue: Venue): void {
    this.last.delete(`live:${venue}`);
  }
}
