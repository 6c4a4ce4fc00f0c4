/**
 * Open interest for every listed symbol within the request budget (docs/venues/aster.md §2.6, §4.4). The endpoint is
 * per symbol only, so a rotation spends the budget left after metadata, the server clock, depth snapshots and (while
 * the stream is down) the REST fallbacks: OI_SHARE of it, the rest staying spare for the history backfill and
 * on-demand reads. Hot symbols (the depth set: top by 24 h volume plus every watched one) are due HOT_FACTOR times as
 * often as the others; each symbol's value keeps the time it was read, so an old value is labelled by its own age.
 */
import { num } from '../../core/numbers.js';
import { PATHS } from './constants.js';
import type { AsterCtx } from './context.js';
import { streamUp } from './context.js';
import { OpenInterest } from './wire.js';

/** Share of the budget left after the other jobs that the rotation spends (the rest: backfill, on-demand reads). */
export const OI_SHARE = 0.6;
/** A hot symbol is due this many times as often as any other. */
export const HOT_FACTOR = 4;
/** Requests per metadata cycle: exchangeInfo, fundingInfo, ticker/24hr, the server clock (+ 2 signed reads). */
const METADATA_REQUESTS = 4;

export interface OiPlan {
  /** OI requests per budget window. */
  perWindow: number;
  /** Target refresh interval of a hot symbol and of any other, ms: coldMs is the period for every symbol. */
  hotMs: number;
  coldMs: number;
}

export interface PlanInput {
  budget: number;
  windowMs: number;
  /** Requests per window the other jobs need. */
  reserved: number;
  hot: number;
  cold: number;
  /** Never refresh a symbol more often than this (a small listing would otherwise spend the whole share). */
  floorMs: number;
}

/**
 * The rotation's rate and periods: R = ⌊(budget − ⌈reserved⌉) × OI_SHARE⌋ per window; with H hot and C other symbols
 * and k = HOT_FACTOR, hot every (H + C/k)/R windows and the others k times that, which spends exactly R.
 */
export function oiPlan(p: PlanInput): OiPlan {
  const perWindow = Math.max(1, Math.floor((p.budget - Math.ceil(p.reserved)) * OI_SHARE));
  const hotMs = Math.max(p.floorMs, ((p.hot + p.cold / HOT_FACTOR) / perWindow) * p.windowMs);
  return { perWindow, hotMs, coldMs: hotMs * HOT_FACTOR };
}

/** Requests per window the other jobs need: metadata, depth-set snapshots per metadata cycle, REST fallbacks. */
export function reservedPerWindow(ctx: AsterCtx, windowMs: number): number {
  const { METADATA, FUNDING, DEPTH } = ctx.timings;
  const perCycle = METADATA_REQUESTS + (ctx.client.signed ? 2 : 0) + ctx.depthSymbols.length;
  let r = (perCycle * windowMs) / METADATA.cadenceMs;
  if (!streamUp(ctx)) {
    const n = ctx.depthSymbols.length;
    const depthPerRun = Math.min(n, Math.ceil((n * DEPTH.cadenceMs) / (DEPTH.slaMs * 0.8)));
    r += windowMs / FUNDING.cadenceMs + (depthPerRun * windowMs) / DEPTH.cadenceMs;
  }
  return r;
}

export function currentPlan(ctx: AsterCtx): OiPlan {
  const windowMs = ctx.kit.limiter.windowMs;
  const hot = ctx.depthSymbols.filter((s) => ctx.symToId.has(s)).length;
  return oiPlan({
    budget: ctx.kit.limiter.budgetPerMinute,
    windowMs,
    reserved: reservedPerWindow(ctx, windowMs),
    hot,
    cold: Math.max(0, ctx.symToId.size - hot),
    floorMs: Math.max(ctx.timings.FUNDING.cadenceMs, windowMs / 6),
  });
}

/**
 * The most overdue symbol: never tried first (hot, then by 24 h volume), else the largest (now − last try) / target;
 * null when none is due yet.
 */
export function pickDue(ctx: AsterCtx, plan: OiPlan, now: number, skip: ReadonlySet<string>): string | null {
  const hot = new Set(ctx.depthSymbols);
  let best: string | null = null;
  let bestScore = 1;
  let bestTie = -Infinity;
  for (const sym of ctx.symToId.keys()) {
    if (skip.has(sym)) continue;
    const tried = ctx.oiTried.get(sym);
    const score = tried === undefined ? Infinity : (now - tried) / (hot.has(sym) ? plan.hotMs : plan.coldMs);
    const tie = (hot.has(sym) ? 1e18 : 0) + (ctx.volumes.get(sym) ?? 0);
    if (score > bestScore || (score === bestScore && score === Infinity && tie > bestTie)) {
      best = sym;
      bestScore = score;
      bestTie = tie;
    }
  }
  return best;
}

async function readOi(ctx: AsterCtx, sym: string, signal: AbortSignal): Promise<void> {
  ctx.oiTried.set(sym, ctx.kit.io.now());
  const r = await ctx.kit.secondary('open-interest (undocumented)', () =>
    ctx.client.get(PATHS.openInterest, OpenInterest, { symbol: sym }, { signal }),
  );
  // A failed read keeps the last value, which carries the time it was read (its age shows how old it is).
  if (r) ctx.oi.set(sym, { base: num(r.openInterest, 'openInterest'), at: r.time !== undefined ? num(r.time, 'time') : ctx.kit.io.now() });
}

/** One tick of the rotation (the job runs every window / 30): spend the accrued share on the most overdue symbols. */
export async function openInterestRotation(ctx: AsterCtx, signal: AbortSignal): Promise<void> {
  const now = ctx.kit.io.now();
  const plan = currentPlan(ctx);
  const { health, limiter } = ctx.kit;
  health.setCounter('openInterest.perWindow', plan.perWindow);
  health.setCounter('openInterest.periodMs', Math.round(plan.coldMs));
  health.setCounter('openInterest.hotPeriodMs', Math.round(plan.hotMs));
  const elapsed = ctx.oiTickAt === null ? limiter.windowMs / 30 : now - ctx.oiTickAt;
  ctx.oiTickAt = now;
  ctx.oiTokens = Math.min(Math.max(1, plan.perWindow / 10), ctx.oiTokens + (plan.perWindow * elapsed) / limiter.windowMs);
  if (limiter.status().throttled) return; // paused or budget spent: queue nothing
  const batch = new Set<string>();
  while (ctx.oiTokens >= 1) {
    const sym = pickDue(ctx, plan, now, batch);
    if (!sym) break;
    batch.add(sym);
    ctx.oiTokens -= 1;
  }
  await Promise.all([...batch].map((s) => readOi(ctx, s, signal)));
  let fresh = 0;
  for (const s of ctx.symToId.keys()) if ((ctx.oi.get(s)?.at ?? -Infinity) > now - plan.coldMs) fresh++;
  health.setCounter('openInterest.freshSymbols', fresh);
}
