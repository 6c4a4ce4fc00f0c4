/**
 * Ports: the interfaces the application runtime (src/app/) depends on and the adapters implement. The event bus
 * (in-process in src/app/bus.ts, Redis in src/scale/redis-bus.ts), venue leases (src/scale/leader.ts) and the
 * funding-history store (SQLite / PostgreSQL in src/store/). Nothing here imports an adapter, the app or the edge.
 */
import type { HistoryWriter } from './connector.js';
import type { ConnectorEvent, ConnectorHealth, FundingPoint, HistorySource, Venue } from './types.js';

/** Where a venue's data comes from: its live connector, or the shipped mock dataset. */
export type Plane = 'live' | 'mock';

/** A connector event or a health change, tagged with its plane: what travels on the bus. */
export type BusEvent = (ConnectorEvent | { type: 'health'; venue: Venue; health: ConnectorHealth }) & { plane: Plane };

export type BusHandler = (e: BusEvent) => void;

/**
 * Demand for a venue's live depth on markets, raised on any process (a subscription or a query) and applied by the
 * process leading the venue. Entries expire `ttlMs` after arrival unless refreshed.
 */
export interface DemandMessage {
  /** Id of the process that raised it (a process ignores its own). */
  from: string;
  entries: Array<{ market: string; ttlMs: number }>;
}

/** Demand exchange between replicas (the Redis bus has one; the in-process bus needs none). */
export interface DemandChannel {
  publishDemand(m: DemandMessage): void;
  subscribeDemand(handler: (m: DemandMessage) => void): () => void;
}

/**
 * The event bus between collectors (connectors) and gateways (store + subscriptions). Delivery is in order per
 * publisher.
 */
export interface Bus extends Partial<DemandChannel> {
  publish(e: BusEvent): void;
  subscribe(handler: BusHandler): () => void;
  close(): Promise<void>;
  /** Latest state for late joiners (Redis bus); the in-process bus has none. */
  snapshot?(): Promise<BusEvent[]>;
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

export type HistoryWindow = 'D7' | 'D30' | 'D90';

export interface FundingHistoryPointModel {
  /** Epoch ms; an aggregate carries the time of the last point it folds in. */
  time: number;
  ratePerHour: number;
  annualizedRate: number;
  /** Rate per settlement interval as published (last one in an aggregate), or null. */
  rate: number | null;
  longCostPerHour: number | null;
  shortCostPerHour: number | null;
}

export interface FundingHistorySummaryModel {
  /** Time-weighted mean of annualizedRate. */
  meanApr: number | null;
  /** Time-weighted median of annualizedRate. */
  medianApr: number | null;
  /** Time-weighted (population) standard deviation of annualizedRate. */
  stdDevApr: number | null;
  /** Share of the covered time with ratePerHour > 0. */
  positiveShare: number | null;
  /** Σ ratePerHour × covered hours: what a long of notional 1 paid over the window (fraction of notional). */
  realizedFunding: number | null;
}

export interface FundingHistoryModel {
  market: string;
  source: HistorySource;
  /** Fraction of [from, to] covered by stored data, 0..1. */
  coverage: number;
  from: number;
  to: number;
  /** Ascending time. */
  points: FundingHistoryPointModel[];
  summary: FundingHistorySummaryModel;
}

/**
 * Funding history store. Methods may return a value or a Promise (SQLite is synchronous, PostgreSQL is not);
 * callers always `await`.
 */
export interface HistoryStore extends HistoryWriter {
  /** Insert or replace points (idempotent on (market, source, time)); an empty list changes nothing. */
  write(market: string, points: FundingPoint[]): Promise<void> | void;
  /**
   * One market's history in [from, to] (ms), from the preferred source (venue history over gateway samples),
   * with coverage and summary. `resolution`: `RAW` (default) or a bucket like `1m`, `15m`, `1h`, `8h`, `1d`
   * (throws RangeError otherwise). The summary is computed at full resolution.
   */
  query(market: string, from: number, to: number, resolution?: string | null): Promise<FundingHistoryModel>;
  /** The last 7, 30 or 90 days up to `now`. */
  window(market: string, window: HistoryWindow, now: number, resolution?: string | null): Promise<FundingHistoryModel>;
  /** @deprecated Same as `query(market, from, to)`; kept for existing callers. */
  range(market: string, from: number, to: number): Promise<FundingHistoryModel>;
  /** Fold raw rows older than 7 days into hourly aggregates (mean/min/max/last); delete data older than 90 days. */
  downsample(now: number): Promise<void> | void;
  close(): Promise<void> | void;
}
