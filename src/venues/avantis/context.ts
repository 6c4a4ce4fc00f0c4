/**
 * The Avantis connector's state, handed to jobs, stream handlers and publishing (jobs.ts, stream.ts, publish.ts):
 * the merged catalog, oracle prices by feed, the pair key ↔ market id maps, volumes, and the snapshot/diff state
 * machine of the Socket.IO feed (docs/venues/avantis.md §1.3). Not a served latest state: the app's store is.
 */
import type { Timings } from '../../core/cadence.js';
import type { ResilientStream } from '../../core/stream.js';
import type { ConnectorContext } from '../../core/template.js';
import type { Stamp } from '../../core/types.js';
import type { AvantisConfig } from './config.js';
import type { AnalyticsSource } from './analytics.js';
import { CatalogState } from './catalog.js';
import type { AvantisClient } from './client.js';
import { CATALOG_GAP_MS } from './constants.js';
import type { OraclePrice } from './normalize.js';

export interface AvCtx {
  kit: ConnectorContext;
  client: AvantisClient;
  analytics: AnalyticsSource;
  config: AvantisConfig;
  timings: Timings;
  state: CatalogState;
  /** Catalog fetches by REST at most once per this gap (60 s at the default funding cadence). */
  catalogGapMs: number;
  /** Oracle prices by feed id. */
  prices: Map<string, OraclePrice>;
  idByKey: Map<string, string>;
  keyById: Map<string, string>;
  /** pair index → 24 h volume USD (history analytics); symbol → volume from the GraphQL source. */
  volumes: Map<number, number>;
  gqlVolumes: Map<string, number>;
  dirty: Map<string, { funding: boolean; price: boolean }>;
  /** After a (re)connect, diffs wait for a fresh snapshot (no snapshot on connect, §1.3). */
  needSnapshot: boolean;
  pending: Record<string, unknown> | null;
  flushing: boolean;
  resyncQueued: boolean;
  lastDiffAt: number;
  /** When the last whole-catalog fetch was attempted (success or not): the gap counts attempts. */
  lastFetchAt: number;
  feedSet: string;
  socket: ResilientStream | null;
  sse: ResilientStream | null;
  /** Pairs (by key) whose on-chain OI or cap differs from the data API beyond tolerance, with the differences (onchain.ts). */
  onchainMismatch: Map<string, string[]>;
}

export function createAvCtx(
  kit: ConnectorContext,
  client: AvantisClient,
  analytics: AnalyticsSource,
  config: AvantisConfig,
  timings: Timings,
): AvCtx {
  return {
    kit,
    client,
    analytics,
    config,
    timings,
    state: new CatalogState(),
    catalogGapMs: Math.min(CATALOG_GAP_MS, timings.FUNDING.cadenceMs),
    prices: new Map(),
    idByKey: new Map(),
    keyById: new Map(),
    volumes: new Map(),
    gqlVolumes: new Map(),
    dirty: new Map(),
    needSnapshot: false,
    pending: null,
    flushing: false,
    resyncQueued: false,
    lastDiffAt: 0,
    lastFetchAt: 0,
    feedSet: '',
    socket: null,
    sse: null,
    onchainMismatch: new Map(),
  };
}

export const stampAt = (ctx: AvCtx, channel: 'FUNDING' | 'DEPTH', asOf: number): Stamp => ({
  asOf,
  slaMs: ctx.timings[channel].slaMs,
  source: 'LIVE',
});

/** The socket keeps a v2 catalog current. */
export const socketLive = (ctx: AvCtx): boolean => !!ctx.socket?.isOpen && !ctx.needSnapshot && ctx.state.source === 'v2';

export const sinceFetch = (ctx: AvCtx): number => ctx.kit.io.now() - Math.max(ctx.lastFetchAt, ctx.state.snapshotAt);
