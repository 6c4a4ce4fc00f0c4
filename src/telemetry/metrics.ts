/**
 * Prometheus metrics (prom-client) with a `venue` label, read from the connectors' health at scrape time, plus
 * the default process metrics. Names are part of the product interface (README).
 */
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { ConnectorHealth, Venue } from '../core/types.js';

const STATUS_VALUE = { HEALTHY: 0, DEGRADED: 1, DOWN: 2, MOCK: 3 } as const;

export function createMetrics(healthOf: () => Array<{ venue: Venue; health: ConnectorHealth }>): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const g = (
    name: string,
    help: string,
    labelNames: string[],
    read: (h: ConnectorHealth, set: (labels: Record<string, string>, v: number) => void) => void,
  ) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        for (const { venue, health } of healthOf()) read(health, (labels, v) => this.set({ venue, ...labels }, v));
      },
    });
  g('perp_connector_status', 'Connector status: 0 HEALTHY, 1 DEGRADED, 2 DOWN, 3 MOCK', ['venue', 'status'], (h, set) =>
    set({ status: h.status }, STATUS_VALUE[h.status]),
  );
  g('perp_connector_requests_total', 'Requests sent to the venue (ok and error)', ['venue', 'outcome'], (h, set) => {
    let ok = 0;
    let err = 0;
    for (const [k, v] of Object.entries(h.counters)) {
      if (k === 'requests.ok') ok += v;
      else if (k.startsWith('requests.error')) err += v;
    }
    set({ outcome: 'ok' }, ok);
    set({ outcome: 'error' }, err);
  });
  g('perp_connector_rate_limit_used', 'Requests in the last 60 s', ['venue'], (h, set) => set({}, h.rateLimit.usedLastMinute));
  g('perp_connector_rate_limit_remaining', 'Budget left in the rolling minute', ['venue'], (h, set) => set({}, h.rateLimit.remaining));
  g('perp_connector_rate_limit_budget', 'Budget per rolling minute', ['venue'], (h, set) => set({}, h.rateLimit.budgetPerMinute));
  g('perp_connector_throttled', '1 while paused (429/ban) or out of budget', ['venue'], (h, set) => set({}, h.rateLimit.throttled ? 1 : 0));
  g('perp_connector_channel_age_seconds', 'Age of the last successful update per channel', ['venue', 'channel'], (h, set) => {
    for (const c of h.channels) if (c.ageMs !== null) set({ channel: c.channel }, c.ageMs / 1000);
  });
  g('perp_connector_channel_stale', '1 when a channel is older than its SLA', ['venue', 'channel'], (h, set) => {
    for (const c of h.channels) set({ channel: c.channel }, c.stale ? 1 : 0);
  });
  g('perp_connector_consecutive_failures', 'Failures since the last success', ['venue'], (h, set) => set({}, h.consecutiveFailures));
  g('perp_connector_reconnects_total', 'Stream reconnects', ['venue'], (h, set) => set({}, h.reconnects));
  g('perp_connector_resyncs_total', 'Book resyncs after sequence gaps', ['venue'], (h, set) => set({}, h.resyncs));
  g('perp_connector_markets', 'Markets returned by the venue', ['venue'], (h, set) => set({}, h.marketsReturned));
  g('perp_connector_fallback_active', '1 while the venue is served from its mock dataset in auto mode', ['venue'], (h, set) =>
    set({}, h.dataSource === 'MOCK' ? 1 : 0),
  );
  g('perp_connector_counter', 'Venue-specific counters (coalesced notifications, cap violations, …)', ['venue', 'name'], (h, set) => {
    for (const [name, v] of Object.entries(h.counters)) if (!name.startsWith('requests.')) set({ name }, v);
  });
  return registry;
}

/** Gateway-level figures: subscription fan-out and the response cache. */
export function registerGatewayMetrics(
  registry: Registry,
  read: () => {
    groups: number;
    subscribers: number;
    executions: number;
    sent: number;
    sentShared: number;
    sendLoopMs: number;
    sendLoopMaxMs: number;
    conflated: number;
    closedSlow: number;
    cacheHits: number;
    cacheMisses: number;
  },
): void {
  const defs: Array<[string, string, keyof ReturnType<typeof read>]> = [
    ['perp_gateway_subscription_groups', 'Distinct (document, variables) subscription groups', 'groups'],
    ['perp_gateway_subscribers', 'Active subscriptions', 'subscribers'],
    ['perp_gateway_subscription_executions_total', 'Group executions (one per update per group)', 'executions'],
    ['perp_gateway_subscription_frames_total', 'Subscription frames sent', 'sent'],
    ['perp_gateway_subscription_frames_shared_total', 'Frames written as the update’s shared pre-framed bytes', 'sentShared'],
    ['perp_gateway_subscription_send_loop_ms_total', 'Time in subscription send loops (all subscribers of an update), ms', 'sendLoopMs'],
    ['perp_gateway_subscription_send_loop_max_ms', 'Longest subscription send loop, ms', 'sendLoopMaxMs'],
    ['perp_gateway_subscription_conflated_total', 'Updates replaced by a newer one for a slow subscriber', 'conflated'],
    ['perp_gateway_subscription_slow_closed_total', 'Subscribers closed for staying blocked', 'closedSlow'],
    ['perp_gateway_response_cache_hits_total', 'GraphQL responses served from the serialized cache', 'cacheHits'],
    ['perp_gateway_response_cache_misses_total', 'GraphQL responses executed', 'cacheMisses'],
  ];
  for (const [name, help, field] of defs) {
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read()[field]);
      },
    });
  }
}

/** History write buffer (PostgreSQL outages): queue depth against its bound, drops, refusals, reachability. */
export function registerHistoryMetrics(
  registry: Registry,
  read: () => {
    reachable: boolean;
    queuedPoints: number;
    maxPoints: number;
    droppedPoints: number;
    rejectedPoints: number;
    flushedPoints: number;
  },
): void {
  const defs: Array<[string, string, (s: ReturnType<typeof read>) => number]> = [
    ['perp_history_reachable', '1 while the history database answers, 0 during an outage', (s) => (s.reachable ? 1 : 0)],
    ['perp_history_buffer_points', 'History points queued while the database is unreachable', (s) => s.queuedPoints],
    ['perp_history_buffer_max_points', 'Bound of the history write queue (oldest dropped past it)', (s) => s.maxPoints],
    ['perp_history_buffer_dropped_total', 'History points dropped because the queue was full', (s) => s.droppedPoints],
    ['perp_history_rejected_total', 'History points the database refused', (s) => s.rejectedPoints],
    ['perp_history_buffer_flushed_total', 'History points written from the queue after an outage', (s) => s.flushedPoints],
  ];
  for (const [name, help, field] of defs) {
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(field(read()));
      },
    });
  }
}
