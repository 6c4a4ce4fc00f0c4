/**
 * Hyperliquid jobs, each a top-level function of `(ctx, signal)`: the market poll (metadata, funding, mark, OI and
 * volume from one weight-20 `metaAndAssetCtxs`, docs/venues/hyperliquid.md §2), top of book for every coin, the REST
 * book fallback, the `predictedFundings` cross-check (§3.2) and the funding-history backfill and paging (§3.1).
 */
import type { FundingPoint } from '../../core/types.js';
import { HISTORY_PAGE_ROWS, ROWS_PER_EXTRA_WEIGHT, VENUE, WEIGHTS } from './constants.js';
import { stamp, streamUp, type HlCtx } from './context.js';
import {
  assetRows,
  breaksCap,
  midOnlyBook,
  normalizeFunding,
  normalizeHistory,
  normalizeMarket,
  normalizePredicted,
  normalizeStats,
  type AssetRow,
} from './normalize.js';
import { emitBook, refreshDepthSet } from './stream.js';
import { AllMids, FundingHistory, L2Book, MetaAndAssetCtxs, PredictedFundings } from './wire.js';

const DAY_MS = 86_400_000;
/** A fundingHistory page is charged its worst case up front: 20 + 500 rows / 20 (§3.1, §7). */
export const HISTORY_PAGE_WEIGHT = WEIGHTS.fundingHistory + Math.ceil(HISTORY_PAGE_ROWS / ROWS_PER_EXTRA_WEIGHT);

function emitMetadata(ctx: HlCtx, payload: MetaAndAssetCtxs, rows: AssetRow[], now: number): void {
  ctx.ids.clear();
  ctx.coins.clear();
  for (const r of rows) {
    ctx.ids.set(r.coin, r.id);
    ctx.coins.set(r.id, r.coin);
  }
  const markets = rows.map((r) => normalizeMarket(r.asset, payload[0].marginTables));
  ctx.kit.emit({ type: 'metadata', venue: VENUE, markets, asOf: now, source: 'LIVE' });
  ctx.lastMetaAt = now;
}

/** One row's funding and stats; a bad row is typed and counted, the others still serve (house rule 4). */
function emitRow(ctx: HlCtx, r: AssetRow, now: number): void {
  try {
    const predicted = ctx.predicted.get(r.coin)?.rate ?? null;
    const f = normalizeFunding(r.id, r.coin, r.ctx.funding, stamp(ctx, 'FUNDING', now), predicted);
    if (f.rate !== null && breaksCap(f.rate)) ctx.kit.health.count('fundingCapViolations');
    const stats = normalizeStats(r.coin, r.ctx);
    ctx.kit.emit({ type: 'funding', venue: VENUE, funding: f });
    ctx.kit.emit({ type: 'stats', venue: VENUE, market: r.id, stats, asOf: now, source: 'LIVE' });
    ctx.volumes.set(r.coin, stats.volume24hUsd ?? 0);
    if (f.rate !== null) ctx.rates.set(r.coin, f.rate);
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
  if (key !== ctx.universeKey || now - ctx.lastMetaAt >= ctx.kit.timings.METADATA.cadenceMs) {
    emitMetadata(ctx, payload, rows, now);
    ctx.universeKey = key;
  }
  for (const r of rows) emitRow(ctx, r, now);
  refreshDepthSet(ctx);
}

/** Mid-only books for coins without tracked depth (§4): every coin has a top of book. */
export function emitMidBooks(ctx: HlCtx, mids: Record<string, string>, at: number, field: string): void {
  const tracked = new Set(ctx.depthCoins);
  for (const [coin, id] of ctx.ids) {
    if (tracked.has(coin)) continue;
    const b = midOnlyBook(id, mids[coin], stamp(ctx, 'DEPTH', at), `${coin}.${field}`);
    if (b) ctx.kit.emit({ type: 'book', venue: VENUE, book: b });
  }
}

/** Top of book for untracked coins on the depth cadence: WS `allMids` while it flows, else REST allMids (weight 2). */
export async function pollMids(ctx: HlCtx, signal: AbortSignal): Promise<void> {
  if (ctx.ids.size === 0) return;
  const now = ctx.kit.io.now();
  if (streamUp(ctx) && now - ctx.mids.at < ctx.kit.timings.DEPTH.slaMs) {
    emitMidBooks(ctx, ctx.mids.values, ctx.mids.at, 'allMids');
    return;
  }
  const mids = await ctx.client.info({ type: 'allMids' }, AllMids, WEIGHTS.allMids, signal);
  emitMidBooks(ctx, mids, ctx.kit.io.now(), 'allMids');
}

/** REST l2Book fallback while the socket is down: round-robin so each coin refreshes within ~80 % of the depth SLA. */
export async function pollBooksRest(ctx: HlCtx, signal: AbortSignal): Promise<void> {
  const coins = ctx.depthCoins;
  if (coins.length === 0) return;
  const { cadenceMs, slaMs } = ctx.kit.timings.DEPTH;
  const per = Math.min(coins.length, Math.ceil((coins.length * cadenceMs) / (slaMs * 0.8)));
  ctx.kit.health.setTransport('REST');
  for (let k = 0; k < per; k++) {
    const coin = coins[ctx.restCursor++ % coins.length]!;
    emitBook(ctx, await ctx.client.info({ type: 'l2Book', coin }, L2Book, WEIGHTS.l2Book, signal));
  }
}

/**
 * Optional cross-check: the venue's own predicted next hourly rate (§3.2), served as `predictedRate`; the largest gap
 * between it and the current rate is shown in `sources` and as a counter. Its failure never touches the primary path.
 */
export async function pollPredicted(ctx: HlCtx, signal: AbortSignal): Promise<void> {
  const rows = await ctx.kit.secondary(
    'predicted-fundings',
    () => ctx.client.info({ type: 'predictedFundings' }, PredictedFundings, WEIGHTS.predictedFundings, signal),
    { note: ' (optional cross-check; funding still served from metaAndAssetCtxs)' },
  );
  if (!rows) return;
  ctx.predicted = normalizePredicted(rows);
  let worst: { coin: string; gap: number } | null = null;
  for (const [coin, p] of ctx.predicted) {
    const cur = ctx.rates.get(coin);
    if (cur === undefined) continue;
    const gap = Math.abs(p.rate - cur);
    if (!worst || gap > worst.gap) worst = { coin, gap };
  }
  const bp = worst ? Math.round(worst.gap * 1e6) / 100 : null;
  if (bp !== null) ctx.kit.health.setCounter('predictedVsCurrentMaxGapBpPerHour', bp);
  ctx.kit.sourceOk(
    'predicted-fundings',
    `${ctx.predicted.size} coins; largest |predicted − current| ${bp === null ? 'n/a' : `${bp} bp/h (${worst!.coin})`}`,
  );
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
    const body = { type: 'fundingHistory', coin, startTime: start, endTime: to };
    const rows = await ctx.client.info(body, FundingHistory, HISTORY_PAGE_WEIGHT, signal);
    out.push(...normalizeHistory(rows));
    if (rows.length < HISTORY_PAGE_ROWS) break;
    start = rows[rows.length - 1]!.time + 1;
  }
  return out;
}

/** The connector's `fundingHistory(id, from, to)`: null for an id the venue does not list. */
export function fundingHistory(ctx: HlCtx, id: string, from: number, to: number): Promise<FundingPoint[] | null> {
  const coin = ctx.coins.get(id);
  return coin === undefined ? Promise.resolve(null) : historyPages(ctx, coin, from, to);
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
    const coins = [...ctx.volumes.entries()].sort((a, b) => b[1] - a[1]).map(([c]) => c);
    const coin = coins.find((c) => ctx.ids.has(c) && !ctx.backfilled.has(c));
    if (coin === undefined) return;
    const id = ctx.ids.get(coin)!;
    const now = ctx.kit.io.now();
    const latest = await h.latestTime(id, 'VENUE_HISTORY');
    const points = await historyPages(ctx, coin, latest === null ? now - 90 * DAY_MS : latest + 1, now, signal, 1);
    if (points.length > 0) await h.write(id, points);
    if (points.length < HISTORY_PAGE_ROWS) ctx.backfilled.add(coin);
    ctx.kit.health.setCounter('historyBackfillDone', ctx.backfilled.size);
    ctx.kit.health.setCounter('historyBackfillTotal', ctx.ids.size);
  }
}
