/**
 * The application core behind every surface: live connectors (one per enabled venue), mock connectors (the
 * shipped datasets), the bus, the latest-state store, funding-history sampling, and the per-venue choice of
 * plane for a mode (live | mock | auto, DESIGN §4).
 */
import type { Timings } from '../core/cadence.js';
import type { Connector, ConnectorIO } from '../core/connector.js';
import { historyRatePerHour } from '../core/funding.js';
import type { ConnectorHealth, Mode, Venue } from '../core/types.js';
import { VENUES } from '../venues/registry.js';
import type { Config } from '../config/index.js';
import { createMockConnector } from '../mocks/connector.js';
import type { HistoryStore } from '../store/history.js';
import { LatestStore, type Plane } from '../store/latest.js';
import type { VenueFactory } from '../venues/factory.js';
import { registry } from '../venues/registry.js';
import { InProcessBus, type Bus } from './bus.js';

export interface AppOptions {
  config: Config;
  io: ConnectorIO;
  /** Override live factories (tests point venues at fakes). */
  factories?: Partial<Record<Venue, VenueFactory>>;
  /** Override the mock connector factory. */
  mockFactory?: (venue: Venue, o: { now: () => number; timings: Timings }) => Connector;
  history?: HistoryStore | null;
  bus?: Bus;
  /** Start live connectors (default: unless PERP_CONNECTOR_MODE=mock). */
  startLive?: boolean;
  /** Process role (scale-out): 'all' (default) collects and serves; 'collector' only collects; 'gateway' only serves. */
  role?: 'all' | 'collector' | 'gateway';
  /** Per-venue leader election (scale-out): a live connector runs only while this process holds the venue's lease. */
  lease?: VenueLease;
  /** Health publish / history sample periods, ms. Defaults 1000 / 60 000. */
  healthEveryMs?: number;
  sampleEveryMs?: number;
}

/** Leader election per venue (implemented over Redis in src/scale/). */
export interface VenueLease {
  /** This process's id (shown in ConnectorHealth.leader). */
  readonly id: string;
  /** Start competing for the venue's lease; `onChange(true)` when acquired, `onChange(false)` when lost. */
  campaign(venue: Venue, onChange: (leading: boolean) => void): void;
  /** Current holder of the venue's lease, if known. */
  holder(venue: Venue): string | null;
  /** Persist the venue's recent request times with the lease (so a successor respects the same budget). */
  saveRateLog?(venue: Venue, times: number[]): Promise<void>;
  /** Request times the previous leader saved. */
  loadRateLog?(venue: Venue): Promise<number[]>;
  /** Release every lease held (graceful stop). */
  release(): Promise<void>;
}

export function timingsFrom(c: Config): Timings {
  return {
    FUNDING: { cadenceMs: c.PERP_FUNDING_CADENCE_MS, slaMs: c.PERP_FUNDING_SLA_MS },
    MARK: { cadenceMs: c.PERP_FUNDING_CADENCE_MS, slaMs: c.PERP_FUNDING_SLA_MS },
    DEPTH: { cadenceMs: c.PERP_DEPTH_CADENCE_MS, slaMs: c.PERP_DEPTH_SLA_MS },
    METADATA: { cadenceMs: c.PERP_METADATA_CADENCE_MS, slaMs: c.PERP_METADATA_SLA_MS },
  };
}

export class App {
  readonly store = new LatestStore();
  /** Local bus: the store and subscriptions listen here; mock-plane events stay local. */
  readonly bus: Bus;
  /** Shared bus for live-plane events (Redis when scaled out; the local bus otherwise). */
  readonly shared: Bus;
  readonly live = new Map<Venue, Connector>();
  /** Books asked for by queries: tracked by the live connector until `until` (PERP_DEPTH_DEMAND_TTL_MS after the last ask). */
  private readonly demanded = new Map<string, { venue: Venue; until: number }>();
  /** Venues whose module is being imported before their live connector starts (token: a stopLive cancels). */
  private readonly loading = new Map<Venue, symbol>();
  readonly mock = new Map<Venue, Connector>();
  readonly venues: Venue[];
  readonly timings: Timings;
  readonly history: HistoryStore | null;
  readonly now: () => number;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly lastHealthKey = new Map<string, string>();
  private unsubscribe: (() => void) | null = null;
  readonly liveStarted: boolean;
  readonly role: 'all' | 'collector' | 'gateway';
  private disposed = false;

  constructor(private readonly o: AppOptions) {
    this.bus = new InProcessBus();
    this.shared = o.bus ?? this.bus;
    this.venues = o.config.PERP_VENUES;
    this.timings = timingsFrom(o.config);
    this.history = o.history ?? null;
    this.now = o.io.now;
    this.role = o.role ?? 'all';
    this.liveStarted = this.role !== 'gateway' && (o.startLive ?? o.config.PERP_CONNECTOR_MODE !== 'mock');
  }

  get config(): Config {
    return this.o.config;
  }

  async start(): Promise<void> {
    this.unsubscribe = this.bus.subscribe((e) => this.store.apply(e));
    if (this.shared !== this.bus) {
      // A late-joining replica starts from the shared bus's snapshot of the latest state, not the next cadence tick.
      if (this.shared.snapshot) for (const e of await this.shared.snapshot()) this.bus.publish(e);
      const off = this.shared.subscribe((e) => e.plane === 'live' && this.bus.publish(e));
      const prev = this.unsubscribe;
      this.unsubscribe = () => {
        prev();
        off();
      };
    }
    const mockFactory = this.o.mockFactory ?? ((venue, opts) => createMockConnector(venue, opts));
    const starts: Array<Promise<void>> = [];
    for (const venue of this.venues) {
      const m = mockFactory(venue, { now: this.now, timings: this.timings });
      this.mock.set(venue, m);
      starts.push(m.start({ emit: (e) => this.bus.publish({ ...e, plane: 'mock' }) }));
    }
    await Promise.all(starts);
    if (this.liveStarted) {
      for (const venue of this.venues) {
        const lease = this.o.lease;
        if (lease)
          lease.campaign(venue, (leading) => {
            if (!leading) return this.stopLive(venue);
            // Spend the venue's budget once across failover: start from the previous leader's request log.
            // Start only if the lease is still ours once the log has loaded (it may have been lost meanwhile).
            const go = (log: number[]): void => {
              if (lease.holder(venue) === lease.id) this.startLive(venue, log);
            };
            void (lease.loadRateLog?.(venue) ?? Promise.resolve([])).then(go, () => go([]));
          });
        else this.startLive(venue);
      }
    }
    this.publishHealth();
    const sweep = setInterval(() => this.sweepDemand(), Math.min(30_000, Math.max(100, this.o.config.PERP_DEPTH_DEMAND_TTL_MS / 4)));
    sweep.unref();
    this.timers.push(sweep);
    const h = setInterval(() => this.publishHealth(), this.o.healthEveryMs ?? 1000);
    h.unref();
    this.timers.push(h);
    if (this.history) {
      const s = setInterval(
        () =>
          void this.sampleHistory().catch((err: unknown) =>
            this.o.io.logger.warn('history sample failed', { message: (err as Error).message }),
          ),
        this.o.sampleEveryMs ?? 60_000,
      );
      s.unref();
      this.timers.push(s);
      const history = this.history;
      const d = setInterval(() => void Promise.resolve(history.downsample(this.now())).catch(() => undefined), 3_600_000);
      d.unref();
      this.timers.push(d);
    }
  }

  private startLive(venue: Venue, rateLog: number[] = []): void {
    if (this.live.has(venue) || this.loading.has(venue) || this.disposed) return;
    const override = this.o.factories?.[venue];
    if (override) return this.startWith(venue, override, rateLog);
    // The venue module is imported on first use (see registry.ts); a stopLive meanwhile cancels the start.
    const token = Symbol(venue);
    this.loading.set(venue, token);
    registry[venue].load().then(
      (factory) => {
        if (this.loading.get(venue) !== token) return;
        this.loading.delete(venue);
        this.startWith(venue, factory, rateLog);
      },
      (err: unknown) => {
        if (this.loading.get(venue) === token) this.loading.delete(venue);
        this.o.io.logger.error('venue module failed to load', { venue, message: (err as Error).message });
      },
    );
  }

  private startWith(venue: Venue, factory: VenueFactory, rateLog: number[]): void {
    if (this.live.has(venue) || this.disposed) return;
    const c = factory({
      io: { ...this.o.io, logger: this.o.io.logger.child({ venue }) },
      config: this.o.config,
      timings: this.timings,
      watchdogMs: this.o.config.PERP_STREAM_WATCHDOG_MS,
      timeoutMs: this.o.config.PERP_HTTP_TIMEOUT_MS,
    });
    this.live.set(venue, c);
    if (rateLog.length) c.seedRateLog?.(rateLog);
    // Live start is not awaited: a slow or unreachable venue must not delay the gateway (auto falls back to mock).
    void c
      .start({
        emit: (e) => this.live.get(venue) === c && this.shared.publish({ ...e, plane: 'live' }),
        ...(this.history ? { history: this.history } : {}),
      })
      .catch((err: unknown) => this.o.io.logger.warn('connector start failed', { venue, message: (err as Error).message }));
  }

  /**
   * A query asked for a market's book (Query.orderBook, Query.market { depth }): have this process's live connector
   * track it (an order-book venue streams a synced book for it, an AMM venue reads its curve or discovers an unknown
   * id) until nobody has asked for PERP_DEPTH_DEMAND_TTL_MS. List queries (`markets { depth }`) do not add demand. A gateway-role process
   * runs no live connector and so adds none.
   */
  demandBook(venue: Venue, id: string): void {
    const c = this.live.get(venue);
    if (!c) return;
    const until = this.now() + this.o.config.PERP_DEPTH_DEMAND_TTL_MS;
    if (!this.demanded.has(id)) c.watchBook(id);
    this.demanded.set(id, { venue, until });
  }

  /** Markets currently tracked because a query asked for them. */
  get demandedBooks(): string[] {
    return [...this.demanded.keys()];
  }

  private sweepDemand(): void {
    const t = this.now();
    for (const [id, d] of this.demanded) {
      if (d.until > t) continue;
      this.demanded.delete(id);
      this.live.get(d.venue)?.unwatchBook(id);
    }
  }

  private stopLive(venue: Venue): void {
    for (const [id, d] of this.demanded) if (d.venue === venue) this.demanded.delete(id);
    this.loading.delete(venue);
    const c = this.live.get(venue);
    if (!c) return;
    this.live.delete(venue);
    this.lastHealthKey.delete(`live:${venue}`);
    void c.dispose();
  }

  /** Health of a venue on a plane, computed now. */
  health(venue: Venue, plane: Plane): ConnectorHealth {
    const c = (plane === 'live' ? this.live : this.mock).get(venue);
    const leader = plane === 'live' && this.o.lease ? this.o.lease.holder(venue) : null;
    if (c) return leader ? { ...c.health(), leader } : c.health();
    const stored = this.store.venue(plane, venue).health;
    if (stored) return leader ? { ...stored, leader } : stored;
    return notRunning(
      venue,
      plane === 'mock'
        ? 'mock dataset not loaded'
        : this.loading.has(venue)
          ? 'live connector starting (loading the venue module)'
          : 'live connectors are not started (PERP_CONNECTOR_MODE=mock)',
      this.now(),
    );
  }

  /** Which plane serves a venue in a mode: live, mock, or (auto) live unless DOWN/stale → mock. */
  planeFor(mode: Mode, venue: Venue): Plane {
    if (mode === 'mock') return 'mock';
    if (mode === 'live') return 'live';
    const h = this.health(venue, 'live');
    if (h.status === 'DOWN') return 'mock';
    const funding = h.channels.find((c) => c.channel === 'FUNDING');
    if (funding?.stale) return 'mock';
    return 'live';
  }

  /** Publish health events when a venue's status or any channel's staleness changed. */
  publishHealth(): void {
    if (this.o.lease?.saveRateLog)
      for (const [venue, c] of this.live) if (c.rateLog) void this.o.lease.saveRateLog(venue, c.rateLog()).catch(() => undefined);
    for (const venue of this.venues) {
      for (const plane of ['live', 'mock'] as const) {
        const c = (plane === 'live' ? this.live : this.mock).get(venue);
        if (!c) continue;
        const h = this.health(venue, plane);
        const key = `${h.status}|${h.transport}|${h.leader ?? ''}|${h.channels.map((x) => (x.stale ? 1 : 0)).join('')}|${h.lastError?.at ?? ''}`;
        const k = `${plane}:${venue}`;
        if (this.lastHealthKey.get(k) !== key) {
          this.lastHealthKey.set(k, key);
          (plane === 'live' ? this.shared : this.bus).publish({ type: 'health', venue, health: h, plane });
        }
      }
    }
  }

  /** Sample every live venue's current funding into the history store (GATEWAY_SAMPLED). */
  async sampleHistory(): Promise<void> {
    if (!this.history) return;
    const t = this.now();
    // Only venues this process collects (the lease holder in scale-out), so replicas never double-sample.
    for (const venue of this.live.keys()) {
      const v = this.store.venue('live', venue);
      for (const f of v.funding.values()) {
        const ph = historyRatePerHour(f);
        if (ph === null || t - f.stamp.asOf > f.stamp.slaMs) continue;
        await this.history.write(f.market, [
          {
            time: t,
            rate: f.rate,
            intervalHours: f.intervalHours,
            ratePerHour: ph,
            longCostPerHour: f.longCostPerHour,
            shortCostPerHour: f.shortCostPerHour,
            longBorrowPerHour: f.longBorrowRatePerHour,
            shortBorrowPerHour: f.shortBorrowRatePerHour,
            source: 'GATEWAY_SAMPLED',
          },
        ]);
      }
    }
  }

  connectorFor(venue: Venue, plane: Plane): Connector | undefined {
    return (plane === 'live' ? this.live : this.mock).get(venue);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const t of this.timers) clearInterval(t);
    await this.o.lease?.release();
    this.unsubscribe?.();
    await Promise.allSettled([...this.live.values(), ...this.mock.values()].map((c) => c.dispose()));
  }
}

function notRunning(venue: Venue, reason: string, at: number): ConnectorHealth {
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
    rateLimit: { budgetPerMinute: 0, usedLastMinute: 0, remaining: 0, throttled: false, lastRetryAfterMs: null, bannedUntil: null },
    marketsExpected: 0,
    marketsReturned: 0,
    sources: [],
    counters: {},
    leader: null,
  };
}

export const ALL_VENUES = VENUES;
