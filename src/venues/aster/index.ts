/**
 * Aster live connector: metadata (exchangeInfo, fundingInfo, 24h tickers, signed brackets/fees when keyed) every
 * 10 min; mark + funding for every symbol over `!markPrice@arr@1s`; synced local books from depth diffs for the
 * symbols in use (top N by 24h quote volume + any watched); REST fallback (premiumIndex bulk, depth?limit=5
 * round-robin) only while the stream is down; best-effort open interest; 90-day funding-history backfill.
 */
import { num } from '../../core/numbers.js';
import type { Connector, ConnectorStartOptions } from '../../core/connector.js';
import { VenueError } from '../../core/errors.js';
import { ConnectorKit } from '../../core/template.js';
import { wsConnector } from '../../core/stream.js';
import type { FundingPoint, MarketMeta, OpenInterest } from '../../core/types.js';
import type { VenueFactory } from '../factory.js';
import { LocalBook } from './book.js';
import { AsterClient } from './client.js';
import { PATHS, STREAM_MAX_LIFETIME_MS, VENUE_WEIGHT_LIMIT } from './constants.js';
import {
  breaksCap,
  defaultInterval,
  intervalFromSpacing,
  levels,
  normalizeBrackets,
  normalizeFunding,
  normalizeHistory,
  normalizeIntervals,
  normalizeMarkets,
  orderBook,
  type AccountData,
  type IntervalInfo,
} from './normalize.js';
import { parseFrame, streamNames, type MarkFrameEntry } from './stream.js';
import {
  CommissionRate,
  Depth,
  ExchangeInfo,
  FundingInfo,
  FundingRateHistory,
  LeverageBracket,
  OpenInterest as OiSchema,
  PremiumIndex,
  ServerTime,
  Ticker24h,
} from './wire.js';
import { fundingHistoryPages } from './history.js';

export const createAsterConnector: VenueFactory = ({ io, config, timings, watchdogMs, timeoutMs }) => {
  const kit = new ConnectorKit({
    venue: 'aster',
    io,
    budgetPerMinute: config.ASTER_RATE_LIMIT_PER_MIN,
    preferredTransport: 'WEBSOCKET',
    timings,
    http: {
      timeoutMs,
      onResponse: (res) => {
        const used = Number(res.headers.get('x-mbx-used-weight-1m'));
        if (Number.isFinite(used) && res.headers.has('x-mbx-used-weight-1m')) {
          kit.limiter.report(used, VENUE_WEIGHT_LIMIT);
          kit.health.setCounter('venueUsedWeight1m', used);
        }
      },
    },
  });
  const client = new AsterClient({
    http: kit.http,
    baseUrl: config.ASTER_REST_URL,
    version: config.ASTER_API_VERSION,
    apiKey: config.ASTER_API_KEY,
    secret: config.ASTER_SECRET_KEY,
    now: io.now,
  });
  const symToId = new Map<string, string>();
  const idToSym = new Map<string, string>();
  const intervals = new Map<string, IntervalInfo>();
  const volumes = new Map<string, number>();
  const oi = new Map<string, { base: number; at: number }>();
  const books = new Map<string, LocalBook>();
  const lastMark = new Map<string, number>();
  const account: AccountData = { fees: null, brackets: null };
  let depthSymbols: string[] = [];
  let lastFrameAt = 0;
  let rrDepth = 0;
  let rrOi = 0;
  const stamp = (channel: 'FUNDING' | 'DEPTH' | 'MARK', asOf: number) => ({ asOf, slaMs: timings[channel].slaMs, source: 'LIVE' as const });
  const interval = (sym: string) => intervals.get(sym) ?? defaultInterval();
  const streamUp = () => stream.isOpen && io.now() - lastFrameAt < Math.max(watchdogMs, 3000);

  function openInterest(sym: string, mark: number): OpenInterest {
    const o = oi.get(sym);
    return {
      base: o ? o.base : null,
      usd: o ? o.base * mark : null,
      long: null,
      short: null,
      longBase: null,
      shortBase: null,
      provenance: o
        ? 'undocumented /fapi/{v}/openInterest (one-sided, base units × mark; best effort, venues/aster.md §2.6)'
        : 'unavailable: undocumented endpoint not answered yet',
    };
  }

  function onMark(e: { symbol: string; mark: unknown; index: unknown; rate: unknown; next: unknown; time: number }): void {
    const id = symToId.get(e.symbol);
    if (!id) return;
    const i = interval(e.symbol);
    const f = normalizeFunding(id, { lastFundingRate: e.rate, nextFundingTime: e.next }, i, stamp('FUNDING', e.time));
    if (f.rate !== null && breaksCap(f.rate, i)) kit.health.count('fundingCapViolations');
    const mark = num(e.mark, 'markPrice');
    const index = e.index === '' || e.index === undefined || e.index === null ? null : num(e.index, 'indexPrice');
    kit.emit({ type: 'funding', venue: 'aster', funding: f });
    kit.emit({
      type: 'stats',
      venue: 'aster',
      market: id,
      asOf: e.time,
      source: 'LIVE',
      stats: {
        markPrice: mark,
        indexPrice: index,
        priceSource: 'premiumIndex / markPrice stream',
        openInterest: openInterest(e.symbol, mark),
        volume24hUsd: volumes.get(e.symbol) ?? null,
      },
    });
  }

  function emitBook(sym: string, b: LocalBook, at: number): void {
    const id = symToId.get(sym);
    if (!id) return;
    const t = b.top(5);
    const lv = (rows: Array<[number, number]>) =>
      levels(
        rows.map(([p, q]) => [p, q] as const),
        5,
        sym,
      );
    kit.emit({ type: 'book', venue: 'aster', book: orderBook(id, lv(t.bids), lv(t.asks), b.sequence, stamp('DEPTH', at)) });
  }

  async function snapshot(sym: string, signal?: AbortSignal): Promise<void> {
    const b = books.get(sym);
    if (!b) return;
    const d = await client.get(PATHS.depth, Depth, { symbol: sym, limit: 50 }, { ...(signal ? { signal } : {}) });
    const conv = (rows: typeof d.bids) => rows.map((r) => [num(r[0], 'price'), num(r[1], 'qty')] as [number, number]);
    if (b.snapshot(num(d.lastUpdateId, 'lastUpdateId'), conv(d.bids), conv(d.asks)) === 'gap') {
      kit.health.resynced();
      return;
    }
    emitBook(sym, b, io.now());
  }

  const resyncing = new Set<string>();
  function resync(sym: string): void {
    if (resyncing.has(sym) || kit.isDisposed) return;
    resyncing.add(sym);
    void snapshot(sym)
      .catch((err: unknown) => kit.fail(`snapshot ${sym}`, err))
      .finally(() => resyncing.delete(sym));
  }

  const stream = kit.stream({
    name: 'aster-market',
    watchdogMs,
    maxLifetimeMs: STREAM_MAX_LIFETIME_MS,
    connect: wsConnector(
      io.WebSocket,
      () => `${config.ASTER_WS_URL}/stream?streams=${streamNames(depthSymbols).join('/')}`,
      (text) => {
        lastFrameAt = io.now();
        const m = parseFrame(text);
        if (m.kind === 'malformed') {
          kit.health.count('malformedFrames');
          kit.fail('stream', new VenueError('aster', 'MALFORMED', `stream frame: ${m.reason}`));
          return;
        }
        if (m.kind === 'mark') {
          kit.health.setTransport('WEBSOCKET');
          for (const e of m.entries as MarkFrameEntry[]) {
            const last = lastMark.get(e.s) ?? 0;
            if (e.E - last < 5000 && e.E >= last) continue; // funding moves slowly: at most one emit per symbol per 5 s
            lastMark.set(e.s, e.E);
            try {
              onMark({ symbol: e.s, mark: e.p, index: e.i, rate: e.r, next: e.T, time: e.E });
            } catch (err) {
              kit.fail('stream mark', err);
            }
          }
        } else if (m.kind === 'depth') {
          const b = books.get(m.symbol);
          if (!b) return;
          const r = b.apply(m.diff);
          if (r === 'gap') {
            kit.health.resynced();
            resync(m.symbol);
          } else if (r === 'applied') emitBook(m.symbol, b, m.diff.E);
        }
      },
    ),
    onOpen: () => {
      lastFrameAt = io.now();
      for (const b of books.values()) b.reset();
      for (const s of depthSymbols) resync(s);
    },
  });

  function setDepthSymbols(next: string[]): void {
    const changed = next.join() !== depthSymbols.join();
    depthSymbols = next;
    for (const s of next) if (!books.has(s)) books.set(s, new LocalBook());
    for (const s of [...books.keys()]) if (!next.includes(s)) books.delete(s);
    if (changed && stream.state !== 'idle') stream.restart('depth symbols changed');
  }

  function chooseDepthSymbols(): string[] {
    const top = [...volumes.entries()]
      .filter(([s]) => symToId.has(s))
      .sort((a, b) => b[1] - a[1])
      .slice(0, config.ASTER_DEPTH_SYMBOLS)
      .map(([s]) => s);
    const watched = [...kit.watched.keys()].map((id) => idToSym.get(id)).filter((s): s is string => !!s);
    return [...new Set([...top, ...watched])].slice(0, 199);
  }

  const metadata = kit.job('metadata', 'METADATA', async (signal) => {
    const [info, fInfo, tickers] = await Promise.all([
      client.get(PATHS.exchangeInfo, ExchangeInfo, {}, { signal }),
      client.get(PATHS.fundingInfo, FundingInfo, {}, { signal }).catch((err: unknown) => {
        kit.fail('fundingInfo', err);
        return null;
      }),
      client.get(PATHS.ticker24hr, Ticker24h, {}, { signal }),
    ]);
    if (client.signed) {
      try {
        account.brackets = normalizeBrackets(await client.signedGet(PATHS.leverageBracket, LeverageBracket, {}, { signal }));
        const c = await client.signedGet(PATHS.commissionRate, CommissionRate, { symbol: 'BTCUSDT' }, { signal });
        account.fees = {
          maker: num(c.makerCommissionRate, 'makerCommissionRate'),
          taker: num(c.takerCommissionRate, 'takerCommissionRate'),
        };
        kit.health.setSource({ name: 'signed-account', status: 'AVAILABLE', reason: null, lastSuccessAt: io.now() });
      } catch (err) {
        kit.health.setSource({ name: 'signed-account', status: 'UNAVAILABLE', reason: (err as Error).message, lastSuccessAt: null });
      }
    } else
      kit.health.setSource({
        name: 'signed-account',
        status: 'DISABLED',
        reason: 'no ASTER_API_KEY/ASTER_SECRET_KEY: fees from the default schedule, leverage tiers missing',
        lastSuccessAt: null,
      });
    if (fInfo) for (const [s, i] of normalizeIntervals(fInfo)) intervals.set(s, i);
    const markets = normalizeMarkets(info, account);
    symToId.clear();
    idToSym.clear();
    for (const m of markets.values()) {
      symToId.set(m.venueSymbol, m.id);
      idToSym.set(m.id, m.venueSymbol);
    }
    for (const t of tickers) volumes.set(t.symbol, num(t.quoteVolume, 'quoteVolume'));
    kit.emit({ type: 'metadata', venue: 'aster', markets: [...markets.values()], asOf: io.now(), source: 'LIVE' });
    setDepthSymbols(chooseDepthSymbols());
    stream.start();
  });

  const fundingRest = kit.job(
    'funding-rest',
    'FUNDING',
    async (signal) => {
      const rows = await client.get(PATHS.premiumIndex, PremiumIndex, {}, { signal });
      kit.health.setTransport('REST');
      for (const r of rows)
        onMark({
          symbol: r.symbol,
          mark: r.markPrice,
          index: r.indexPrice,
          rate: r.lastFundingRate,
          next: r.nextFundingTime,
          time: num(r.time, 'time'),
        });
    },
    () => !streamUp(),
  );

  const depthRest = kit.job(
    'depth-rest',
    'DEPTH',
    async (signal) => {
      if (depthSymbols.length === 0) return;
      // Round-robin so every symbol refreshes within ~80 % of the depth SLA while staying inside the budget.
      const per = Math.min(depthSymbols.length, Math.ceil((depthSymbols.length * timings.DEPTH.cadenceMs) / (timings.DEPTH.slaMs * 0.8)));
      kit.health.setTransport('REST');
      for (let k = 0; k < per; k++) {
        const sym = depthSymbols[rrDepth++ % depthSymbols.length]!;
        const d = await client.get(PATHS.depth, Depth, { symbol: sym, limit: 5 }, { signal });
        const id = symToId.get(sym);
        if (!id) continue;
        const at = d.E !== undefined ? num(d.E, 'E') : io.now();
        kit.emit({
          type: 'book',
          venue: 'aster',
          book: orderBook(id, levels(d.bids, 5, sym), levels(d.asks, 5, sym), String(d.lastUpdateId), stamp('DEPTH', at)),
        });
      }
    },
    () => !streamUp(),
  );

  const openInterestJob = kit.job('open-interest', 'FUNDING', async (signal) => {
    if (depthSymbols.length === 0) return;
    for (let k = 0; k < Math.min(2, depthSymbols.length); k++) {
      const sym = depthSymbols[rrOi++ % depthSymbols.length]!;
      try {
        const r = await client.get(PATHS.openInterest, OiSchema, { symbol: sym }, { signal });
        oi.set(sym, { base: num(r.openInterest, 'openInterest'), at: io.now() });
        kit.health.setSource({ name: 'open-interest (undocumented)', status: 'AVAILABLE', reason: null, lastSuccessAt: io.now() });
      } catch (err) {
        oi.delete(sym);
        kit.health.setSource({
          name: 'open-interest (undocumented)',
          status: 'UNAVAILABLE',
          reason: (err as Error).message,
          lastSuccessAt: null,
        });
      }
    }
  });

  const clock = kit.job('server-time', 'METADATA', async (signal) => {
    const t0 = io.now();
    const r = await client.get(PATHS.time, ServerTime, {}, { signal });
    kit.health.setCounter('clockSkewMs', Math.round(num(r.serverTime, 'serverTime') - (t0 + io.now()) / 2));
  });

  const backfill = kit.job(
    'history-backfill',
    'FUNDING',
    async (signal) => {
      const h = kit.history;
      if (!h) return;
      await fundingHistoryPages({
        client,
        history: h,
        markets: [...symToId.entries()],
        intervals,
        now: io.now(),
        signal,
        limiter: kit.limiter,
        logger: io.logger,
        onInterval: (s, hours) => !intervals.has(s) && intervals.set(s, { hours, source: 'HISTORY_SPACING', cap: null, floor: null }),
      });
    },
    undefined,
    Math.max(5_000, Math.floor(timings.FUNDING.cadenceMs / 6)),
  );

  const c: Connector = {
    venue: 'aster',
    async start(o: ConnectorStartOptions) {
      kit.attach(o);
      await kit.scheduler.start([metadata, fundingRest, depthRest, openInterestJob, clock, backfill]);
    },
    listMarkets: (): Promise<MarketMeta[]> => kit.listMarkets(),
    getStats: (ids) => kit.getStats(ids),
    getFunding: (ids) => kit.getFunding(ids),
    getBooks: (ids, n) => kit.getBooks(ids, n),
    watchBook(id) {
      if (kit.watch(id) && idToSym.has(id)) setDepthSymbols(chooseDepthSymbols());
    },
    unwatchBook(id) {
      kit.unwatch(id);
    },
    async fundingHistory(id, from, to): Promise<FundingPoint[] | null> {
      const sym = idToSym.get(id);
      if (!sym) return null;
      const out: FundingPoint[] = [];
      let start = from;
      for (let page = 0; page < 20 && start <= to; page++) {
        const rows = await client.get(PATHS.fundingRate, FundingRateHistory, { symbol: sym, startTime: start, endTime: to, limit: 1000 });
        if (rows.length === 0) break;
        const times = rows.map((r) => num(r.fundingTime, 'fundingTime'));
        const inferred = intervalFromSpacing(times);
        const i =
          intervals.get(sym) ??
          (inferred ? { hours: inferred, source: 'HISTORY_SPACING' as const, cap: null, floor: null } : defaultInterval());
        out.push(...normalizeHistory(rows, i));
        if (rows.length < 1000) break;
        start = times[times.length - 1]! + 1;
      }
      return out;
    },
    health: () => kit.snapshot(),
    rateLog: () => kit.limiter.exportLog(),
    seedRateLog: (times) => kit.limiter.seed(times),
    dispose: () => kit.dispose(),
  };
  return c;
};
