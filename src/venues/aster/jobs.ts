/**
 * Aster jobs, each a top-level function of (ctx, signal) run by the template's scheduler (docs/venues/aster.md):
 * metadata every 10 min (exchangeInfo, fundingInfo, 24 h tickers, signed brackets/fees when keyed); the REST
 * fallbacks (premiumIndex bulk, depth?limit=5 round-robin) only while the stream is down;
 * the server clock; the 90-day funding-history backfill; and the on-demand history read.
 */
import { isAbortError } from '../../core/errors.js';
import { num } from '../../core/numbers.js';
import type { FundingPoint } from '../../core/types.js';
import { PATHS } from './constants.js';
import type { AsterCtx } from './context.js';
import { stamp } from './context.js';
import { fundingHistoryPages } from './history.js';
import {
  defaultInterval,
  intervalFromSpacing,
  levels,
  normalizeBrackets,
  normalizeHistory,
  normalizeIntervals,
  normalizeMarkets,
  orderBook,
} from './normalize.js';
import { chooseDepthSymbols, onMark, setDepthSymbols } from './stream.js';
import {
  CommissionRate,
  Depth,
  ExchangeInfo,
  FundingInfo,
  FundingRateHistory,
  LeverageBracket,
  PremiumIndex,
  ServerTime,
  Ticker24h,
} from './wire.js';

/** The signed (USER_DATA) endpoints, each its own health source (docs/venues/aster.md §2.9, §2.10). */
const SIGNED_SOURCES = ['signed-leverageBracket', 'signed-commissionRate'] as const;

/**
 * Signed account reads (V3 API wallet or V1 HMAC, sign.ts): leverage brackets and the commission rate. Each is a secondary source of its
 * own: one failing keeps the other's value and its last good value, with its own error in health.
 */
async function accountData(ctx: AsterCtx, signal: AbortSignal): Promise<void> {
  const { client, kit } = ctx;
  if (!client.signed) {
    for (const name of SIGNED_SOURCES)
      kit.health.setSource({
        name,
        status: 'DISABLED',
        reason:
          'no keys (V3 ASTER_API_USER/ASTER_API_SIGNER/ASTER_API_SIGNER_KEY or V1 ASTER_API_KEY/ASTER_SECRET_KEY): fees from the default schedule, leverage tiers missing',
        lastSuccessAt: null,
      });
    return;
  }
  await Promise.all([
    kit.secondary('signed-leverageBracket', async () => {
      ctx.account.brackets = normalizeBrackets(await client.signedGet(PATHS.leverageBracket, LeverageBracket, {}, { signal }));
    }),
    kit.secondary('signed-commissionRate', async () => {
      const c = await client.signedGet(PATHS.commissionRate, CommissionRate, { symbol: 'BTCUSDT' }, { signal });
      ctx.account.fees = {
        maker: num(c.makerCommissionRate, 'makerCommissionRate'),
        taker: num(c.takerCommissionRate, 'takerCommissionRate'),
        scheme: client.scheme ?? 'v1',
      };
    }),
  ]);
}

export async function metadata(ctx: AsterCtx, signal: AbortSignal): Promise<void> {
  const { client, kit } = ctx;
  const [info, fInfo, tickers] = await Promise.all([
    client.get(PATHS.exchangeInfo, ExchangeInfo, {}, { signal }),
    client.get(PATHS.fundingInfo, FundingInfo, {}, { signal }).catch((err: unknown) => {
      if (isAbortError(err)) throw err;
      kit.fail('fundingInfo', err);
      return null;
    }),
    client.get(PATHS.ticker24hr, Ticker24h, {}, { signal }),
  ]);
  await accountData(ctx, signal);
  kit.throwIfDisposed();
  if (fInfo) for (const [s, i] of normalizeIntervals(fInfo)) ctx.intervals.set(s, i);
  let dropped = 0;
  const markets = normalizeMarkets(info, ctx.account, () => dropped++);
  kit.health.setCounter('markets.duplicateIdDropped', dropped);
  ctx.symToId.clear();
  ctx.idToSym.clear();
  for (const m of markets.values()) {
    ctx.symToId.set(m.venueSymbol, m.id);
    ctx.idToSym.set(m.id, m.venueSymbol);
  }
  for (const t of tickers) ctx.volumes.set(t.symbol, num(t.quoteVolume, 'quoteVolume'));
  kit.emit({ type: 'metadata', venue: 'aster', markets: [...markets.values()], asOf: kit.io.now(), source: 'LIVE' });
  setDepthSymbols(ctx, chooseDepthSymbols(ctx));
  ctx.stream?.start();
}

/** premiumIndex for every symbol (REST fallback while the stream is down). */
export async function fundingRest(ctx: AsterCtx, signal: AbortSignal): Promise<void> {
  const rows = await ctx.client.get(PATHS.premiumIndex, PremiumIndex, {}, { signal });
  ctx.kit.health.setTransport('REST');
  for (const r of rows)
    onMark(ctx, {
      symbol: r.symbol,
      mark: r.markPrice,
      index: r.indexPrice,
      rate: r.lastFundingRate,
      next: r.nextFundingTime,
      time: num(r.time, 'time'),
    });
}

/** depth?limit=5 round-robin over the depth set (REST fallback while the stream is down). */
export async function depthRest(ctx: AsterCtx, signal: AbortSignal): Promise<void> {
  const syms = ctx.depthSymbols;
  if (syms.length === 0) return;
  const { DEPTH } = ctx.timings;
  // Round-robin so every symbol refreshes within ~80 % of the depth SLA while staying inside the budget.
  const per = Math.min(syms.length, Math.ceil((syms.length * DEPTH.cadenceMs) / (DEPTH.slaMs * 0.8)));
  ctx.kit.health.setTransport('REST');
  for (let k = 0; k < per; k++) {
    const sym = syms[ctx.rrDepth++ % syms.length]!;
    const d = await ctx.client.get(PATHS.depth, Depth, { symbol: sym, limit: 5 }, { signal });
    const id = ctx.symToId.get(sym);
    if (!id) continue;
    const at = d.E !== undefined ? num(d.E, 'E') : ctx.kit.io.now();
    const book = orderBook(id, levels(d.bids, 5, sym), levels(d.asks, 5, sym), String(d.lastUpdateId), stamp(ctx, 'DEPTH', at));
    ctx.kit.emit({ type: 'book', venue: 'aster', book });
  }
}

/** Server clock skew (health counter). */
export async function serverTime(ctx: AsterCtx, signal: AbortSignal): Promise<void> {
  const now = ctx.kit.io.now;
  const t0 = now();
  const r = await ctx.client.get(PATHS.time, ServerTime, {}, { signal });
  ctx.kit.health.setCounter('clockSkewMs', Math.round(num(r.serverTime, 'serverTime') - (t0 + now()) / 2));
}

/** 90-day funding-history backfill into the history store, from spare budget. */
export async function historyBackfill(ctx: AsterCtx, signal: AbortSignal): Promise<void> {
  const h = ctx.kit.history;
  if (!h) return;
  await fundingHistoryPages({
    client: ctx.client,
    history: h,
    markets: [...ctx.symToId.entries()],
    intervals: ctx.intervals,
    now: ctx.kit.io.now(),
    signal,
    limiter: ctx.kit.limiter,
    logger: ctx.kit.io.logger,
    onInterval: (s, hours) => !ctx.intervals.has(s) && ctx.intervals.set(s, { hours, source: 'HISTORY_SPACING', cap: null, floor: null }),
  });
}

/** Venue funding history for one market (≤ 20 pages of 1000). */
export async function fundingHistory(ctx: AsterCtx, id: string, from: number, to: number): Promise<FundingPoint[] | null> {
  const sym = ctx.idToSym.get(id);
  if (!sym) return null;
  const out: FundingPoint[] = [];
  let start = from;
  for (let page = 0; page < 20 && start <= to; page++) {
    const rows = await ctx.client.get(PATHS.fundingRate, FundingRateHistory, { symbol: sym, startTime: start, endTime: to, limit: 1000 });
    if (rows.length === 0) break;
    const times = rows.map((r) => num(r.fundingTime, 'fundingTime'));
    const inferred = intervalFromSpacing(times);
    const i =
      ctx.intervals.get(sym) ??
      (inferred ? { hours: inferred, source: 'HISTORY_SPACING' as const, cap: null, floor: null } : defaultInterval());
    out.push(...normalizeHistory(rows, i));
    if (rows.length < 1000) break;
    start = times[times.length - 1]! + 1;
  }
  return out;
}
