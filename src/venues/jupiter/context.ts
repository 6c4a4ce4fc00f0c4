/**
 * The Jupiter connector's state, handed to jobs, stream handlers and publishing (jobs.ts, stream.ts, publish.ts):
 * the decoded accounts (state.ts), the RPC and HTTP clients, the socket's subscription state and its counters.
 * Not a served latest state: the app's store is.
 */
import type { Timings } from '../../core/cadence.js';
import type { StreamLink, ResilientStream } from '../../core/stream.js';
import type { ConnectorContext } from '../../core/template.js';
import type { Stamp } from '../../core/types.js';
import type { JupiterConfig } from './config.js';
import type { JupiterApi } from './client.js';
import { ORACLE_MAX_AGE_MS } from './constants.js';
import type { SolanaRpc } from './rpc.js';
import { VenueState } from './state.js';
import { AccountSubscriptions } from './protocol.js';

export interface JupCtx {
  kit: ConnectorContext;
  rpc: SolanaRpc;
  api: JupiterApi;
  config: JupiterConfig;
  timings: Timings;
  watchdogMs: number;
  state: VenueState;
  /** 24 h volume and the last served mark by market id. */
  volumes: Map<string, number>;
  marks: Map<string, number>;
  /** Markets whose oracle is past its max age (reported once until it recovers). */
  staleMarks: Set<string>;
  subs: AccountSubscriptions;
  link: StreamLink | null;
  stream: ResilientStream | null;
  lastSnapshotAt: number;
  forceSnapshot: boolean;
  openedAt: number;
  lastNotificationAt: number;
  notifications: number;
  olderSlotDropped: number;
  maxDepth: number;
}

export function createJupCtx(
  kit: ConnectorContext,
  rpc: SolanaRpc,
  api: JupiterApi,
  config: JupiterConfig,
  timings: Timings,
  watchdogMs: number,
): JupCtx {
  return {
    kit,
    rpc,
    api,
    config,
    timings,
    watchdogMs,
    state: new VenueState(config),
    volumes: new Map(),
    marks: kit.perMarket(),
    staleMarks: new Set(),
    subs: new AccountSubscriptions(),
    link: null,
    stream: null,
    lastSnapshotAt: 0,
    forceSnapshot: false,
    openedAt: 0,
    lastNotificationAt: 0,
    notifications: 0,
    olderSlotDropped: 0,
    maxDepth: 0,
  };
}

/** A Doves price older than 60 s is stale (§5.6): SLAs of what uses it are capped there. */
export const capped = (slaMs: number): number => Math.min(slaMs, ORACLE_MAX_AGE_MS);

export const stamp = (asOf: number, slaMs: number): Stamp => ({ asOf, slaMs: capped(slaMs), source: 'LIVE' });

/** The stream delivers: open, subscribed, and a notification within the watchdog (or just opened). */
export function streamFresh(ctx: JupCtx): boolean {
  if (!ctx.stream?.isOpen) return false;
  return ctx.kit.io.now() - Math.max(ctx.lastNotificationAt, ctx.openedAt) < ctx.watchdogMs;
}

export function transport(ctx: JupCtx): void {
  ctx.kit.health.setTransport(streamFresh(ctx) ? 'WEBSOCKET' : 'RPC');
}

/** (Re)subscribe every key the state needs, when the socket is open. */
export function ensureSubscriptions(ctx: JupCtx): void {
  const l = ctx.link;
  if (l && ctx.stream?.isOpen) ctx.subs.ensure(ctx.state.keys(), (frame) => l.send(frame));
}
