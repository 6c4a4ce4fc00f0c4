/**
 * The live plane: one live connector per venue this process collects. Without a lease every enabled venue runs
 * here; with one (scale-out) a venue's connector runs only while this process holds the venue's lease, starting
 * from the previous leader's request log so the venue's budget is spent once across failover. Every connector that
 * starts is attached to the demand registry, which replays the current demand into it.
 */
import type { Timings } from '../core/cadence.js';
import type { Connector, ConnectorIO } from '../core/connector.js';
import type { BusEvent, HistoryStore, VenueLease } from '../core/ports.js';
import type { Venue } from '../core/types.js';
import type { Config } from '../config/index.js';
import type { VenueFactory } from '../venues/factory.js';
import { registry } from '../venues/registry.js';
import type { DemandRegistry, DemandTarget } from './demand.js';

export interface LivePlaneOptions {
  config: Config;
  io: ConnectorIO;
  timings: Timings;
  /** Override live factories (tests point venues at fakes). */
  factories?: Partial<Record<Venue, VenueFactory<Config>>> | undefined;
  history: HistoryStore | null;
  lease?: VenueLease | undefined;
  demand: DemandRegistry;
  /** Publish a live event (the shared bus). */
  publish(e: BusEvent): void;
  /** A venue's live connector stopped (lease lost). */
  onStop?(venue: Venue): void;
}

/** The demand side of a connector. */
export const demandTarget = (c: Connector): DemandTarget => ({ watch: (id) => c.watchBook(id), unwatch: (id) => c.unwatchBook(id) });

export class LivePlane {
  readonly connectors = new Map<Venue, Connector>();
  /** Venues whose module is being imported before their live connector starts (token: a stop cancels). */
  private readonly loading = new Map<Venue, symbol>();
  private disposed = false;

  constructor(private readonly o: LivePlaneOptions) {}

  /** Run each venue's connector here (no lease), or compete for each venue's lease and run it while leading. */
  run(venues: readonly Venue[]): void {
    const lease = this.o.lease;
    for (const venue of venues) {
      if (!lease) {
        this.start(venue);
        continue;
      }
      lease.campaign(venue, (leading) => {
        if (!leading) return this.stop(venue);
        // Start only if the lease is still ours once the log has loaded (it may have been lost meanwhile).
        const go = (log: number[]): void => {
          if (lease.holder(venue) === lease.id) this.start(venue, log);
        };
        void (lease.loadRateLog?.(venue) ?? Promise.resolve([])).then(go, () => go([]));
      });
    }
  }

  isLoading(venue: Venue): boolean {
    return this.loading.has(venue);
  }

  start(venue: Venue, rateLog: number[] = []): void {
    if (this.connectors.has(venue) || this.loading.has(venue) || this.disposed) return;
    const override = this.o.factories?.[venue];
    if (override) return this.startWith(venue, override, rateLog);
    // The venue module is imported on first use (see registry.ts); a stop meanwhile cancels the start.
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

  private startWith(venue: Venue, factory: VenueFactory<Config>, rateLog: number[]): void {
    if (this.connectors.has(venue) || this.disposed) return;
    const c = factory({
      io: { ...this.o.io, logger: this.o.io.logger.child({ venue }) },
      config: this.o.config,
      timings: this.o.timings,
      watchdogMs: this.o.config.PERP_STREAM_WATCHDOG_MS,
      timeoutMs: this.o.config.PERP_HTTP_TIMEOUT_MS,
    });
    this.connectors.set(venue, c);
    if (rateLog.length) c.seedRateLog?.(rateLog);
    // Live start is not awaited: a slow or unreachable venue must not delay the gateway (auto falls back to mock).
    void c
      .start({
        emit: (e) => this.connectors.get(venue) === c && this.o.publish({ ...e, plane: 'live' }),
        ...(this.o.history ? { history: this.o.history } : {}),
      })
      .catch((err: unknown) => this.o.io.logger.warn('connector start failed', { venue, message: (err as Error).message }));
    this.o.demand.attach(venue, demandTarget(c));
  }

  stop(venue: Venue): void {
    this.loading.delete(venue);
    const c = this.connectors.get(venue);
    if (!c) return;
    this.connectors.delete(venue);
    this.o.demand.detach(venue);
    this.o.onStop?.(venue);
    void c.dispose();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.loading.clear();
    const all = [...this.connectors.values()];
    this.connectors.clear();
    await Promise.allSettled(all.map((c) => c.dispose()));
  }
}
