/**
 * The Aster connector's state, handed to every job and stream handler (jobs.ts, stream.ts): the template context,
 * the REST client, the symbol maps from the latest exchangeInfo, and the per-symbol inputs the events are built from.
 * It is not a served latest state (the app's store is): only what the next event needs.
 */
import type { Timings } from '../../core/cadence.js';
import type { ConnectorContext } from '../../core/template.js';
import type { ResilientStream } from '../../core/stream.js';
import type { Stamp } from '../../core/types.js';
import type { AsterConfig } from './config.js';
import type { LocalBook } from '../../transports/book.js';
import type { AsterClient } from './client.js';
import { defaultInterval, type AccountData, type IntervalInfo } from './normalize.js';
import type { BookTickerFrame } from './wire.js';

export interface AsterCtx {
  kit: ConnectorContext;
  client: AsterClient;
  config: AsterConfig;
  timings: Timings;
  watchdogMs: number;
  symToId: Map<string, string>;
  idToSym: Map<string, string>;
  intervals: Map<string, IntervalInfo>;
  /** 24 h quote volume by symbol. */
  volumes: Map<string, number>;
  /** Open interest (base units) by symbol, with when it was read (oi.ts rotation). */
  oi: Map<string, { base: number; at: number }>;
  /** When each symbol's open interest was last asked for (success or not). */
  oiTried: Map<string, number>;
  /** Rotation token bucket: requests accrued, and the last tick. */
  oiTokens: number;
  oiTickAt: number | null;
  /** Synced local books for the depth set. */
  books: Map<string, LocalBook>;
  /** Last mark-stream event time per symbol (emits are thinned to one per 5 s). */
  lastMark: Map<string, number>;
  account: AccountData;
  depthSymbols: string[];
  lastFrameAt: number;
  rrDepth: number;
  /** The market stream (set once by index.ts). */
  stream: ResilientStream | null;
  resyncing: Set<string>;
  /** Latest `bookTicker` per symbol not yet served (coalesced, stream.ts). */
  tops: Map<string, BookTickerFrame>;
  topFlushArmed: boolean;
}

export function createAsterCtx(
  kit: ConnectorContext,
  client: AsterClient,
  config: AsterConfig,
  timings: Timings,
  watchdogMs: number,
): AsterCtx {
  return {
    kit,
    client,
    config,
    timings,
    watchdogMs,
    symToId: new Map(),
    idToSym: new Map(),
    intervals: new Map(),
    volumes: new Map(),
    oi: new Map(),
    oiTried: new Map(),
    oiTokens: 0,
    oiTickAt: null,
    books: new Map(),
    lastMark: new Map(),
    account: { fees: null, brackets: null },
    depthSymbols: [],
    lastFrameAt: 0,
    rrDepth: 0,
    stream: null,
    resyncing: new Set(),
    tops: new Map(),
    topFlushArmed: false,
  };
}

export const stamp = (ctx: AsterCtx, channel: 'FUNDING' | 'DEPTH' | 'MARK', asOf: number): Stamp => ({
  asOf,
  slaMs: ctx.timings[channel].slaMs,
  source: 'LIVE',
});

export const intervalOf = (ctx: AsterCtx, sym: string): IntervalInfo => ctx.intervals.get(sym) ?? defaultInterval();

/** The market stream delivers: open and a frame within the watchdog (3 s at least). */
export const streamUp = (ctx: AsterCtx): boolean =>
  !!ctx.stream?.isOpen && ctx.kit.io.now() - ctx.lastFrameAt < Math.max(ctx.watchdogMs, 3000);
