/**
 * The Hyperliquid connector's state, handed to every job and stream handler (jobs.ts, stream.ts): the template
 * context, the `/info` client, the coin maps from the latest `metaAndAssetCtxs`, and what the next event needs. It is
 * not a served latest state (the app's store is).
 */
import type { ResilientStream } from '../../core/stream.js';
import type { ConnectorContext } from '../../core/template.js';
import type { Channel, Stamp } from '../../core/types.js';
import type { InfoClient } from './client.js';
import type { HyperliquidConfig } from './config.js';
import type { PredictedRate } from './normalize.js';
import { BookSubscriptions } from './protocol.js';
import type { AllMids } from './wire.js';

export interface HlCtx {
  kit: ConnectorContext;
  client: InfoClient;
  config: HyperliquidConfig;
  watchdogMs: number;
  /** coin → canonical id, and back. */
  ids: Map<string, string>;
  coins: Map<string, string>;
  /** coin → 24 h notional volume (depth-set ranking, backfill order). */
  volumes: Map<string, number>;
  /** Latest mids from the WS `allMids` channel, with the time they arrived. */
  mids: { at: number; values: AllMids };
  /** The venue's own predicted next rate per coin (cross-check source, §3.2), and the current hourly rate served. */
  predicted: Map<string, PredictedRate>;
  rates: Map<string, number>;
  /** Coins whose l2Book is tracked (top by volume + watched) and the WS subscriptions kept in line with them. */
  depthCoins: string[];
  subs: BookSubscriptions;
  /** coin → venue time of the newest l2Book snapshot emitted (an older one, REST or WS, is dropped: §4). */
  bookTimes: Map<string, number>;
  lastMetaAt: number;
  universeKey: string;
  restCursor: number;
  /** Coins whose 90-day history backfill reached now. */
  backfilled: Set<string>;
  /** The socket (set once by index.ts) and when it last delivered a frame. */
  stream: ResilientStream | null;
  lastFrameAt: number;
}

export function createHlCtx(kit: ConnectorContext, client: InfoClient, config: HyperliquidConfig, watchdogMs: number): HlCtx {
  return {
    kit,
    client,
    config,
    watchdogMs,
    ids: new Map(),
    coins: new Map(),
    volumes: new Map(),
    mids: { at: 0, values: {} },
    predicted: new Map(),
    rates: new Map(),
    depthCoins: [],
    subs: new BookSubscriptions(),
    bookTimes: new Map(),
    lastMetaAt: 0,
    universeKey: '',
    restCursor: 0,
    backfilled: new Set(),
    stream: null,
    lastFrameAt: 0,
  };
}

export const stamp = (ctx: HlCtx, channel: Channel, asOf: number): Stamp => ({
  asOf,
  slaMs: ctx.kit.timings[channel].slaMs,
  source: 'LIVE',
});

/** The socket delivers: open and a frame within the watchdog (3 s at least). */
export const streamUp = (ctx: HlCtx): boolean =>
  !!ctx.stream?.isOpen && ctx.kit.io.now() - ctx.lastFrameAt < Math.max(ctx.watchdogMs, 3000);
