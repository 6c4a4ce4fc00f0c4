/**
 * The SynFutures connector's state, handed to every job (jobs.ts): the template context, the chain and subgraph
 * clients, and what the next event needs (instrument descriptions, last marks, OI and books, the depth rotation). Not a served latest state: the app's store is.
 */
import type { Timings } from '../../core/cadence.js';
import type { ConnectorContext } from '../../core/template.js';
import type { MarketMeta, OrderBook, Stamp } from '../../core/types.js';
import type { OracleObservation } from '../../oracles/deviation.js';
import type { SynfuturesConfig } from './config.js';
import type { ChainClient } from './client.js';
import type { InstrumentInfo } from './normalize.js';
import { DepthRotation } from './rotation.js';
import type { Subgraph } from './subgraph.js';

export interface SynCtx {
  kit: ConnectorContext;
  chain: ChainClient;
  subgraph: Subgraph | null;
  config: SynfuturesConfig;
  timings: Timings;
  /** Served instruments by lower-case address and by market id. */
  infos: Map<string, InstrumentInfo>;
  byId: Map<string, InstrumentInfo>;
  /** The last metadata record per market (a served instrument whose read failed keeps it). */
  metas: Map<string, MarketMeta>;
  /** Open interest (USD) per market: picks the depth targets. */
  oiUsd: Map<string, number>;
  /** The last book per market: sizes the inquire probe. */
  books: Map<string, OrderBook>;
  /** 24 h quote volume (WAD) and the latest mark (quote) by lower-case address. */
  volumes: Map<string, bigint>;
  marks: Map<string, number>;
  historyDone: Set<string>;
  /** The depth rotation's cursor and request log (rotation.ts). */
  rotation: DepthRotation;
  /** Markets watched since the last on-demand depth read. */
  demanded: Set<string>;
  /** The latest Chainlink-vs-Pyth observation per oracle-backed market (oracle.ts), published with its stats. */
  oracle: Map<string, OracleObservation>;
  preflighted: boolean;
  lastStateAt: number;
  lastOnDemand: number;
}

export function createSynCtx(
  kit: ConnectorContext,
  chain: ChainClient,
  subgraph: Subgraph | null,
  config: SynfuturesConfig,
  timings: Timings,
): SynCtx {
  return {
    kit,
    chain,
    subgraph,
    config,
    timings,
    infos: new Map(),
    byId: new Map(),
    metas: kit.perMarket(),
    oiUsd: kit.perMarket(),
    books: kit.perMarket(),
    volumes: new Map(),
    marks: new Map(),
    historyDone: new Set(),
    rotation: new DepthRotation(kit.io.now),
    demanded: new Set(),
    oracle: kit.perMarket(),
    preflighted: false,
    lastStateAt: 0,
    lastOnDemand: 0,
  };
}

export const stamp = (ctx: SynCtx, channel: 'FUNDING' | 'DEPTH', asOf: number): Stamp => ({
  asOf,
  slaMs: ctx.timings[channel].slaMs,
  source: 'LIVE',
});
