/**
 * SynFutures v3 (Oyster AMM) on Base, read from the chain (venues/synfutures.md §13): discovery every metadata tick
 * (and on demand for an unknown id) from Gate + Observer; mark, index, OI and native two-sided funding every funding
 * tick from Observer.getInstrumentByAddressList; a synthetic book from Observer.liquidityDetails for watched and
 * top-OI markets; 24h volume and a 90-day funding-history backfill from the subgraph when it answers. Records carry
 * the block time as `asOf`. The signed REST API v4 (§4) is not used.
 */
import type { Connector, ConnectorStartOptions } from '../../core/connector.js';
import { VenueError } from '../../core/errors.js';
import { ConnectorKit } from '../../core/template.js';
import type { FundingPoint, MarketMeta } from '../../core/types.js';
import type { VenueFactory } from '../factory.js';
import { ChainClient } from './client.js';
import { DEPTH_LEVELS, DEPTH_TICK_DELTA, ORDER_SPACING } from './constants.js';
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
import { synFunding } from './rates.js';
import { RpcClient } from './rpc.js';
import { ammId, backfill, historyPoints, hourlyRange, Subgraph } from './subgraph.js';
import { wadToNumber } from './wad.js';

export const createSynfuturesConnector: VenueFactory = ({ io, config, timings, timeoutMs }) => {
  const kit = new ConnectorKit({
    venue: 'synfutures',
    io,
    budgetPerMinute: config.SYNFUTURES_RATE_LIMIT_PER_MIN,
    preferredTransport: 'RPC',
    timings,
    http: { timeoutMs },
  });
  const count = (name: string) => kit.health.count(name);
  const chain = new ChainClient(new RpcClient({ http: kit.http, url: config.SYNFUTURES_RPC_URL, limiter: kit.limiter, count }), {
    chainId: config.SYNFUTURES_CHAIN_ID,
    gate: config.SYNFUTURES_GATE_ADDRESS,
    observer: config.SYNFUTURES_OBSERVER_ADDRESS,
    multicall: config.SYNFUTURES_MULTICALL_ADDRESS,
  });
  const subgraph = config.SYNFUTURES_SUBGRAPH_ENABLED ? new Subgraph({ http: kit.http, url: config.SYNFUTURES_SUBGRAPH_URL }) : null;
  const infos = new Map<string, InstrumentInfo>(); // by lower-case address
  const byId = new Map<string, InstrumentInfo>();
  const volumes = new Map<string, bigint>(); // 24h quote volume (WAD) by lower-case address
  const marks = new Map<string, number>(); // latest mark (quote) by lower-case address
  const historyDone = new Set<string>();
  let preflighted = false;
  let lastStateAt = 0;
  let lastOnDemand = 0;
  const onDemandGapMs = Math.min(30_000, Math.max(1_000, timings.METADATA.cadenceMs / 4));
  const stamp = (channel: 'FUNDING' | 'DEPTH', asOf: number) => ({ asOf, slaMs: timings[channel].slaMs, source: 'LIVE' as const });

  kit.health.setSource({
    name: 'rest-v4',
    status: 'DISABLED',
    reason: 'REST API v4 needs obfuscated request signing (venues/synfutures.md §4.2); the chain is the source',
    lastSuccessAt: null,
  });
  if (!subgraph)
    kit.health.setSource({ name: 'subgraph', status: 'DISABLED', reason: 'SYNFUTURES_SUBGRAPH_ENABLED=false', lastSuccessAt: null });

  const secondaryFailed = (name: string, err: unknown): void => void kit.sourceFailed(name, err);

  function usdMarks() {
    return usdMarksOf([...infos.entries()].map(([a, info]) => ({ info, mark: marks.get(a) ?? 0 })));
  }

  /** Emit stats + funding for one served instrument from its decoded state. */
  function emitState(info: InstrumentInfo, d: Assembled, asOf: number, quotes: ReturnType<typeof usdMarks>): void {
    const served = servedPerp(d);
    if (!served) return;
    const q = quoteUsdOf(info, quotes);
    const vol = volumes.get(info.address.toLowerCase());
    const volumeUsd = vol !== undefined && q ? wadToNumber(vol, 'volume24h') * q.usd : null;
    kit.emit({
      type: 'stats',
      venue: 'synfutures',
      market: info.id,
      asOf,
      source: 'LIVE',
      stats: marketStats(info, d, served.amm, served.mark, q?.usd ?? null, volumeUsd),
    });
    const funding = synFunding(
      info.id,
      {
        sqrtPX96: served.amm.sqrtPX96,
        mark: served.mark,
        totalLong: served.amm.totalLong,
        totalShort: served.amm.totalShort,
        fundingHour: info.fundingHour,
        fundingHourSource: info.fundingHourSource,
        imrBps: d.initialMarginRatio,
      },
      stamp('FUNDING', asOf),
    );
    kit.emit({ type: 'funding', venue: 'synfutures', funding });
  }

  const discovery = kit.job('discovery', 'METADATA', async (signal) => {
    if (!preflighted) {
      const p = await chain.preflight(signal);
      preflighted = true;
      kit.health.setSource({
        name: 'observer',
        status: p.note ? 'FRAGILE' : 'AVAILABLE',
        reason: p.note ?? `Observer ${p.observer}`,
        lastSuccessAt: io.now(),
      });
      if (p.note) io.logger.warn('observer fallback', { venue: 'synfutures', note: p.note });
    }
    const addrs = await chain.instruments(signal);
    const { items, at } = await chain.discover(addrs, signal);
    const found: Array<{ info: InstrumentInfo; d: Assembled }> = [];
    // A served instrument whose read failed this cycle keeps its last description (it is not delisted by a glitch).
    const carried: InstrumentInfo[] = [];
    addrs.forEach((a, i) => {
      const x = items.get(a.toLowerCase());
      const r = x ? describeInstrument(a, i, x, count) : null;
      if (r) found.push(r);
      else if (x && !x.data.ok && infos.has(a.toLowerCase())) carried.push(infos.get(a.toLowerCase())!);
    });
    if (found.length === 0 && carried.length === 0 && addrs.length > 0) {
      const first = [...items.values()].find((x) => !x.data.ok)?.data;
      if (first && !first.ok) throw first.error;
    }
    const prevMeta = new Map(carried.map((i) => [i.address.toLowerCase(), kit.markets.get(i.id)]));
    const ids = assignIds(
      [...found.map((f) => f.info), ...carried].map((info) => ({
        address: info.address,
        base: info.base,
        quote: info.quote,
        marketType: info.marketType,
        order: info.order,
      })),
    );
    infos.clear();
    byId.clear();
    const keptMetas: MarketMeta[] = [];
    for (const info of carried) {
      const meta = prevMeta.get(info.address.toLowerCase());
      if (!meta || ids.get(info.address.toLowerCase())?.id !== info.id) continue;
      keptMetas.push(meta);
      infos.set(info.address.toLowerCase(), info);
      byId.set(info.id, info);
    }
    for (const { info, d } of found) {
      Object.assign(info, ids.get(info.address.toLowerCase())!);
      infos.set(info.address.toLowerCase(), info);
      byId.set(info.id, info);
      marks.set(info.address.toLowerCase(), wadToNumber(servedPerp(d)!.mark, 'markPrice'));
    }
    kit.health.setCounter('instruments.listed', addrs.length);
    kit.health.marketsExpected = byId.size;
    const quotes = usdMarks();
    const metas: MarketMeta[] = [
      ...found.map(({ info, d }) => marketMeta(info, d, servedPerp(d)!.amm, quoteUsdOf(info, quotes))),
      ...keptMetas,
    ];
    const asOf = at?.timestampMs ?? io.now();
    for (const m of [kit.stats, kit.funding, kit.books]) for (const id of [...m.keys()]) if (!byId.has(id)) m.delete(id);
    kit.emit({ type: 'metadata', venue: 'synfutures', markets: metas, asOf, source: 'LIVE' });
    for (const { info, d } of found) {
      try {
        emitState(info, d, asOf, quotes);
      } catch (err) {
        kit.fail(`state ${info.id}`, err);
      }
    }
    lastStateAt = io.now();
    kit.health.setTransport('RPC');
  });

  const state = kit.job('state', 'FUNDING', async (signal) => {
    if (infos.size === 0 || io.now() - lastStateAt < timings.FUNDING.cadenceMs / 2) return;
    const r = await chain.states(
      [...infos.values()].map((i) => i.address),
      signal,
    );
    if (r.data.size === 0 && r.errors[0]) throw r.errors[0];
    for (const e of r.errors) count(`state.${e.code}`);
    const lag = io.now() - r.head.timestampMs;
    kit.health.setCounter('blockNumber', r.head.number);
    kit.health.setCounter('blockLagMs', lag);
    const asOf = r.at?.timestampMs ?? r.head.timestampMs;
    for (const [a, d] of r.data) {
      const s = servedPerp(d);
      if (s) marks.set(a, wadToNumber(s.mark, 'markPrice'));
    }
    const quotes = usdMarks();
    let gone = false;
    for (const [a, d] of r.data) {
      const info = infos.get(a);
      if (!info) continue;
      if (!servedPerp(d)) gone = true;
      try {
        emitState(info, d, asOf, quotes);
      } catch (err) {
        kit.fail(`state ${info.id}`, err);
      }
    }
    lastStateAt = io.now();
    kit.health.setTransport('RPC');
    if (gone) void kit.scheduler.trigger(discovery); // a market stopped trading: refresh the listing now
    if (lag > config.SYNFUTURES_MAX_BLOCK_LAG_MS) {
      kit.fail(
        'block-lag',
        new VenueError(
          'synfutures',
          'STALE',
          `head block ${r.head.number} is ${Math.round(lag / 1000)} s old (limit ${config.SYNFUTURES_MAX_BLOCK_LAG_MS / 1000} s): the RPC node is lagging`,
        ),
      );
    }
  });

  /** Markets whose depth is read: every watched one, plus the largest by open interest. */
  function depthTargets(): InstrumentInfo[] {
    const top = [...byId.values()]
      .map((i) => ({ i, oi: kit.stats.get(i.id)?.openInterest.usd ?? 0 }))
      .sort((a, b) => b.oi - a.oi)
      .slice(0, config.SYNFUTURES_DEPTH_MARKETS)
      .map((x) => x.i);
    const watched = [...kit.watched.keys()].map((id) => byId.get(id)).filter((x): x is InstrumentInfo => !!x);
    return [...new Set([...watched, ...top])];
  }

  const depth = kit.job('depth', 'DEPTH', async (signal) => {
    const targets = depthTargets();
    if (targets.length === 0) return;
    const quotes = usdMarks();
    const probes = targets.map((info) => {
      // Probe size for the inquire cross-check: half the first two visible ask levels of the previous book.
      const prev = kit.books.get(info.id);
      const size = prev ? prev.asks.slice(0, 2).reduce((a, l) => a + l.size, 0) / 2 : 0;
      return { info, probe: size > 0 ? BigInt(Math.floor(size * 1e9)) * 10n ** 9n : null };
    });
    const res = await chain.depth(
      probes.map((p) => ({ address: p.info.address, probe: p.probe })),
      signal,
    );
    let maxDev = 0;
    for (const { info, probe } of probes) {
      const r = res.get(info.address.toLowerCase());
      const q = quoteUsdOf(info, quotes);
      if (!r) continue;
      if (!q) {
        count('depth.noQuoteUsd'); // a non-stable quote without a USD market on this venue: no USD sizes, no book
        continue;
      }
      if (!r.details.ok) {
        kit.fail(`depth ${info.id}`, r.details.error);
        continue;
      }
      const book = ammBook(info.id, r.details.value, {
        levels: DEPTH_LEVELS,
        spacing: ORDER_SPACING,
        tickDelta: DEPTH_TICK_DELTA,
        quoteUsd: q.usd,
        stamp: stamp('DEPTH', r.details.value.blockInfo.timestamp * 1000),
      });
      kit.emit({ type: 'book', venue: 'synfutures', book });
      for (const [side, qt] of [
        [1n, r.buy],
        [-1n, r.sell],
      ] as const) {
        if (!probe || !qt?.ok) continue;
        const dev = inquireDeviationBps(book, side * probe, qt.value.entryNotional, q.usd);
        if (dev === null) continue;
        maxDev = Math.max(maxDev, dev);
        if (dev > DEPTH_INQUIRE_TOLERANCE_BPS) count('depth.inquireMismatch');
      }
    }
    kit.health.setCounter('depth.inquireDeviationCentiBps', Math.round(maxDev * 100));
  });

  const volume = kit.job('volume', 'METADATA', async (signal) => {
    if (!subgraph || infos.size === 0) return;
    try {
      const v = await subgraph.volumes24h([...infos.keys()].map(ammId), io.now(), signal);
      for (const a of infos.keys()) volumes.set(a, v.get(ammId(a)) ?? 0n);
      kit.health.setSource({ name: 'subgraph', status: 'AVAILABLE', reason: null, lastSuccessAt: io.now() });
    } catch (err) {
      volumes.clear();
      secondaryFailed('subgraph', err);
    }
  });

  const history = kit.job(
    'history-backfill',
    'FUNDING',
    async (signal) => {
      if (!subgraph || !kit.history || infos.size === 0) return;
      try {
        // Pages per run from spare budget only (2 % of what remains: 2 pages at the default 120/min).
        const maxPages = Math.max(1, Math.floor(kit.limiter.status().remaining * 0.02));
        await backfill({
          subgraph,
          history: kit.history,
          markets: [...byId.values()],
          done: historyDone,
          now: io.now(),
          limiter: kit.limiter,
          logger: io.logger,
          signal,
          maxPages,
        });
      } catch (err) {
        secondaryFailed('subgraph', err);
      }
    },
    undefined,
    Math.max(1_000, Math.floor(timings.FUNDING.cadenceMs / 6)),
  );

  /** A client asked for SynFutures ids we do not list: run discovery now (at most once per gap). */
  function demand(ids: readonly string[]): void {
    if (kit.isDisposed || !ids.some((id) => id.startsWith('synfutures:') && !byId.has(id))) return;
    if (io.now() - lastOnDemand < onDemandGapMs) return;
    lastOnDemand = io.now();
    count('discovery.onDemand');
    void kit.scheduler.trigger(discovery);
  }

  const c: Connector = {
    venue: 'synfutures',
    async start(o: ConnectorStartOptions) {
      kit.attach(o);
      await kit.scheduler.start([discovery, state, depth, volume, history]);
    },
    listMarkets: () => kit.listMarkets(),
    getStats: (ids) => (demand(ids), kit.getStats(ids)),
    getFunding: (ids) => (demand(ids), kit.getFunding(ids)),
    getBooks: (ids, n) => (demand(ids), kit.getBooks(ids, n)),
    watchBook(id) {
      kit.watch(id);
      demand([id]);
    },
    unwatchBook: (id) => kit.unwatch(id),
    async fundingHistory(id, from, to): Promise<FundingPoint[] | null> {
      const info = byId.get(id);
      if (!info || !subgraph) return null;
      try {
        const { rows } = await hourlyRange(subgraph, ammId(info.address), from, to, 5);
        kit.health.setSource({ name: 'subgraph', status: 'AVAILABLE', reason: null, lastSuccessAt: io.now() });
        return historyPoints(rows, info.fundingHour).filter((p) => p.time >= from && p.time <= to);
      } catch (err) {
        secondaryFailed('subgraph', err);
        return null; // the gateway samples instead (GATEWAY_SAMPLED)
      }
    },
    health: () => kit.snapshot(),
    rateLog: () => kit.limiter.exportLog(),
    seedRateLog: (times) => kit.limiter.seed(times),
    dispose: () => kit.dispose(),
  };
  return c;
};
