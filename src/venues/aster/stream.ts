/**
 * Aster combined market stream (`/stream?streams=a/b/…`, docs/venues/aster.md §3): `!markPrice@arr@1s` for mark,
 * index and funding of every symbol, `!bookTicker` for every symbol's best bid/ask (served as a one-level TOP_OF_BOOK
 * book where no synced depth book exists), plus `<symbol>@depth@100ms` diffs for the symbols in use. Frames are checked
 * by hand (no schema library on the hot path) and parsed once; a malformed frame is counted, never half-applied.
 */
import { isAbortError, VenueError } from '../../core/errors.js';
import { num } from '../../core/numbers.js';
import { wsConnector } from '../../core/stream.js';
import type { OpenInterest } from '../../core/types.js';
import { LocalBook, type DiffFrame } from '../../transports/book.js';
import { PATHS, STREAM_MAX_LIFETIME_MS } from './constants.js';
import { intervalOf, stamp, type AsterCtx } from './context.js';
import { breaksCap, levels, normalizeFunding, orderBook, topOfBook } from './normalize.js';
import { Depth } from './wire.js';
import type { BookTickerFrame } from './wire.js';

export interface MarkFrameEntry {
  s: string;
  p: string;
  i: string;
  r: string;
  T: number;
  E: number;
}

export type StreamMessage =
  | { kind: 'mark'; entries: MarkFrameEntry[] }
  | { kind: 'ticker'; t: BookTickerFrame }
  | { kind: 'depth'; symbol: string; diff: DiffFrame }
  | { kind: 'other' }
  | { kind: 'malformed'; reason: string };

const isStr = (x: unknown): x is string => typeof x === 'string';
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isLevels = (x: unknown): x is Array<[string, string]> =>
  Array.isArray(x) && x.every((l) => Array.isArray(l) && isStr(l[0]) && isStr(l[1]));

/** Parse one combined-stream frame: `{"stream":"btcusdt@depth@100ms","data":{…}}`. */
export function parseFrame(text: string): StreamMessage {
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch {
    return { kind: 'malformed', reason: 'not JSON' };
  }
  if (typeof msg !== 'object' || msg === null) return { kind: 'malformed', reason: 'not an object' };
  const m = msg as { stream?: unknown; data?: unknown; result?: unknown; id?: unknown };
  if (!isStr(m.stream)) return 'result' in m || 'id' in m ? { kind: 'other' } : { kind: 'malformed', reason: 'no stream name' };
  const data = m.data;
  if (m.stream.startsWith('!markPrice@arr')) {
    if (!Array.isArray(data)) return { kind: 'malformed', reason: 'markPrice@arr data is not an array' };
    const entries: MarkFrameEntry[] = [];
    for (const e of data as Array<Record<string, unknown>>) {
      if (!e || !isStr(e.s) || !isStr(e.p) || !isStr(e.r) || !isNum(e.T) || !isNum(e.E))
        return { kind: 'malformed', reason: 'markPrice entry missing s/p/r/T/E' };
      entries.push({ s: e.s, p: e.p, i: isStr(e.i) ? e.i : '', r: e.r, T: e.T, E: e.E });
    }
    return { kind: 'mark', entries };
  }
  if (m.stream.endsWith('bookTicker')) {
    const d = data as Record<string, unknown> | null;
    if (!d || !isStr(d.s) || !isStr(d.b) || !isStr(d.B) || !isStr(d.a) || !isStr(d.A) || !isNum(d.u))
      return { kind: 'malformed', reason: 'bookTicker missing s/b/B/a/A/u' };
    return { kind: 'ticker', t: { s: d.s, b: d.b, B: d.B, a: d.a, A: d.A, u: d.u, E: isNum(d.E) ? d.E : NaN } };
  }
  if (m.stream.includes('@depth')) {
    const d = data as Record<string, unknown> | null;
    if (!d || !isStr(d.s) || !isNum(d.U) || !isNum(d.u) || !isNum(d.pu) || !isNum(d.E) || !isLevels(d.b) || !isLevels(d.a)) {
      return { kind: 'malformed', reason: 'depthUpdate missing s/U/u/pu/E/b/a' };
    }
    return { kind: 'depth', symbol: d.s, diff: { U: d.U, u: d.u, pu: d.pu, E: d.E, b: d.b, a: d.a } };
  }
  return { kind: 'other' };
}

/**
 * Stream names for a connection (≤ 200 per connection): every symbol's mark and funding, every symbol's best bid/ask
 * (`!bookTicker`, one subscription, no REST weight: docs/venues/aster.md §3.3) and the depth set's diffs.
 */
export function streamNames(depthSymbols: string[]): string[] {
  return ['!markPrice@arr@1s', '!bookTicker', ...depthSymbols.map((s) => `${s.toLowerCase()}@depth@100ms`)].slice(0, 200);
}

/** One symbol's mark, index and funding, from the mark stream or the premiumIndex fallback. */
export interface MarkInput {
  symbol: string;
  mark: unknown;
  index: unknown;
  rate: unknown;
  next: unknown;
  time: number;
}

function openInterest(ctx: AsterCtx, sym: string, mark: number): OpenInterest {
  const o = ctx.oi.get(sym);
  return {
    base: o ? o.base : null,
    usd: o ? o.base * mark : null,
    long: null,
    short: null,
    longBase: null,
    shortBase: null,
    provenance: o
      ? 'undocumented /fapi/{v}/openInterest (one-sided, base units × mark; best effort, docs/venues/aster.md §2.6)'
      : 'unavailable: undocumented endpoint not answered yet',
    asOf: o ? o.at : null,
  };
}

/** Emit funding and stats for one symbol. */
export function onMark(ctx: AsterCtx, e: MarkInput): void {
  const id = ctx.symToId.get(e.symbol);
  if (!id) return;
  const i = intervalOf(ctx, e.symbol);
  const f = normalizeFunding(id, { lastFundingRate: e.rate, nextFundingTime: e.next }, i, stamp(ctx, 'FUNDING', e.time));
  if (f.rate !== null && breaksCap(f.rate, i)) ctx.kit.health.count('fundingCapViolations');
  const mark = num(e.mark, 'markPrice');
  const index = e.index === '' || e.index === undefined || e.index === null ? null : num(e.index, 'indexPrice');
  ctx.kit.emit({ type: 'funding', venue: 'aster', funding: f });
  ctx.kit.emit({
    type: 'stats',
    venue: 'aster',
    market: id,
    asOf: e.time,
    source: 'LIVE',
    stats: {
      markPrice: mark,
      indexPrice: index,
      priceSource: 'premiumIndex / markPrice stream',
      openInterest: openInterest(ctx, e.symbol, mark),
      volume24hUsd: ctx.volumes.get(e.symbol) ?? null,
    },
  });
}

function emitBook(ctx: AsterCtx, sym: string, b: LocalBook, at: number): void {
  const id = ctx.symToId.get(sym);
  if (!id) return;
  const t = b.top(5);
  const lv = (rows: Array<[number, number]>) =>
    levels(
      rows.map(([p, q]) => [p, q] as const),
      5,
      sym,
    );
  ctx.kit.emit({ type: 'book', venue: 'aster', book: orderBook(id, lv(t.bids), lv(t.asks), b.sequence, stamp(ctx, 'DEPTH', at)) });
}

async function snapshot(ctx: AsterCtx, sym: string): Promise<void> {
  const b = ctx.books.get(sym);
  if (!b) return;
  const d = await ctx.client.get(PATHS.depth, Depth, { symbol: sym, limit: 50 });
  const conv = (rows: typeof d.bids) => rows.map((r) => [num(r[0], 'price'), num(r[1], 'qty')] as [number, number]);
  if (b.snapshot(num(d.lastUpdateId, 'lastUpdateId'), conv(d.bids), conv(d.asks)) === 'gap') {
    ctx.kit.health.resynced();
    return;
  }
  emitBook(ctx, sym, b, ctx.kit.io.now());
}

/** Re-sync one local book from a REST snapshot (one at a time per symbol; never after dispose). */
function resync(ctx: AsterCtx, sym: string): void {
  if (ctx.resyncing.has(sym) || ctx.kit.isDisposed) return;
  ctx.resyncing.add(sym);
  void snapshot(ctx, sym)
    .catch((err: unknown) => {
      if (!isAbortError(err) && !ctx.kit.isDisposed) ctx.kit.fail(`snapshot ${sym}`, err);
    })
    .finally(() => ctx.resyncing.delete(sym));
}

function onMarkFrame(ctx: AsterCtx, entries: MarkFrameEntry[]): void {
  ctx.kit.health.setTransport('WEBSOCKET');
  for (const e of entries) {
    const last = ctx.lastMark.get(e.s) ?? 0;
    if (e.E - last < 5000 && e.E >= last) continue; // funding moves slowly: at most one emit per symbol per 5 s
    ctx.lastMark.set(e.s, e.E);
    try {
      onMark(ctx, { symbol: e.s, mark: e.p, index: e.i, rate: e.r, next: e.T, time: e.E });
    } catch (err) {
      ctx.kit.fail('stream mark', err);
    }
  }
}

/** Book-ticker events are coalesced per symbol and flushed every TOP_FLUSH_MS: at most 2 book events per symbol a second. */
const TOP_FLUSH_MS = 500;

function onTicker(ctx: AsterCtx, t: BookTickerFrame): void {
  ctx.tops.set(t.s, t);
  if (ctx.topFlushArmed) return;
  ctx.topFlushArmed = true;
  ctx.kit.later(() => flushTops(ctx), TOP_FLUSH_MS);
}

/** Serve each pending best bid/ask as a one-level TOP_OF_BOOK book, except where a synced depth book is served. */
function flushTops(ctx: AsterCtx): void {
  ctx.topFlushArmed = false;
  const pending = [...ctx.tops.values()];
  ctx.tops.clear();
  for (const t of pending) {
    const id = ctx.symToId.get(t.s);
    if (!id || ctx.books.get(t.s)?.synced) continue;
    try {
      const at = Number.isFinite(t.E) ? t.E : ctx.kit.io.now();
      ctx.kit.emit({ type: 'book', venue: 'aster', book: topOfBook(id, t, stamp(ctx, 'DEPTH', at)) });
    } catch (err) {
      ctx.kit.health.count('malformedFrames');
      ctx.kit.fail('stream bookTicker', err);
    }
  }
}

/** Handle one stream frame. */
export function onFrame(ctx: AsterCtx, text: string): void {
  ctx.lastFrameAt = ctx.kit.io.now();
  const m = parseFrame(text);
  if (m.kind === 'malformed') {
    ctx.kit.health.count('malformedFrames');
    ctx.kit.fail('stream', new VenueError('aster', 'MALFORMED', `stream frame: ${m.reason}`));
  } else if (m.kind === 'mark') onMarkFrame(ctx, m.entries);
  else if (m.kind === 'ticker') onTicker(ctx, m.t);
  else if (m.kind === 'depth') {
    const b = ctx.books.get(m.symbol);
    if (!b) return;
    const r = b.apply(m.diff);
    if (r === 'gap') {
      ctx.kit.health.resynced();
      resync(ctx, m.symbol);
    } else if (r === 'applied') emitBook(ctx, m.symbol, b, m.diff.E);
  }
}

/** The combined market stream; on every open the local books restart from a snapshot. */
export function createMarketStream(ctx: AsterCtx) {
  return ctx.kit.stream({
    name: 'aster-market',
    watchdogMs: ctx.watchdogMs,
    maxLifetimeMs: STREAM_MAX_LIFETIME_MS,
    connect: wsConnector(
      ctx.kit.io.WebSocket,
      () => `${ctx.config.ASTER_WS_URL}/stream?streams=${streamNames(ctx.depthSymbols).join('/')}`,
      (text) => onFrame(ctx, text),
    ),
    onOpen: () => {
      ctx.lastFrameAt = ctx.kit.io.now();
      for (const b of ctx.books.values()) b.reset();
      for (const s of ctx.depthSymbols) resync(ctx, s);
    },
  });
}

/** Follow a new depth set: books for new symbols, none for dropped ones, and a reconnect when the set changed. */
export function setDepthSymbols(ctx: AsterCtx, next: string[]): void {
  const changed = next.join() !== ctx.depthSymbols.join();
  ctx.depthSymbols = next;
  for (const s of next) if (!ctx.books.has(s)) ctx.books.set(s, new LocalBook());
  for (const s of [...ctx.books.keys()]) if (!next.includes(s)) ctx.books.delete(s);
  const st = ctx.stream;
  if (changed && st && st.state !== 'idle') st.restart('depth symbols changed');
}

/** The depth set: the top N symbols by 24 h quote volume plus every watched one (≤ 198 with the mark and ticker streams). */
export function chooseDepthSymbols(ctx: AsterCtx): string[] {
  const top = [...ctx.volumes.entries()]
    .filter(([s]) => ctx.symToId.has(s))
    .sort((a, b) => b[1] - a[1])
    .slice(0, ctx.config.ASTER_DEPTH_SYMBOLS)
    .map(([s]) => s);
  const watched = [...ctx.kit.watched.keys()].map((id) => ctx.idToSym.get(id)).filter((s): s is string => !!s);
  return [...new Set([...top, ...watched])].slice(0, 198);
}
