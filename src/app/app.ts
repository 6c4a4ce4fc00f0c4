/**
 * The application runtime behind every surface: the live plane (one connector per venue this process collects),
 * the mock plane (the shipped datasets), the bus, the latest-state store, the demand registry, funding-history
 * sampling, health publishing, and the per-venue choice of plane for a mode (live | mock | auto, DESIGN §4).
 */
import type { Timings } from '../core/cadence.js';
import type { Connector, ConnectorIO } from '../core/connector.js';
import type { Bus, HistoryStore, Plane, VenueLease } from '../core/ports.js';
import { parseMarketId } from '../core/symbols.js';
import type { ConnectorHealth, Mode, Venue } from '../core/types.js';
import type { Config } from '../config/index.js';
import { createMockConnector, type MockConnectorOptions } from '../mocks/connector.js';
import { LatestStore } from '../store/latest.js';
import type { VenueFactory } from '../venues/factory.js';
import { registry } from '../venues/registry.js';
import { InProcessBus } from './bus.js';
import { DemandRegistry } from './demand.js';
import { HealthPublisher } from './health-publisher.js';
import { LivePlane } from './live.js';
import { sampleHistory } from './sampler.js';
import { healthOn, planeOf, type ServedSources } from './served.js';

export type { VenueLease } from '../core/ports.js';

export interface AppOptions {
  config: Config;
  io: ConnectorIO;
  /** Override live factories (tests point venues at fakes). */
  factories?: Partial<Record<Venue, VenueFactory<Config>>>;
  /** Override the mock connector factory. */
  mockFactory?: (venue: Venue, o: MockConnectorOptions) => Connector;
  history?: HistoryStore | null;
  bus?: Bus;
  /** Start live connectors (default: unless PERP_CONNECTOR_MODE=mock). */
  startLive?: boolean;
  /** Process role (scale-out): 'all' (default) collects and serves; 'collector' only collects; 'gateway' only serves. */
  role?: 'all' | 'collector' | 'gateway';
  /** Per-venue leader election (scale-out): a live connector runs only while this process holds the venue's lease. */
  lease?: VenueLease;
  /** This process's id for demand exchange between replicas. Default: the lease's id, else a random one. */
  instanceId?: string;
  /** Health publish / history sample periods, ms. Defaults 1000 / 60 000. */
  healthEveryMs?: number;
  sampleEveryMs?: number;
}

export function timingsFrom(c: Config): Timings {
  return {
    FUNDING: { cadenceMs: c.PERP_FUNDING_CADENCE_MS, slaMs: c.PERP_FUNDING_SLA_MS },
    MARK: { cadenceMs: c.PERP_FUNDING_CADENCE_MS, slaMs: c.PERP_FUNDING_SLA_MS },
    DEPTH: { cadenceMs: c.PERP_DEPTH_CADENCE_MS, slaMs: c.PERP_DEPTH_SLA_MS },
    METADATA: { cadenceMs: c.PERP_METADATA_CADENCE_MS, slaMs: c.PERP_METADATA_SLA_MS },
  };
}

/** How often this process re-announces its demand to the leaders, from the query-demand TTL. */
export const demandRefreshMs = (ttlMs: number): number => Math.min(5000, Math.max(100, Math.floor(ttlMs / 3)));

export class App {
  readonly store = new LatestStore();
  /** Local bus: the store and subscriptions listen here; mock-plane events stay local. */
  readonly bus: Bus;
  /** Shared bus for live-plane events (Redis when scaled out; the local bus otherwise). */
  readonly shared: Bus;
  readonly demand: DemandRegistry;
  readonly mock = new Map<Venue, Connector>();
  readonly venues: Venue[];
  readonly timings: Timings;
  readonly history: HistoryStore | null;
  readonly now: () => number;
  readonly liveStarted: boolean;
  readonly role: 'all' | 'collector' | 'gateway';
  readonly instanceId: string;
  private readonly livePlane: LivePlane;
  private readonly publisher: HealthPublisher;
  private readonly served: ServedSources;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly offs: Array<() => void> = [];

  constructor(private readonly o: AppOptions) {
    this.bus = new InProcessBus();
    this.shared = o.bus ?? this.bus;
    this.venues = o.config.PERP_VENUES;
    this.timings = timingsFrom(o.config);
    this.history = o.history ?? null;
    this.now = o.io.now;
    this.role = o.role ?? 'all';
    this.liveStarted = this.role !== 'gateway' && (o.startLive ?? o.config.PERP_CONNECTOR_MODE !== 'mock');
    this.instanceId = o.instanceId ?? o.lease?.id ?? `app-${Math.random().toString(36).slice(2, 10)}`;
    const ttlMs = o.config.PERP_DEPTH_DEMAND_TTL_MS;
    this.demand = new DemandRegistry({
      now: this.now,
      ttlMs,
      venueOf: (id) => parseMarketId(id)?.venue ?? null,
      self: this.instanceId,
      holdTtlMs: 3 * demandRefreshMs(ttlMs),
    });
    this.livePlane = new LivePlane({
      config: o.config,
      io: o.io,
      timings: this.timings,
      factories: o.factories,
      history: this.history,
      lease: o.lease,
      demand: this.demand,
      publish: (e) => this.shared.publish(e),
      onStop: (venue) => this.publisher.forget(venue),
    });
    this.served = {
      live: this.livePlane.connectors,
      mock: this.mock,
      store: this.store,
      lease: o.lease,
      now: this.now,
      liveAbsent: (venue) =>
        this.livePlane.isLoading(venue)
          ? 'live connector starting (loading the venue module)'
          : 'live connectors are not started (PERP_CONNECTOR_MODE=mock)',
    };
    this.publisher = new HealthPublisher({
      venues: this.venues,
      live: this.livePlane.connectors,
      mock: this.mock,
      lease: o.lease,
      health: (v, p) => this.health(v, p),
      publish: (e) => (e.plane === 'live' ? this.shared : this.bus).publish(e),
    });
  }

  get config(): Config {
    return this.o.config;
  }

  /** Live connectors running in this process, by venue. */
  get live(): ReadonlyMap<Venue, Connector> {
    return this.livePlane.connectors;
  }

  async start(): Promise<void> {
    await this.connectBuses();
    await this.startMocks();
    if (this.liveStarted) this.livePlane.run(this.venues);
    this.publishHealth();
    this.every(Math.min(30_000, Math.max(100, this.o.config.PERP_DEPTH_DEMAND_TTL_MS / 4)), () => this.demand.sweep());
    this.every(this.o.healthEveryMs ?? 1000, () => this.publishHealth());
    const history = this.history;
    if (history) {
      const warn = (err: unknown) => this.o.io.logger.warn('history sample failed', { message: (err as Error).message });
      this.every(this.o.sampleEveryMs ?? 60_000, () => void this.sampleHistory().catch(warn));
      this.every(3_600_000, () => void Promise.resolve(history.downsample(this.now())).catch(() => undefined));
    }
  }

  /** The store follows the local bus; live events from the shared bus come in; demand is exchanged over it. */
  private async connectBuses(): Promise<void> {
    this.offs.push(this.bus.subscribe((e) => this.store.apply(e)));
    if (this.shared === this.bus) return;
    // A late-joining replica starts from the shared bus's snapshot of the latest state, not the next cadence tick.
    if (this.shared.snapshot) for (const e of await this.shared.snapshot()) this.bus.publish(e);
    this.offs.push(this.shared.subscribe((e) => e.plane === 'live' && this.bus.publish(e)));
    const channel = this.shared;
    if (channel.publishDemand && channel.subscribeDemand) {
      const publish = channel.publishDemand.bind(channel);
      this.offs.push(channel.subscribeDemand((m) => this.demand.applyRemote(m)));
      const announce = (entries = this.demand.localEntries()): void => {
        if (entries.length) publish({ from: this.instanceId, entries });
      };
      this.demand.onNewLocal = (markets) => announce(this.demand.localEntries().filter((e) => markets.includes(e.market)));
      this.every(demandRefreshMs(this.o.config.PERP_DEPTH_DEMAND_TTL_MS), () => announce());
    }
  }

  private async startMocks(): Promise<void> {
    const dir = this.o.config.PERP_MOCK_DIR;
    const mockFactory = this.o.mockFactory ?? ((venue, opts) => createMockConnector(venue, dir ? { ...opts, datasetDir: dir } : opts));
    const starts: Array<Promise<void>> = [];
    for (const venue of this.venues) {
      const m = mockFactory(venue, { now: this.now, timings: this.timings, mock: registry[venue].mock });
      this.mock.set(venue, m);
      // A venue without a mock dataset (e.g. one registered at run time) has an empty mock plane; the gateway still starts.
      const warn = (err: unknown) => this.o.io.logger.warn('mock plane unavailable', { venue, message: (err as Error).message });
      starts.push(m.start({ emit: (e) => this.bus.publish({ ...e, plane: 'mock' }) }).catch(warn));
    }
    await Promise.all(starts);
  }

  private every(ms: number, f: () => void): void {
    const t = setInterval(f, ms);
    t.unref();
    this.timers.push(t);
  }

  /**
   * Somebody asked for a market's book (Query.orderBook, Query.market { depth }): the venue's live connector tracks
   * it (an order-book venue streams a synced book for it, an AMM venue reads its curve or discovers an unknown id)
   * until nobody has asked for PERP_DEPTH_DEMAND_TTL_MS, wherever that connector runs (another replica when scaled out). List
   * queries (`markets { depth }`) add no demand.
   */
  demandBook(_venue: Venue, id: string): void {
    this.demand.touch(id);
  }

  /** Markets whose depth is currently wanted (queries, subscriptions, other replicas). */
  get demandedBooks(): string[] {
    return this.demand.demanded();
  }

  /** Health of a venue on a plane, computed now. */
  health(venue: Venue, plane: Plane): ConnectorHealth {
    return healthOn(this.served, venue, plane);
  }

  /** Which plane serves a venue in a mode: live, mock, or (auto) live unless DOWN/stale → mock. */
  planeFor(mode: Mode, venue: Venue): Plane {
    return planeOf(this.served, mode, venue);
  }

  /** Publish health events when a venue's status or any channel's staleness changed. */
  publishHealth(): void {
    this.publisher.tick();
  }

  /** Sample every live venue's current funding into the history store (GATEWAY_SAMPLED). */
  async sampleHistory(): Promise<void> {
    if (this.history) await sampleHistory(this.history, this.store, [...this.live.keys()], this.now());
  }

  connectorFor(venue: Venue, plane: Plane): Connector | undefined {
    return (plane === 'live' ? this.live : this.mock).get(venue);
  }

  async dispose(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    await this.o.lease?.release();
    for (const off of this.offs.splice(0)) off();
    await Promise.allSettled([this.livePlane.dispose(), ...[...this.mock.values()].map((c) => c.dispose())]);
  }
}
