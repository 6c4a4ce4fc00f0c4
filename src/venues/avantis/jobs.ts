/**
 * Avantis jobs, each a top-level function of (ctx, signal) (docs/venues/avantis.md §1–§6): the catalog at start,
 * every metadata tick and on every socket (re)connect, at most once per gap; the REST poll while the socket is down
 * (then the legacy catalog if /v2/trading fails, flagged); re-publishing funding while the socket keeps the catalog
 * current; 24 h volume from history analytics and from the optional GraphQL source.
 */
import { DataError, VenueError } from '../../core/errors.js';
import type { CatalogSource } from './catalog.js';
import { sinceFetch, socketLive, type AvCtx } from './context.js';
import { emitMetadata, noteRejected, publish } from './publish.js';

async function loadFrom(ctx: AvCtx, source: CatalogSource, signal: AbortSignal): Promise<void> {
  const body = await ctx.client.catalog(source, signal);
  const now = ctx.kit.io.now();
  let r;
  try {
    r = ctx.state.load(body, source, now);
  } catch (err) {
    if (err instanceof DataError) throw new VenueError('avantis', err.code, `${ctx.client.catalogUrl(source)}: ${err.message}`);
    throw err;
  }
  noteRejected(ctx, r);
  ctx.kit.health.setCounter('pairs.retired', r.retired);
  if (source === 'v2' && ctx.pending) {
    noteRejected(ctx, ctx.state.apply(ctx.pending, now));
    ctx.kit.health.count('diffs.appliedAfterSnapshot');
  }
  ctx.pending = null;
  ctx.needSnapshot = false;
}

/** Fetch the whole catalog: /v2/trading, else the labelled legacy catalog; then publish everything. */
export async function fetchCatalog(ctx: AvCtx, signal: AbortSignal): Promise<void> {
  const { kit, state } = ctx;
  ctx.lastFetchAt = kit.io.now();
  try {
    await loadFrom(ctx, 'v2', signal);
    kit.sourceOk('data-api-v2');
  } catch (err) {
    const ve = kit.sourceFailed('data-api-v2', err);
    // Keep a v2 state that live diffs still keep current; otherwise serve the labelled legacy catalog.
    if (state.loaded && state.source === 'v2' && ctx.socket?.isOpen && !ctx.needSnapshot) throw ve;
    kit.fail('catalog v2', ve);
    try {
      await loadFrom(ctx, 'legacy', signal);
      kit.sourceOk('legacy-catalog', 'serving the legacy catalog (no funding fields) because /v2/trading failed');
      kit.health.count('catalog.legacy');
    } catch (err2) {
      kit.sourceFailed('legacy-catalog', err2);
      throw err2;
    }
  }
  emitMetadata(ctx);
  for (const k of ctx.idByKey.keys()) publish(ctx, k, { funding: true, price: true });
  kit.health.setTransport(socketLive(ctx) ? 'WEBSOCKET' : 'REST');
}

/** The metadata job; too soon after the last fetch it re-arms itself for when the gap has passed. */
export async function catalog(ctx: AvCtx, signal: AbortSignal, again: () => void): Promise<void> {
  const wait = ctx.catalogGapMs - sinceFetch(ctx);
  if (ctx.lastFetchAt > 0 && wait > 0) {
    if (!ctx.resyncQueued && ctx.needSnapshot) {
      ctx.resyncQueued = true;
      ctx.kit.later(() => {
        ctx.resyncQueued = false;
        again();
      }, wait);
    }
    return;
  }
  await fetchCatalog(ctx, signal);
}

/** While the socket is down: poll the catalog (REST fallback) at the gap. */
export async function poll(ctx: AvCtx, signal: AbortSignal): Promise<void> {
  if (socketLive(ctx) || sinceFetch(ctx) < ctx.catalogGapMs) return;
  ctx.kit.health.count('catalog.restPolls');
  await fetchCatalog(ctx, signal);
}

/**
 * While the socket is live the merged catalog is current: re-publish funding at the funding cadence so its freshness
 * says so. Nothing is re-published from a catalog that is not being kept current (its stamp keeps the snapshot time).
 */
export function republish(ctx: AvCtx): Promise<void> {
  ctx.kit.health.setCounter('diffs.lastAgeMs', ctx.lastDiffAt ? ctx.kit.io.now() - ctx.lastDiffAt : -1);
  if (socketLive(ctx)) for (const k of ctx.idByKey.keys()) publish(ctx, k, { funding: true, price: false });
  return Promise.resolve();
}

export async function volume(ctx: AvCtx, signal: AbortSignal): Promise<void> {
  const reason =
    'daily-volumes-by-pair/1/true read as each pair’s last-day volume (the path’s semantics are unconfirmed, docs/venues/avantis.md §1.4); pairs it omits have volume null';
  try {
    ctx.volumes = await ctx.client.volumes(signal);
    ctx.kit.sourceOk('history-volume', reason);
  } catch (err) {
    ctx.volumes.clear();
    const ve = ctx.kit.sourceFailed('history-volume', err);
    // A 429/418 pauses the whole Avantis budget: that is the venue's health, not just this source's.
    if (ve.code === 'RATE_LIMITED' || ve.code === 'BANNED') ctx.kit.fail('history-volume', ve);
  }
}

export async function graphqlAnalytics(ctx: AvCtx, signal: AbortSignal): Promise<void> {
  const note = ' (docs/venues/avantis.md §3: no Avantis GraphQL API is known; nothing is substituted)';
  const a = await ctx.kit.secondary('graphql-analytics', () => ctx.analytics.fetch(signal), {
    okReason: 'answers perpMarkets, fundingRates and liquiditySnapshots: used for 24 h volume only',
    note,
  });
  ctx.gqlVolumes = a?.volumes ?? new Map();
  if (!a) return;
  ctx.kit.health.setCounter('graphql.fundingRows', a.fundingRows);
  ctx.kit.health.setCounter('graphql.liquidityRows', a.liquidityRows);
}
