/**
 * Jupiter jobs, each a top-level function of (ctx, signal) (docs/venues/jupiter.md §3, §4, §9, §11): the accounts
 * snapshot (getMultipleAccounts of pool, custodies and oracles, with discovery of new ones) at start, on reconnect,
 * while the socket is down and every JUPITER_RECONCILE_MS; and the optional HTTP sources, which fail soft:
 * perps-api (`pool-info` borrow cross-check, 24 h volume from `market-stats`) and the Price API sanity band.
 */
import { VenueError } from '../../core/errors.js';
import { borrowCrossCheck, priceBand, type BorrowRow } from './checks.js';
import { ensureSubscriptions, streamFresh, transport, type JupCtx } from './context.js';
import { applyAnswer, emitAll, emitMetadata } from './publish.js';

/** Whether the snapshot job runs this tick. */
export function accountsDue(ctx: JupCtx): boolean {
  transport(ctx);
  const { state, config } = ctx;
  return (
    ctx.forceSnapshot ||
    state.markets.length === 0 ||
    !streamFresh(ctx) ||
    ctx.kit.io.now() - ctx.lastSnapshotAt >= config.JUPITER_RECONCILE_MS
  );
}

export async function accounts(ctx: JupCtx, signal: AbortSignal): Promise<void> {
  const { state, rpc } = ctx;
  const polling = !streamFresh(ctx);
  ctx.forceSnapshot = false;
  let keys = state.keys();
  applyAnswer(ctx, await rpc.getMultipleAccounts(keys, signal));
  // Discovery: the pool may list new custodies, a custody may name a new oracle: read those too (twice at most).
  for (let i = 0; i < 2; i++) {
    const more = state.keys().filter((k) => !keys.includes(k));
    if (more.length === 0) break;
    keys = [...keys, ...more];
    applyAnswer(ctx, await rpc.getMultipleAccounts(more, signal));
  }
  ctx.lastSnapshotAt = ctx.kit.io.now();
  if (polling && ctx.lastNotificationAt + ctx.openedAt > 0) ctx.kit.health.count('poll.fallback');
  state.rebuild();
  if (state.markets.length === 0) {
    const why = [...state.skipped.values()].join('; ') || 'no custody account readable';
    throw new VenueError('jupiter', 'UNAVAILABLE', `no tradable custody decoded (${why})`);
  }
  emitMetadata(ctx);
  emitAll(ctx, state.markets);
  ensureSubscriptions(ctx);
  transport(ctx);
}

/** perps-api: pool-info first (the cross-check), then market-stats (volume): at most 1 request per second on this lane. */
export async function perpsApi(ctx: JupCtx, signal: AbortSignal): Promise<void> {
  const { state, api, kit } = ctx;
  if (!ctx.config.JUPITER_PERPS_API_ENABLED || state.markets.length === 0) return;
  const notes = await kit.secondary('perps-api', async () => {
    const short = state.shortCustodyKey ? (state.custodies.get(state.shortCustodyKey)?.value ?? null) : null;
    const rows: BorrowRow[] = [];
    for (const m of state.markets) {
      const info = await api.poolInfo(m.mint, signal);
      const long = state.custodies.get(m.custody)?.value;
      if (long) rows.push({ id: m.id, long, short, info });
    }
    const check = borrowCrossCheck(rows);
    kit.health.setCounter('crosscheck.borrowDiffPctPerHourE6', Math.round(check.worstPct * 1e6));
    for (const m of state.markets) ctx.volumes.set(m.id, await api.volume24h(m.mint, signal));
    return check.notes;
  });
  if (notes === null) return ctx.volumes.clear();
  if (notes.length) kit.health.count('crosscheck.mismatch', notes.length);
  kit.sourceOk(
    'perps-api',
    notes.length
      ? `borrow rate differs from pool-info beyond its 4-dp rounding (the on-chain value is served): ${notes.join('; ')}`
      : 'pool-info agrees with the on-chain borrow rates (within its 4-dp rounding)',
  );
  emitAll(ctx, state.markets); // volume into stats
}

/** Price API v3: a spot sanity band around the oracle (the oracle is served). */
export async function priceApi(ctx: JupCtx, signal: AbortSignal): Promise<void> {
  const { state, api, kit, config } = ctx;
  if (!config.JUPITER_PRICE_CHECK_ENABLED || state.markets.length === 0) return;
  const spot = await kit.secondary('price-api', () =>
    api.prices(
      state.markets.map((m) => m.mint),
      signal,
    ),
  );
  if (!spot) return;
  const rows = state.markets.flatMap((m) => {
    const sp = spot.get(m.mint);
    const mark = ctx.marks.get(m.id);
    return sp !== undefined && mark ? [{ id: m.id, mark, spot: sp }] : [];
  });
  const bps = config.JUPITER_PRICE_DIVERGENCE_BPS;
  const { worstBps, notes } = priceBand(rows, bps);
  kit.health.setCounter('price.divergenceBps', Math.round(worstBps));
  if (notes.length) kit.health.count('price.divergence', notes.length);
  kit.sourceOk(
    'price-api',
    notes.length
      ? `spot diverges by more than ${bps} bps (sanity band only; the oracle is served): ${notes.join('; ')}`
      : `within ${bps} bps`,
  );
}
