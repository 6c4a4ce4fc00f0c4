/**
 * Publishing Avantis pairs: metadata from the catalog, and per pair its funding (catalog) and its oracle-priced
 * stats and synthetic book (docs/venues/avantis.md §5, §6). Dirty pairs are flushed together after FLUSH_MS.
 */
import type { MarketMeta } from '../../core/types.js';
import type { ApplyResult } from './catalog.js';
import { FLUSH_MS } from './constants.js';
import { socketLive, stampAt, type AvCtx } from './context.js';
import { feedKey, funding, marketMeta, marketStats, pairId, syntheticBook } from './normalize.js';

type What = { funding: boolean; price: boolean };

function volumeOf(ctx: AvCtx, key: string): number | null {
  const p = ctx.state.pairs.get(key);
  if (!p) return null;
  if (p.index !== undefined && ctx.volumes.has(p.index)) return ctx.volumes.get(p.index)!;
  return ctx.gqlVolumes.get(`${p.from}/${p.to}`.toUpperCase()) ?? null;
}

/** Emit a pair's funding (catalog changed or confirmed live) and/or its oracle-priced stats and book. */
export function publish(ctx: AvCtx, key: string, what: What): void {
  const id = ctx.idByKey.get(key);
  const p = ctx.state.pairs.get(key);
  if (!id || !p) return;
  const { kit } = ctx;
  try {
    const catalogAsOf = socketLive(ctx) ? kit.io.now() : ctx.state.snapshotAt;
    if (what.funding)
      kit.emit({ type: 'funding', venue: 'avantis', funding: funding(p, id, ctx.state.source, stampAt(ctx, 'FUNDING', catalogAsOf)) });
    const fk = feedKey(p);
    const oracle = fk ? (ctx.prices.get(fk) ?? null) : null;
    // Open interest comes from the catalog and needs no price: without an oracle price (none yet, or a feed the
    // gateway cannot read such as an all-zero Pyth id with a Lazer feed) the stats go out with mark null.
    if (!oracle) {
      const stats = marketStats(p, null, volumeOf(ctx, key));
      kit.emit({ type: 'stats', venue: 'avantis', market: id, asOf: catalogAsOf, source: 'LIVE', stats });
      return;
    }
    if (!what.price) return;
    const stats = marketStats(p, oracle, volumeOf(ctx, key));
    kit.emit({ type: 'stats', venue: 'avantis', market: id, asOf: oracle.publishTime, source: 'LIVE', stats });
    const book = syntheticBook(p, id, oracle.price, stampAt(ctx, 'DEPTH', Math.min(oracle.publishTime, catalogAsOf)));
    if (book) kit.emit({ type: 'book', venue: 'avantis', book });
  } catch (err) {
    kit.fail(`publish ${id}`, err);
  }
}

export function markDirty(ctx: AvCtx, key: string, what: What): void {
  const cur = ctx.dirty.get(key);
  ctx.dirty.set(key, { funding: what.funding || (cur?.funding ?? false), price: what.price || (cur?.price ?? false) });
}

export function flushSoon(ctx: AvCtx): void {
  if (ctx.flushing) return;
  ctx.flushing = true;
  ctx.kit.later(() => {
    ctx.flushing = false;
    const entries = [...ctx.dirty];
    ctx.dirty.clear();
    for (const [k, what] of entries) publish(ctx, k, what);
  }, FLUSH_MS);
}

export function noteRejected(ctx: AvCtx, r: ApplyResult): void {
  for (const x of r.rejected) {
    ctx.kit.health.count('pairs.rejected');
    ctx.kit.fail(`pair ${x.key}`, x.error);
  }
}

export function feedIds(ctx: AvCtx): string[] {
  const s = new Set<string>();
  for (const key of ctx.idByKey.keys()) {
    const f = feedKey(ctx.state.pairs.get(key)!);
    if (f) s.add(f);
  }
  return [...s].sort();
}

/** Rebuild ids and emit metadata from the current catalog; the Hermes stream follows the feed set. */
export function emitMetadata(ctx: AvCtx): void {
  const { state, kit } = ctx;
  const metas: MarketMeta[] = [];
  ctx.idByKey.clear();
  ctx.keyById.clear();
  let skipped = 0;
  for (const key of [...state.pairs.keys()].sort((a, b) => Number(a) - Number(b))) {
    const p = state.pairs.get(key)!;
    const id = pairId(p);
    if (!id) {
      skipped++;
      continue;
    }
    if (ctx.keyById.has(id)) {
      kit.health.count('pairs.duplicateId');
      continue;
    }
    ctx.idByKey.set(key, id);
    ctx.keyById.set(id, key);
    const meta = marketMeta(p, id, state.source, state.group(p.groupIndex));
    // On-chain verification (onchain.ts, docs/venues/avantis.md §2.2a): the pair's chain values differ from the API.
    metas.push(ctx.onchainMismatch.has(key) ? { ...meta, flags: [...meta.flags, 'ONCHAIN_MISMATCH'] } : meta);
  }
  kit.health.setCounter('pairs.skipped', skipped);
  kit.health.marketsExpected = metas.length;
  kit.emit({ type: 'metadata', venue: 'avantis', markets: metas, asOf: state.snapshotAt, source: 'LIVE' });
  const feeds = feedIds(ctx).join(',');
  const sse = ctx.sse;
  if (feeds === ctx.feedSet || !sse) return;
  ctx.feedSet = feeds;
  if (feeds && sse.state === 'idle') sse.start();
  else if (sse.state !== 'idle') sse.restart('feed set changed');
}
