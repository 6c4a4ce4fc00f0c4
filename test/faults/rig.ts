/**
 * The fault matrix's rig contract and the generic fault pairs every venue rig reuses. A venue's rig lives in its own
 * test folder, `test/venues/<venue>/faults.rig.ts`, and exports `rig(): Promise<Rig>`: the real connector against its
 * fake with short cadences, a ticker that keeps the fake's streams producing, per transport an inject/clear pair for
 * each generic fault, and the venue's own consistency fault. test/faults/matrix.test.ts finds the rigs through the
 * venue registry, so a new venue adds its rig in its own folder and the matrix fails until it does. Nothing here
 * names a venue.
 */
import { WebSocket } from 'ws';
import type { Timings } from '../../src/core/cadence.js';
import type { WebSocketCtor } from '../../src/core/connector.js';
import type { Transport, Venue } from '../../src/core/types.js';
import { silentLogger } from '../../src/telemetry/logger.js';
import type { Observed } from '../contract/observe.js';
import type { Fault, FakeServer } from '../fakes/server.js';

export const FAULTS = [
  '429 + Retry-After',
  '429 without Retry-After',
  '5xx',
  'timeout',
  'malformed body',
  'dropped socket',
  'silent stall',
] as const;
export type FaultName = (typeof FAULTS)[number];

export interface TransportRig {
  /** How the matrix names it: REST, RPC or STREAM (WebSocket / Socket.IO). */
  name: 'REST' | 'RPC' | 'STREAM';
  inject(f: FaultName): void;
  clear(): void;
}

export interface Rig {
  venue: Venue;
  connector: Observed;
  /** Transport the connector reports when everything is healthy. */
  preferred: Transport;
  /** Largest SLA of the data channels (funding, mark, depth) in these timings. */
  slaMs: number;
  /** The venue's budget per rolling minute (requests, or weight where the venue charges weight). */
  budget: number;
  /** The busiest rolling minute so far, as the fake counted it (same unit as `budget`). */
  maxPerMinute(): number;
  transports: TransportRig[];
  /**
   * The venue's own consistency fault. `counters`: health counters that name its repair when the connector fixes it
   * by itself (the label for a fault that leaves every channel fresh).
   */
  consistency: { name: string; inject(): void; clear(): void; counters?: string[] };
  close(): Promise<void>;
}

export const io = () => ({ fetch, WebSocket: WebSocket as unknown as WebSocketCtor, now: Date.now, logger: silentLogger });
export const timings = (slaMs: number, cadenceMs = 100): Timings => ({
  FUNDING: { cadenceMs, slaMs },
  MARK: { cadenceMs, slaMs },
  DEPTH: { cadenceMs, slaMs },
  METADATA: { cadenceMs: 1000, slaMs: 20_000 },
});

/** An HTTP fault as the generic fake injects it on a path prefix (until cleared). */
export function httpFault(f: FaultName): Fault {
  switch (f) {
    case '429 + Retry-After':
      return { kind: 'status', status: 429, headers: { 'retry-after': '1' } };
    case '429 without Retry-After':
      return { kind: 'status', status: 429 };
    case '5xx':
      return { kind: 'status', status: 503 };
    case 'timeout':
      return { kind: 'slow', ms: 1500 };
    case 'malformed body':
      return { kind: 'malformed' };
    case 'dropped socket':
      return { kind: 'reset' };
    case 'silent stall':
      return { kind: 'slow', ms: 20_000 };
  }
}

export function httpTransport(name: 'REST' | 'RPC', server: FakeServer, prefixes: string[]): TransportRig {
  return {
    name,
    inject: (f) => prefixes.forEach((p) => server.fault(p, httpFault(f), Infinity)),
    clear: () => server.clearFaults(),
  };
}

/** A plain-WebSocket stream on a generic fake: handshake refusals, drops, stalls, garbage frames. */
export function wsTransport(server: FakeServer, garbage: { on: boolean }): TransportRig {
  let dropper: NodeJS.Timeout | null = null;
  return {
    name: 'STREAM',
    inject(f) {
      if (f === '429 + Retry-After') server.upgradeFault = { status: 429, headers: { 'retry-after': '1' } };
      if (f === '429 without Retry-After') server.upgradeFault = { status: 429 };
      if (f === '5xx') server.upgradeFault = { status: 503 };
      if (f === 'timeout') server.upgradeFault = 'hang';
      if (f === 'malformed body') garbage.on = true;
      if (f === 'silent stall') server.stall(true);
      if (f === 'dropped socket') dropper = setInterval(() => server.dropSockets(), 300);
      if (f !== 'malformed body' && f !== 'silent stall') server.dropSockets();
    },
    clear() {
      server.upgradeFault = null;
      server.stall(false);
      garbage.on = false;
      if (dropper) clearInterval(dropper);
      dropper = null;
    },
  };
}
