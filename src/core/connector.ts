/**
 * The connector contract every venue implements (STYLE.md "Adding a venue"), and the injected I/O.
 * A connector is an event source plus health, history and demand: it keeps no served latest state (the app's
 * store is the only one). Build one with `defineConnector` (core/template.ts). All I/O is injected so tests run
 * connectors unchanged against fake venues.
 */
import type { Logger } from './logger.js';
import type { ConnectorEvent, ConnectorHealth, FundingPoint, Venue } from './types.js';

/** Minimal WebSocket surface we use (the `ws` package's WebSocket satisfies it). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  terminate?(): void;
  ping?(): void;
  on(event: 'open', cb: () => void): this;
  on(event: 'message', cb: (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => void): this;
  on(event: 'close', cb: (code: number, reason: Buffer) => void): this;
  on(event: 'error', cb: (err: Error) => void): this;
  on(event: 'pong', cb: () => void): this;
  on(event: 'ping', cb: () => void): this;
  removeAllListeners(): this;
}
export type WebSocketCtor = new (url: string, opts?: { headers?: Record<string, string> }) => WebSocketLike;

export type FetchFn = (input: string | URL, init?: RequestInit) => Promise<Response>;

/** Injected I/O shared by every connector. */
export interface ConnectorIO {
  fetch: FetchFn;
  WebSocket: WebSocketCtor;
  now: () => number;
  logger: Logger;
}

/** Where a connector writes funding history it backfills from a venue history API. */
export interface HistoryWriter {
  /** Insert points (idempotent on (market, time)). */
  write(market: string, points: FundingPoint[]): Promise<void> | void;
  /** Latest stored time for a market and source, or null. Used to avoid refetching pages already stored. */
  latestTime(market: string, source: FundingPoint['source']): Promise<number | null> | number | null;
  /** Earliest stored time for a market and source, or null. */
  earliestTime(market: string, source: FundingPoint['source']): Promise<number | null> | number | null;
}

export interface ConnectorStartOptions {
  /** Called with every normalized event (the gateway's bus). */
  emit: (event: ConnectorEvent) => void;
  /** Funding history sink for venue-history backfills (optional). */
  history?: HistoryWriter;
}

export interface Connector {
  readonly venue: Venue;
  /** Start cadences and streams. Resolves after the first metadata attempt (success or failure). */
  start(opts: ConnectorStartOptions): Promise<void>;
  /**
   * Demand for live data on a market (query or subscription), reference-counted: every watchBook is matched by one
   * unwatchBook. Connectors without demand-driven sources ignore it; a venue may also discover an unknown id here.
   */
  watchBook(id: string): void;
  unwatchBook(id: string): void;
  /** Venue-native funding history between two times, ascending; null if the venue has none. */
  fundingHistory(id: string, from: number, to: number): Promise<FundingPoint[] | null>;
  health(): ConnectorHealth;
  /** Scale-out: request times in the last 60 s (handed to the next leader), and seeding from the previous one. */
  rateLog?(): number[];
  seedRateLog?(times: number[]): void;
  /** Stop everything for good (a disposed connector never restarts); leaves no open handles. Idempotent. */
  dispose(): Promise<void>;
}

/** What the registry's factories receive. `env` is the validated config (src/config). */
export interface ConnectorFactoryArgs<C> {
  io: ConnectorIO;
  config: C;
}
