/**
 * The served view: a venue's health on a plane, and which plane serves it in a mode (live | mock | auto, DESIGN §4).
 */
import { idleRateLimit } from '../core/rate-limit.js';
import type { Connector } from '../core/connector.js';
import type { Plane, VenueLease } from '../core/ports.js';
import type { ConnectorHealth, Mode, Venue } from '../core/types.js';
import type { LatestStore } from '../store/latest.js';

export interface ServedSources {
  live: ReadonlyMap<Venue, Connector>;
  mock: ReadonlyMap<Venue, Connector>;
  store: LatestStore;
  lease?: VenueLease | undefined;
  now: () => number;
  /** Why a venue has no live connector here (loading, not started, …). */
  liveAbsent(venue: Venue): string;
}

/** Health of a venue on a plane, computed now (from the running connector, else the last one the bus carried). */
export function healthOn(s: ServedSources, venue: Venue, plane: Plane): ConnectorHealth {
  const c = (plane === 'live' ? s.live : s.mock).get(venue);
  const leader = plane === 'live' && s.lease ? s.lease.holder(venue) : null;
  if (c) return leader ? { ...c.health(), leader } : c.health();
  const stored = s.store.venue(plane, venue).health;
  if (stored) return leader ? { ...stored, leader } : stored;
  return notRunning(venue, plane === 'mock' ? 'mock dataset not loaded' : s.liveAbsent(venue), s.now());
}

/** Which plane serves a venue in a mode: live, mock, or (auto) live unless DOWN/stale → mock. */
export function planeOf(s: ServedSources, mode: Mode, venue: Venue): Plane {
  if (mode === 'mock') return 'mock';
  if (mode === 'live') return 'live';
  const h = healthOn(s, venue, 'live');
  if (h.status === 'DOWN') return 'mock';
  const funding = h.channels.find((c) => c.channel === 'FUNDING');
  if (funding?.stale) return 'mock';
  return 'live';
}

export function notRunning(venue: Venue, reason: string, at: number): ConnectorHealth {
  return {
    venue,
    status: 'DOWN',
    dataSource: 'LIVE',
    transport: 'REST',
    channels: [],
    lastError: { code: 'UNAVAILABLE', message: reason, at },
    consecutiveFailures: 0,
    reconnects: 0,
    resyncs: 0,
    rateLimit: idleRateLimit(),
    marketsExpected: 0,
    marketsReturned: 0,
    sources: [],
    counters: {},
    leader: null,
  };
}
