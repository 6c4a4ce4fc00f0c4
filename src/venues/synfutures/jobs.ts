/**
 * SynFutures jobs, each a top-level function of (ctx, signal) (docs/venues/synfutures.md §13): discovery every
 * metadata tick (and on demand for an unknown id) from Gate + Observer; mark, index, OI and native two-sided funding
 * every funding tick; a book from Observer.liquidityDetails for every instrument (hot set every tick, the rest on a
 * rotation inside the depth share of the RPC budget, and on demand); 24 h volume and
 * a 90-day funding-history backfill from the subgraph when it answers. Records carry the block time as `asOf`.
 */
import { VenueError } from '../../core/errors.js';
import type { FundingPoint, MarketMeta, OrderBook } from '../../core/types.js';
import { DEPTH_LEVELS, DEPTH_PER_CALL, DEPTH_TICK_DELTA, ORDER_SPACING } from './constants.js';
import { stamp, type SynCtx } from './context.js';
import { ammBook, DEPTH_INQUIRE_TOLERANCE_BPS, inquireDeviationBps } from './depth.js';
import {
  assignIds,
  describeInstrument,
  marketMeta,
  marketStats,
  quoteUsdOf,
  servedPerp,
  usdMarksOf,
  type Assembled,
  type InstrumentInfo,
} from './normalize.js';
import type { Quotation, SubResult } from './client.js';
import { synFunding } from './rates.js';
import { depthAllowance, rotationPeriodMs } from './rotation.js';
import { ammId, backfill, historyPoints, hourlyRange } from './subgraph.js';
import { wadToNumber } from './wad.js';

const usdMarks = (ctx: SynCtx) => usdMarksOf([...ctx.infos.entries()].map(([a, info]) => ({ info, mark: ctx.marks.get(a) ?? 0 })));

/** Emit stats + funding for one served instrument from its decoded state. */
function emitState(ctx: SynCtx, info: InstrumentInfo, d: Assembled, asOf: number, quotes: ReturnType<typeof usdMarks>): void {
  const served = servedPerp(d);
  if (!served) return;
  const q = quoteUsdOf(info, quotes);
  const vol = ctx.volumes.get(info.address.toLowerCase());
  const volumeUsd = vol !== undefined && q ? wadToNumber(vol, 'volume24h') * q.usd : null;
  const stats = {
    ...marketStats(info, d, served.amm, served.mark, q?.usd ?? null, volumeUsd, q ? { source: q.source, asOf } : undefined),
    oracle: ctx.oracle.get(info.id) ?? null,
  };
  ctx.oiUsd.set(info.id, stats.openInterest.usd ?? 0);
  ctx.kit.emit({ type: 'stats', venue: 'synfutures', market: info.id, asOf, source: 'LIVE', stats });
  const inputs = {
    sqrtPX96: served.amm.sqrtPX96,
    mark: served.mark,
    totalLong: served.amm.totalLong,
    totalShort: served.amm.totalShort,
    fundingHour: info.fundingHour,
    fundingHourSource: info.fundingHourSource,
    imrBps: d.initialMarginRatio,
  };
  ctx.kit.emit({ type: 'funding', venue: 'synfutures', funding: synFunding(info.id, inputs, stamp(ctx, 'FUNDING', asOf)) });
}

function emitStates(ctx: SynCtx, rows: Iterable<[InstrumentInfo, Assembled]>, asOf: number): void {
  const quotes = usdMarks(ctx);
  for (const [info, d] of rows) {
    try {
      emitState(ctx, info, d, asOf, quotes);
    } catch (err) {
      ctx.kit.fail(`state ${info.id}`, err);
    }
  }
  ctx.lastStateAt = ctx.kit.io.now();
  ctx.kit.health.setTransport('RPC');
}

async function preflight(ctx: SynCtx, signal: AbortSignal): Promise<void> {
  if (ctx.preflighted) return;
  const p = await ctx.chain.preflight(signal);
  ctx.preflighted = true;
  const status = p.note ? 'FRAGILE' : 'AVAILABLE';
  ctx.kit.health.setSource({ name: 'observer', status, reason: p.note ?? `Observer ${p.observer}`, lastSuccessAt: ctx.kit.io.now() });
  if (p.note) ctx.kit.io.logger.warn('observer fallback', { venue: 'synfutures', note: p.note });
}

/** Rebuild the served set: fresh descriptions plus carried ones (a read failed this cycle: not delisted by a glitch). */
function serve(ctx: SynCtx, found: Array<{ info: InstrumentInfo; d: Assembled }>, carried: InstrumentInfo[]): MarketMeta[] {
  const ids = assignIds(
    [...found.map((f) => f.info), ...carried].map((i) => ({
      address: i.address,
      base: i.base,
      quote: i.quote,
      marketType: i.marketType,
      order: i.order,
    })),
  );
  const prevMeta = new Map(carried.map((i) => [i.address.toLowerCase(), ctx.metas.get(i.id)]));
  ctx.infos.clear();
  ctx.byId.clear();
  const keptMetas: MarketMeta[] = [];
  for (const info of carried) {
    const meta = prevMeta.get(info.address.toLowerCase());
    if (!meta || ids.get(info.address.toLowerCase())?.id !== info.id) continue;
    keptMetas.push(meta);
    ctx.infos.set(info.address.toLowerCase(), info);
    ctx.byId.set(info.id, info);
  }
  for (const { info, d } of found) {
    Object.assign(info, ids.get(info.address.toLowerCase())!);
    ctx.infos.set(info.address.toLowerCase(), info);
    ctx.byId.set(info.id, info);
    ctx.marks.set(info.address.toLowerCase(), wadToNumber(servedPerp(d)!.mark, 'markPrice'));
  }
  const quotes = usdMarks(ctx);
  return [...found.map(({ info, d }) => marketMeta(info, d, servedPerp(d)!.amm, quoteUsdOf(info, quotes))), ...keptMetas];
}

export async function discovery(ctx: SynCtx, signal: AbortSignal): Promise<void> {
  await preflight(ctx, signal);
  const addrs = await ctx.chain.instruments(signal);
  const { items, at } = await ctx.chain.discover(addrs, signal);
  const found: Array<{ info: InstrumentInfo; d: Assembled }> = [];
  const carried: InstrumentInfo[] = [];
  const count = (name: string) => ctx.kit.health.count(name);
  addrs.forEach((a, i) => {
    const x = items.get(a.toLowerCase());
    const r = x ? describeInstrument(a, i, x, count) : null;
    if (r) found.push(r);
    else if (x && !x.data.ok && ctx.infos.has(a.toLowerCase())) carried.push(ctx.infos.get(a.toLowerCase())!);
  });
  if (found.length === 0 && carried.length === 0 && addrs.length > 0) {
    const first = [...items.values()].find((x) => !x.data.ok)?.data;
    if (first && !first.ok) throw first.error;
  }
  const metas = serve(ctx, found, carried);
  ctx.kit.health.setCounter('instruments.listed', addrs.length);
  ctx.kit.health.marketsExpected = ctx.byId.size;
  const asOf = at?.timestampMs ?? ctx.kit.io.now();
  ctx.kit.emit({ type: 'metadata', venue: 'synfutures', markets: metas, asOf, source: 'LIVE' });
  for (const m of metas) ctx.metas.set(m.id, m);
  emitStates(
    ctx,
    found.map(({ info, d }) => [info, d]),
    asOf,
  );
}

/** Mark, index, OI and funding of every served instrument; a market that stopped trading triggers discovery. */
export async function state(ctx: SynCtx, signal: AbortSignal, rediscover: () => void): Promise<void> {
  const { kit, config } = ctx;
  if (ctx.infos.size === 0 || kit.io.now() - ctx.lastStateAt < ctx.timings.FUNDING.cadenceMs / 2) return;
  const r = await ctx.chain.states(
    [...ctx.infos.values()].map((i) => i.address),
    signal,
  );
  if (r.data.size === 0 && r.errors[0]) throw r.errors[0];
  for (const e of r.errors) kit.health.count(`state.${e.code}`);
  const lag = kit.io.now() - r.head.timestampMs;
  kit.health.setCounter('blockNumber', r.head.number);
  kit.health.setCounter('blockLagMs', lag);
  const rows: Array<[InstrumentInfo, Assembled]> = [];
  for (const [a, d] of r.data) {
    const s = servedPerp(d);
    if (s) ctx.marks.set(a, wadToNumber(s.mark, 'markPrice'));
    const info = ctx.infos.get(a);
    if (info) rows.push([info, d]);
  }
  emitStates(ctx, rows, r.at?.timestampMs ?? r.head.timestampMs);
  if (rows.some(([, d]) => !servedPerp(d))) rediscover();
  if (lag > config.SYNFUTURES_MAX_BLOCK_LAG_MS) {
    const msg = `head block ${r.head.number} is ${Math.round(lag / 1000)} s old (limit ${config.SYNFUTURES_MAX_BLOCK_LAG_MS / 1000} s): the RPC node is lagging`;
    kit.fail('block-lag', new VenueError('synfutures', 'STALE', msg));
  }
}

/** The hot set, read every depth tick: every watched market, then the largest by open interest. */
function hotSet(ctx: SynCtx): string[] {
  const top = [...ctx.byId.values()]
    .map((i) => ({ id: i.id, oi: ctx.oiUsd.get(i.id) ?? 0 }))
    .sort((a, b) => b.oi - a.oi)
    .slice(0, ctx.config.SYNFUTURES_DEPTH_MARKETS)
    .map((x) => x.id);
  const watched = [...ctx.kit.watched.keys()].filter((id) => ctx.byId.has(id));
  return [...new Set([...watched, ...top])];
}

/**
 * Books for every instrument (docs/venues/synfutures.md §13.1): the hot set every tick plus the next instruments of the
 * rotation, inside the depth share of the RPC budget (rotation.ts). A tick with the share spent reads nothing.
 */
export async function depth(ctx: SynCtx, signal: AbortSignal): Promise<void> {
  const { kit } = ctx;
  const all = [...ctx.byId.keys()].sort();
  if (all.length === 0) return;
  const a = depthAllowance(kit.limiter.budgetPerMinute, ctx.timings.DEPTH.cadenceMs);
  const hot = hotSet(ctx);
  const periodMs = rotationPeriodMs(all.length, {
    budgetPerMinute: kit.limiter.budgetPerMinute,
    cadenceMs: ctx.timings.DEPTH.cadenceMs,
    hot: hot.length,
  });
  kit.health.setCounter('depth.rotationPeriodMs', periodMs);
  kit.health.setCounter('depth.instruments', all.length);
  const allowed = ctx.rotation.allowedNow(a);
  if (allowed === 0) return void kit.health.count('depth.budgetWait');
  const slots = allowed * DEPTH_PER_CALL;
  const ids = ctx.rotation.pick(all, hot, slots, Math.min(a.hotSlots, Math.floor(slots / 2)));
  const hotIds = new Set(hot);
  const slaOf = (id: string) => (hotIds.has(id) ? ctx.timings.DEPTH.slaMs : Math.max(ctx.timings.DEPTH.slaMs, 2 * periodMs));
  await readBooks(ctx, ids, slaOf, signal);
}

/** On demand: a newly watched market's book now, not at its turn in the rotation (the limiter still caps it). */
export async function depthOnDemand(ctx: SynCtx, signal: AbortSignal): Promise<void> {
  const ids = [...ctx.demanded].filter((id) => ctx.byId.has(id)).slice(0, DEPTH_PER_CALL);
  for (const id of ids) ctx.demanded.delete(id);
  for (const id of ctx.demanded) if (!ctx.byId.has(id)) ctx.demanded.delete(id);
  if (ids.length === 0) return;
  ctx.kit.health.count('depth.onDemand');
  await readBooks(ctx, ids, () => ctx.timings.DEPTH.slaMs, signal);
}

/** Read and emit the books of `ids` (≤ DEPTH_PER_CALL per request), each stamped with its block time and its own SLA. */
async function readBooks(ctx: SynCtx, ids: readonly string[], slaOf: (id: string) => number, signal: AbortSignal): Promise<void> {
  const targets = ids.map((id) => ctx.byId.get(id)).filter((x): x is InstrumentInfo => !!x);
  if (targets.length === 0) return;
  const quotes = usdMarks(ctx);
  const probes = targets.map((info) => {
    // Probe size for the inquire cross-check: half the first two visible ask levels of the previous book.
    const prev = ctx.books.get(info.id);
    const size = prev ? prev.asks.slice(0, 2).reduce((a, l) => a + l.size, 0) / 2 : 0;
    return { info, probe: size > 0 ? BigInt(Math.floor(size * 1e9)) * 10n ** 9n : null };
  });
  ctx.rotation.spent(Math.ceil(targets.length / DEPTH_PER_CALL));
  const res = await ctx.chain.depth(
    probes.map((p) => ({ address: p.info.address, probe: p.probe })),
    signal,
  );
  let maxDev = 0;
  for (const { info, probe } of probes) {
    const r = res.get(info.address.toLowerCase());
    const q = quoteUsdOf(info, quotes);
    if (!r) continue;
    if (!q) {
      ctx.kit.health.count('depth.noQuoteUsd'); // a non-stable quote without a USD market on this venue: no USD sizes, no book
      continue;
    }
    if (!r.details.ok) {
      ctx.kit.fail(`depth ${info.id}`, r.details.error);
      continue;
    }
    const opts = { levels: DEPTH_LEVELS, spacing: ORDER_SPACING, tickDelta: DEPTH_TICK_DELTA, quoteUsd: q.usd };
    const asOf = r.details.value.blockInfo.timestamp * 1000;
    const book = ammBook(info.id, r.details.value, { ...opts, stamp: { asOf, slaMs: slaOf(info.id), source: 'LIVE' } });
    ctx.books.set(info.id, book);
    ctx.kit.emit({ type: 'book', venue: 'synfutures', book });
    maxDev = Math.max(maxDev, probeDeviation(ctx, book, probe, [r.buy, r.sell], q.usd));
  }
  ctx.kit.health.setCounter('depth.inquireDeviationCentiBps', Math.round(maxDev * 100));
}

type Quote = SubResult<Quotation> | null;

/** Largest book-walk vs Instrument.inquire deviation (bps) of a book for its ± probe; a mismatch is counted. */
function probeDeviation(ctx: SynCtx, book: OrderBook, probe: bigint | null, quotes: [Quote, Quote], quoteUsd: number): number {
  let maxDev = 0;
  for (const [side, qt] of [
    [1n, quotes[0]],
    [-1n, quotes[1]],
  ] as const) {
    if (!probe || !qt?.ok) continue;
    const dev = inquireDeviationBps(book, side * probe, qt.value.entryNotional, quoteUsd);
    if (dev === null) continue;
    maxDev = Math.max(maxDev, dev);
    if (dev > DEPTH_INQUIRE_TOLERANCE_BPS) ctx.kit.health.count('depth.inquireMismatch');
  }
  return maxDev;
}

/** 24 h volume from the subgraph (a secondary source). */
export async function volume(ctx: SynCtx, signal: AbortSignal): Promise<void> {
  const sg = ctx.subgraph;
  if (!sg || ctx.infos.size === 0) return;
  const v = await ctx.kit.secondary('subgraph', () => sg.volumes24h([...ctx.infos.keys()].map(ammId), ctx.kit.io.now(), signal));
  if (!v) return ctx.volumes.clear();
  for (const a of ctx.infos.keys()) ctx.volumes.set(a, v.get(ammId(a)) ?? 0n);
}

/** 90-day funding-history backfill from the subgraph, from spare budget (2 % of what remains per run). */
export async function historyBackfill(ctx: SynCtx, signal: AbortSignal): Promise<void> {
  const { subgraph, kit } = ctx;
  const history = kit.history;
  if (!subgraph || !history || ctx.infos.size === 0) return;
  const maxPages = Math.max(1, Math.floor(kit.limiter.status().remaining * 0.02));
  const now = kit.io.now();
  const o = {
    subgraph,
    history,
    markets: [...ctx.byId.values()],
    done: ctx.historyDone,
    now,
    limiter: kit.limiter,
    logger: kit.io.logger,
    signal,
    maxPages,
  };
  try {
    await backfill(o);
  } catch (err) {
    kit.sourceFailed('subgraph', err);
  }
}

/** Venue funding history for one market from the subgraph; null when it does not answer (the app samples). */
export async function fundingHistory(ctx: SynCtx, id: string, from: number, to: number): Promise<FundingPoint[] | null> {
  const info = ctx.byId.get(id);
  const sg = ctx.subgraph;
  if (!info || !sg) return null;
  const r = await ctx.kit.secondary('subgraph', () => hourlyRange(sg, ammId(info.address), from, to, 5));
  return r ? historyPoints(r.rows, info.fundingHour).filter((p) => p.time >= from && p.time <= to) : null;
}
