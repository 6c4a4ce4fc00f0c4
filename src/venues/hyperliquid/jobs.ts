/**
 * Hyperliquid jobs, each a top-level function of `(ctx, signal)`: the market poll (metadata, funding, mark, OI and
 * volume from one weight-20 `metaAndAssetCtxs`, docs/venues/hyperliquid.md §2), top of book for every coin, the REST
 * book fallback, the `predictedFundings` cross-check (§3.2) and the funding-history backfill (§3.1).
 */
import type { ConnectorKit } from '../../core/kit.js';
import type { Channel, FundingPoint, Stamp } from '../../core/types.js';
import type { InfoClient } from './client.js';
import type { HyperliquidConfig } from './config.js';
import { BOOK_LEVELS, HISTORY_PAGE_ROWS, ROWS_PER_EXTRA_WEIGHT, VENUE, WEIGHTS } from './constants.js';
import {
  assetRows,
  breaksCap,
  midOnlyBook,
  normalizeBook,
  normalizeFunding,
  normalizeHistory,
  normalizeMarket,
  normalizePredicted,
  normalizeStats,
  type AssetRow,
  type PredictedRate,
} from './normalize.js';
import { AllMids, FundingHistory, L2Book, MetaAndAssetCtxs, PredictedFundings } from './wire.js';

const DAY_MS = 86_400_000;
/** A fundingHistory page is charged its worst case up front: 20 + 500 rows / 20 (§3.1, §7). */
export const HISTORY_PAGE_WEIGHT = WEIGHTS.fundingHistory + Math.ceil(HISTORY_PAGE_ROWS / ROWS_PER_EXTRA_WEIGHT);

export interface HlState {
  /** coin → canonical id, and back. */
  ids: Map<string, string>;
  coins: Map<string, string>;
  /** coin → 24 h notional volume (depth-set ranking). */
  volumes: Map<string, number>;
  /** Latest mids from the WS `allMids` channel, with the time they arrived. */
  mids: { at: number; values: AllMids };
  /** The venue's own predicted next rate per coin (cross-check source). */
  predicted: Map<string, PredictedRate>;
  /** Coins whose l2Book is tracked (top by volume + watched). */
  depthCoins: string[];
  lastMetaAt: number;
  universeKey: string;
  restCursor: number;
  /** Coins whose 90-day history backfill reached now. */
  backfilled: Set<string>;
}

export function initialState(): HlState {
  return {
    ids: new Map(),
    coins: new Map(),
    volumes: new Map(),
    mids: { at: 0, values: {} },
    predicted: new Map(),
    depthCoins: [],
    lastMetaAt: 0,
    universeKey: '',
    restCursor: 0,
    backfilled: new Set(),
  };
}

export interface HlCtx {
  kit: ConnectorKit;
  client: InfoClient;
  config: HyperliquidConfig;
  state: HlState;
  /** True while the WebSocket delivers (books and mids come from it). */
  streamUp(): boolean;
  /** Recompute the depth set (top coins by volume + watched) and sync the WS subscriptions. */
  refreshDepthSet(): void;
}

export function stamp(ctx: HlCtx, channel: Channel, asOf: number): Stamp {
  return { asOf, slaMs: ctx.kit.timings[channel].slaMs, source: 'LIVE' };
}

/** Top coins by 24 h notional volume plus watched ones (§7: well under the subscription limit). */
export function chooseDepthCoins(ctx: HlCtx, max: number): string[] {
  const top = [...ctx.state.volumes.entries()]
    .filter(([c]) => ctx.state.ids.has(c))
    .sort((a, b) => b[1] - a[1])
    .slice(0, ctx.config.HYPERLIQUID_DEPTH_COINS)
    .map(([c]) => c);
  const watched = [...ctx.kit.watched.keys()].map((id) => ctx.state.coins.get(id)).filter((c): c is string => !!c);
  return [...new Set([...top, ...watched])].slice(0, max);
}

function emitMetadata(ctx: HlCtx, payload: MetaAndAssetCtxs, rows: AssetRow[], now: number): void {
  const { state } = ctx;
  state.ids.clear();
  state.coins.clear();
  for (const r of rows) {
    state.ids.set(r.coin, r.id);
    state.coins.set(r.id, r.coin);
  }
  const markets = rows.map((r) => normalizeMarket(r.asset, payload[0].marginTables));
  ctx.kit.emit({ type: 'metadata', venue: VENUE, markets, asOf: now, source: 'LIVE' });
  state.lastMetaAt = now;
}

/** One row's funding and stats; a bad row is typed and counted, the others still serve (house rule 4). */
function emitRow(ctx: HlCtx, r: AssetRow, now: number): void {
  try {
    const predicted = ctx.state.predicted.get(r.coin)?.rate ?? null;
    const f = normalizeFunding(r.id, r.coin, r.ctx.funding, stamp(ctx, 'FUNDING', now), predicted);
    if (f.rate !== null && breaksCap(f.rate)) ctx.kit.health.count('fundingCapViolations');
    const stats = normalizeStats(r.coin, r.ctx);
    ctx.kit.emit({ type: 'funding', venue: VENUE, funding: f });
    ctx.kit.emit({ type: 'stats', venue: VENUE, market: r.id, stats, asOf: now, source: 'LIVE' });
    ctx.state.volumes.set(r.coin, stats.volume24hUsd ?? 0);
  } catch (err) {
    ctx.kit.health.count('badRows');
    ctx.kit.fail(`asset ${r.coin}`, err);
  }
}

/** metaAndAssetCtxs → metadata (on the metadata cadence or when the universe changes), funding and stats every run. */
export async function pollMarkets(ctx: HlCtx, signal: AbortSignal): Promise<void> {
  const payload = await ctx.client.info({ type: 'metaAndAssetCtxs' }, MetaAndAssetCtxs, WEIGHTS.metaAndAssetCtxs, signal);
  const now = ctx.kit.io.now();
  const rows = assetRows(payload);
  const key = rows.map((r) => `${r.coin}/${r.asset.marginTableId ?? ''}/${r.asset.maxLeverage}`).join(',');
  if (key !== ctx.state.universeKey || now - ctx.state.lastMetaAt >= ctx.kit.timings.METADATA.cadenceMs) {
    emitMetadata(ctx, payload, rows, now);
    ctx.state.universeKey = key;
  }
  for (const r of rows) emitRow(ctx, r, now);
  ctx.refreshDepthSet();
}

/** Mid-only books for coins without tracked depth (§4): every coin has a top of book. */
export function emitMidBooks(ctx: HlCtx, mids: Record<string, string>, at: number, field: string): void {
  const tracked = new Set(ctx.state.depthCoins);
  for (const [coin, id] of ctx.state.ids) {
    if (tracked.has(coin)) continue;
    const b = midOnlyBook(id, mids[coin], stamp(ctx, 'DEPTH', at), `${coin}.${field}`);
    if (b) ctx.kit.emit({ type: 'book', venue: VENUE, book: b });
  }
}

/** Top of book for untracked coins on the depth cadence: WS `allMids` while it flows, else REST allMids (weight 2). */
export async function pollMids(ctx: HlCtx, signal: AbortSignal): Promise<void> {
  if (ctx.state.ids.size === 0) return;
  const now = ctx.kit.io.now();
  if (ctx.streamUp() && now - ctx.state.mids.at < ctx.kit.timings.DEPTH.slaMs) {
    emitMidBooks(ctx, ctx.state.mids.values, ctx.state.mids.at, 'allMids');
    return;
  }
  const mids = await ctx.client.info({ type: 'allMids' }, AllMids, WEIGHTS.allMids, signal);
  emitMidBooks(ctx, mids, ctx.kit.io.now(), 'allMids');
}

/** Emit one l2Book snapshot (REST answer or WS frame) for a tracked coin. */
export function emitBook(ctx: HlCtx, book: L2Book): void {
  const id = ctx.state.ids.get(book.coin);
  if (!id || !ctx.state.depthCoins.includes(book.coin)) return;
  ctx.kit.emit({ type: 'book', venue: VENUE, book: normalizeBook(id, book, BOOK_LEVELS, stamp(ctx, 'DEPTH', book.time)) });
}

/** REST l2Book fallback while the socket is down: round-robin so each coin refreshes within ~80 % of the depth SLA. */
export async function pollBooksRest(ctx: HlCtx, signal: AbortSignal): Promise<void> {
  const coins = ctx.state.depthCoins;
  if (coins.length === 0) return;
  const { cadenceMs, slaMs } = ctx.kit.timings.DEPTH;
  const per = Math.min(coins.length, Math.ceil((coins.length * cadenceMs) / (slaMs * 0.8)));
  ctx.kit.health.setTransport('REST');
  for (let k = 0; k < per; k++) {
    const coin = coins[ctx.state.restCursor++ % coins.length]!;
    emitBook(ctx, await ctx.client.info({ type: 'l2Book', coin }, L2Book, WEIGHTS.l2Book, signal));
  }
}

/** Optional cross-check: the venue's own predicted next hourly rate (§3.2). Its failure never touches the primary path. */
export async function pollPredicted(ctx: HlCtx, signal: AbortSignal): Promise<void> {
  try {
    const rows = await ctx.client.info({ type: 'predictedFundings' }, PredictedFundings, WEIGHTS.predictedFundings, signal);
    ctx.state.predicted = normalizePredicted(rows);
    ctx.kit.sourceOk('predicted-fundings', `${ctx.state.predicted.size} coins (HlPerp rows)`);
  } catch (err) {
    ctx.kit.sourceFailed('predicted-fundings', err, ' (optional cross-check; funding still served from metaAndAssetCtxs)');
  }
}

/** Funding history of one coin between two times, paged by time (≤ 500 rows a page, §3.1), ascending. */
export async function historyPages(
  ctx: HlCtx,
  coin: string,
  from: number,
  to: number,
  signal?: AbortSignal,
  maxPages = 10,
): Promise<FundingPoint[]> {
  const out: FundingPoint[] = [];
  let start = from;
  for (let page = 0; page < maxPages && start <= to; page++) {
    const rows = await ctx.client.info(
      { type: 'fundingHistory', coin, startTime: start, endTime: to },
      FundingHistory,
      HISTORY_PAGE_WEIGHT,
      signal,
    );
    out.push(...normalizeHistory(rows));
    if (rows.length < HISTORY_PAGE_ROWS) break;
    start = rows[rows.length - 1]!.time + 1;
  }
  return out;
}

/**
 * 90-day backfill into the history store, highest-volume coins first, up to `maxPages` pages a run and only from spare
 * budget (never below 30 % remaining), resuming from the latest stored time. Progress in health counters.
 */
export async function backfillHistory(ctx: HlCtx, signal: AbortSignal, maxPages = 3): Promise<void> {
  const h = ctx.kit.history;
  if (!h) return;
  for (let page = 0; page < maxPages; page++) {
    const st = ctx.kit.limiter.status();
    if (st.throttled || st.remaining - HISTORY_PAGE_WEIGHT < st.budgetPerMinute * 0.3) return;
    const coins = [...ctx.state.volumes.entries()].sort((a, b) => b[1] - a[1]).map(([c]) => c);
    const coin = coins.find((c) => ctx.state.ids.has(c) && !ctx.state.backfilled.has(c));
    if (coin === undefined) return;
    const id = ctx.state.ids.get(coin)!;
    const now = ctx.kit.io.now();
    const latest = await h.latestTime(id, 'VENUE_HISTORY');
    const points = await historyPages(ctx, coin, latest === null ? now - 90 * DAY_MS : latest + 1, now, signal, 1);
    if (points.length > 0) await h.write(id, points);
    if (points.length < HISTORY_PAGE_ROWS) ctx.state.backfilled.add(coin);
    ctx.kit.health.setCounter('historyBackfillDone', ctx.state.backfilled.size);
    ctx.kit.health.setCounter('historyBackfillTotal', ctx.state.ids.size);
  }
}
