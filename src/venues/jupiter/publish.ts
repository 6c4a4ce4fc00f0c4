/**
 * Publishing Jupiter markets from the decoded accounts (docs/venues/jupiter.md §5, §6, §7): metadata, and per market
 * its borrow-fee funding, oracle-priced stats and synthetic fee-ladder book. Accounts are applied here too: a decode
 * failure is typed and counted and the previous record stays.
 */
import { VenueError } from '../../core/errors.js';
import { ensureSubscriptions, stamp, type JupCtx } from './context.js';
import { ORACLE_MAX_AGE_MS } from './constants.js';
import { oraclePrice } from './decode.js';
import { jupFunding, marketBook, marketMeta, marketStats, staleOracle, type JupMarket } from './normalize.js';
import type { AccountsAnswer } from './rpc.js';

/** Emit stats, funding and the synthetic book of one market from the decoded state. */
function emitMarket(ctx: JupCtx, m: JupMarket): void {
  const { state, kit, timings } = ctx;
  const c = state.custodies.get(m.custody)?.value;
  if (!c) return;
  const shortC = state.shortCustodyKey ? (state.custodies.get(state.shortCustodyKey)?.value ?? null) : null;
  const o = state.oracles.get(c.dovesAgOracle);
  const now = kit.io.now();
  const ts = o ? Math.min(now, Number(o.value.timestamp) * 1000) : now;
  kit.emit({ type: 'funding', venue: 'jupiter', funding: jupFunding(m.id, c, shortC, stamp(ts, timings.FUNDING.slaMs)) });
  if (!o) return void kit.health.count('oracle.missing');
  const mark = oraclePrice(o.value);
  if (!(mark > 0))
    throw new VenueError('jupiter', 'INVALID_NUMBER', `${m.id}: Doves AG price ${o.value.price}e${o.value.expo} is not positive`);
  ctx.marks.set(m.id, mark);
  kit.emit({
    type: 'stats',
    venue: 'jupiter',
    market: m.id,
    asOf: ts,
    source: 'LIVE',
    stats: marketStats(c, mark, ctx.volumes.get(m.id) ?? null),
  });
  const usdcOracle = shortC ? state.oracles.get(shortC.dovesAgOracle)?.value : undefined;
  const usdc = usdcOracle ? oraclePrice(usdcOracle) : 1;
  kit.emit({
    type: 'book',
    venue: 'jupiter',
    book: marketBook(m.id, c, shortC, mark, usdc, stamp(ts, timings.DEPTH.slaMs), String(o.slot)),
  });
  const age = now - ts;
  if (age > ORACLE_MAX_AGE_MS) {
    if (!ctx.staleMarks.has(m.id)) kit.fail(`oracle ${m.id}`, staleOracle(m.id, age, o.value.maxAgPriceAgeSec));
    ctx.staleMarks.add(m.id);
  } else ctx.staleMarks.delete(m.id);
}

/** MARK freshness is the oldest served oracle publish time (not when we read it). */
function markFreshness(ctx: JupCtx): void {
  let oldest = Infinity;
  for (const m of ctx.state.markets) {
    const c = ctx.state.custodies.get(m.custody)?.value;
    const o = c ? ctx.state.oracles.get(c.dovesAgOracle) : undefined;
    if (o) oldest = Math.min(oldest, Number(o.value.timestamp) * 1000);
  }
  if (Number.isFinite(oldest)) ctx.kit.health.lastSuccess.set('MARK', Math.min(oldest, ctx.kit.io.now()));
}

export function emitAll(ctx: JupCtx, markets: readonly JupMarket[]): void {
  for (const m of markets) {
    try {
      emitMarket(ctx, m);
    } catch (err) {
      ctx.kit.fail(`state ${m.id}`, err);
    }
  }
  markFreshness(ctx);
}

export function emitMetadata(ctx: JupCtx): void {
  const { state, kit } = ctx;
  const metas = state.markets.flatMap((m) => {
    const c = state.custodies.get(m.custody)?.value;
    return c ? [marketMeta(m, c, state.stables)] : [];
  });
  kit.health.marketsExpected = state.markets.length;
  kit.emit({ type: 'metadata', venue: 'jupiter', markets: metas, asOf: kit.io.now(), source: 'LIVE' });
  const skipped = [...state.skipped.values()];
  kit.health.setSource({
    name: 'discovery',
    status: skipped.length ? 'FRAGILE' : 'AVAILABLE',
    reason: skipped.length ? skipped.join('; ') : `pool ${state.poolKey}: ${state.custodyKeys().length} custodies`,
    lastSuccessAt: kit.io.now(),
  });
}

/** Apply one account; returns the markets it affects. */
export function applyOne(ctx: JupCtx, key: string, slot: number, data: Buffer, owner: string | null): JupMarket[] {
  try {
    const role = ctx.state.apply(key, slot, data, owner);
    if (role === null) return [];
    if (role !== 'oracle') ensureSubscriptions(ctx); // a custody may name a new oracle, the pool a new custody
    return ctx.state.affected(key);
  } catch (err) {
    ctx.kit.health.count('decode.errors');
    ctx.kit.fail(`decode ${key}`, err);
    return [];
  }
}

export function applyAnswer(ctx: JupCtx, ans: AccountsAnswer): void {
  for (const [key, v] of ans.accounts) {
    if (v === null) {
      ctx.kit.health.count(`account.missing.${ctx.state.roleOf(key) ?? 'unknown'}`);
      continue;
    }
    applyOne(ctx, key, ans.slot, Buffer.from(v.data[0], 'base64'), v.owner);
  }
}
