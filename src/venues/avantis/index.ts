/**
 * Avantis (Veranta) live connector, venues/avantis.md §1–§6:
 * - catalog: `GET {AVANTIS_DATA_URL}/v2/trading` (with or without a `data` wrapper) at most once per funding cadence
 *   (60 s), at start, every metadata tick and on every Socket.IO (re)connect;
 * - live diffs: Socket.IO `RES:DATA` on the data host (`AVANTIS_SOCKET_PATH`), deep-merged into the snapshot; there is
 *   no snapshot on connect, so after a reconnect diffs are buffered until a fresh `/v2/trading` is loaded;
 * - REST fallback while the socket is down (`DEGRADED`, transport REST): `/v2/trading` polled; if it fails, the legacy
 *   catalog (`AVANTIS_LEGACY_URL`, no funding fields: funding null and listed missing, flagged `LEGACY_CATALOG`);
 * - mark/index: Pyth Hermes SSE stream, batched `latest` while the stream is down, on a limiter of its own;
 * - funding: FUNDING_PLUS_BORROW per side (fundingRate + marginFee, % per hour) through core/funding.ts;
 * - depth: synthetic from onePercentDepthAbove/Below and spreadP (normalize.ts BOOK_MODEL);
 * - 24 h volume from the history analytics endpoint (or the GraphQL analytics source when that answers);
 * - funding history: none published; the gateway samples it every minute (GATEWAY_SAMPLED).
 */
import type { Connector, ConnectorStartOptions } from '../../core/connector.js';
import { DataError, VenueError } from '../../core/errors.js';
import { ConnectorKit } from '../../core/template.js';
import { RateLimiter } from '../../core/rate-limit.js';
import type { MarketMeta } from '../../core/types.js';
import type { VenueFactory } from '../factory.js';
import { AnalyticsSource } from './analytics.js';
import { CatalogState, deepMerge, type ApplyResult, type CatalogSource } from './catalog.js';
import { oracleFeed } from './oracle.js';
import { socketIoConnector } from './socket.js';
import { feedKey, funding, marketMeta, marketStats, pairId, syntheticBook, type OraclePrice } from './normalize.js';
import { DailyVolumes } from './wire.js';
import { z } from 'zod';

const VOLUME_PATH = '/v1/history/analytics/daily-volumes-by-pair/1/true';

export const createAvantisConnector: VenueFactory = ({ io, config, timings, watchdogMs, timeoutMs }) => {
  const kit = new ConnectorKit({
    venue: 'avantis',
    io,
    budgetPerMinute: config.AVANTIS_RATE_LIMIT_PER_MIN,
    preferredTransport: 'WEBSOCKET',
    timings,
    http: { timeoutMs },
  });
  const count = (name: string, by = 1) => kit.health.count(name, by);
  const analyticsLimiter = new RateLimiter({ budgetPerMinute: 6, now: io.now });
  const analytics = new AnalyticsSource({ url: config.AVANTIS_GRAPHQL_URL, fetch: io.fetch, limiter: analyticsLimiter, timeoutMs });

  const state = new CatalogState();
  /** Catalog fetches by REST at most once per this gap (60 s at the default funding cadence). */
  const catalogGapMs = Math.min(60_000, timings.FUNDING.cadenceMs);
  const prices = new Map<string, OraclePrice>(); // by feed id
  const idByKey = new Map<string, string>(); // pair key → market id
  const keyById = new Map<string, string>();
  const volumes = new Map<number, number>(); // pair index → 24 h volume USD (history analytics)
  let gqlVolumes = new Map<string, number>();
  const dirty = new Map<string, { funding: boolean; price: boolean }>();
  let needSnapshot = false;
  let pending: Record<string, unknown> | null = null;
  let flushTimer: NodeJS.Timeout | null = null;
  let resyncTimer: NodeJS.Timeout | null = null;
  let lastDiffAt = 0;
  let feedSet = '';

  const stampAt = (channel: 'FUNDING' | 'DEPTH', asOf: number) => ({ asOf, slaMs: timings[channel].slaMs, source: 'LIVE' as const });
  const socketLive = () => socket.isOpen && !needSnapshot && state.source === 'v2';

  const setSourceFailed = (name: string, err: unknown) => kit.sourceFailed(name, err);
  const setSourceOk = (name: string, reason: string | null = null) => kit.sourceOk(name, reason);

  // ---------------------------------------------------------------- publishing
  function volumeOf(key: string): number | null {
    const p = state.pairs.get(key);
    if (!p) return null;
    if (p.index !== undefined && volumes.has(p.index)) return volumes.get(p.index)!;
    return gqlVolumes.get(`${p.from}/${p.to}`.toUpperCase()) ?? null;
  }

  /** Emit a pair's funding (catalog changed or confirmed live) and/or its oracle-priced stats and book. */
  function publish(key: string, what: { funding: boolean; price: boolean }): void {
    const id = idByKey.get(key);
    const p = state.pairs.get(key);
    if (!id || !p) return;
    try {
      const catalogAsOf = socketLive() ? io.now() : state.snapshotAt;
      if (what.funding)
        kit.emit({ type: 'funding', venue: 'avantis', funding: funding(p, id, state.source, stampAt('FUNDING', catalogAsOf)) });
      const fk = feedKey(p);
      const oracle = fk ? (prices.get(fk) ?? null) : null;
      if (!what.price || !oracle) return;
      kit.emit({
        type: 'stats',
        venue: 'avantis',
        market: id,
        asOf: oracle.publishTime,
        source: 'LIVE',
        stats: marketStats(p, oracle, volumeOf(key)),
      });
      const book = syntheticBook(p, id, oracle.price, stampAt('DEPTH', Math.min(oracle.publishTime, catalogAsOf)));
      if (book) kit.emit({ type: 'book', venue: 'avantis', book });
    } catch (err) {
      kit.fail(`publish ${id}`, err);
    }
  }

  function flushSoon(): void {
    if (flushTimer || kit.isDisposed) return;
    flushTimer = setTimeout(() => {
      flushTimer = null;
      const entries = [...dirty];
      dirty.clear();
      for (const [k, what] of entries) publish(k, what);
    }, 100);
    flushTimer.unref?.();
  }

  function markDirty(key: string, what: { funding: boolean; price: boolean }): void {
    const cur = dirty.get(key);
    dirty.set(key, { funding: what.funding || (cur?.funding ?? false), price: what.price || (cur?.price ?? false) });
  }

  function noteRejected(r: ApplyResult): void {
    for (const x of r.rejected) {
      count('pairs.rejected');
      kit.fail(`pair ${x.key}`, x.error);
    }
  }

  /** Rebuild ids and emit metadata from the current catalog. */
  function emitMetadata(): void {
    const metas: MarketMeta[] = [];
    idByKey.clear();
    keyById.clear();
    const keys = [...state.pairs.keys()].sort((a, b) => Number(a) - Number(b));
    let skipped = 0;
    for (const key of keys) {
      const p = state.pairs.get(key)!;
      const id = pairId(p);
      if (!id) {
        skipped++;
        continue;
      }
      if (keyById.has(id)) {
        count('pairs.duplicateId');
        continue;
      }
      idByKey.set(key, id);
      keyById.set(id, key);
      metas.push(marketMeta(p, id, state.source, state.group(p.groupIndex)));
    }
    kit.health.setCounter('pairs.skipped', skipped);
    kit.health.marketsExpected = metas.length;
    for (const m of [kit.stats, kit.funding, kit.books]) for (const id of [...m.keys()]) if (!keyById.has(id)) m.delete(id);
    kit.emit({ type: 'metadata', venue: 'avantis', markets: metas, asOf: state.snapshotAt, source: 'LIVE' });
    // The Hermes stream follows the feed set.
    const feeds = feedIds().join(',');
    if (feeds !== feedSet) {
      feedSet = feeds;
      if (feeds && sse.state === 'idle') sse.start();
      else if (sse.state !== 'idle') sse.restart('feed set changed');
    }
  }

  function feedIds(): string[] {
    const s = new Set<string>();
    for (const key of idByKey.keys()) {
      const f = feedKey(state.pairs.get(key)!);
      if (f) s.add(f);
    }
    return [...s].sort();
  }

  // ---------------------------------------------------------------- catalog
  async function loadFrom(source: CatalogSource, signal: AbortSignal): Promise<void> {
    const url = source === 'v2' ? `${config.AVANTIS_DATA_URL}/v2/trading` : config.AVANTIS_LEGACY_URL;
    const body = await kit.http.json(url, z.unknown(), { signal });
    let r: ApplyResult;
    try {
      r = state.load(body, source, io.now());
    } catch (err) {
      if (err instanceof DataError) throw new VenueError('avantis', err.code, `${url}: ${err.message}`);
      throw err;
    }
    noteRejected(r);
    kit.health.setCounter('pairs.retired', r.retired);
    if (source === 'v2' && pending) {
      noteRejected(state.apply(pending, io.now()));
      count('diffs.appliedAfterSnapshot');
    }
    pending = null;
    needSnapshot = false;
  }

  /** When the last whole-catalog fetch was attempted (success or not): the 60 s gap counts attempts. */
  let lastFetchAt = 0;
  const sinceFetch = () => io.now() - Math.max(lastFetchAt, state.snapshotAt);

  async function fetchCatalog(signal: AbortSignal): Promise<void> {
    lastFetchAt = io.now();
    try {
      await loadFrom('v2', signal);
      setSourceOk('data-api-v2');
    } catch (err) {
      const ve = setSourceFailed('data-api-v2', err);
      // Keep a v2 state that live diffs still keep current; otherwise serve the labelled legacy catalog.
      if (state.loaded && state.source === 'v2' && socket.isOpen && !needSnapshot) throw ve;
      kit.fail('catalog v2', ve);
      try {
        await loadFrom('legacy', signal);
        setSourceOk('legacy-catalog', 'serving the legacy catalog (no funding fields) because /v2/trading failed');
        count('catalog.legacy');
      } catch (err2) {
        setSourceFailed('legacy-catalog', err2);
        throw err2;
      }
    }
    emitMetadata();
    for (const k of idByKey.keys()) publish(k, { funding: true, price: true });
    kit.health.setTransport(socketLive() ? 'WEBSOCKET' : 'REST');
  }

  const catalog = kit.job('catalog', 'METADATA', async (signal) => {
    const wait = catalogGapMs - sinceFetch();
    if (lastFetchAt > 0 && wait > 0) {
      // Too soon for another whole snapshot: retry when the gap has passed.
      if (!resyncTimer && needSnapshot) {
        resyncTimer = setTimeout(() => {
          resyncTimer = null;
          void kit.scheduler.trigger(catalog);
        }, wait);
        resyncTimer.unref?.();
      }
      return;
    }
    await fetchCatalog(signal);
  });

  /** While the socket is down: poll the catalog (REST fallback) at the gap. */
  const poll = kit.job(
    'catalog-poll',
    'FUNDING',
    async (signal) => {
      if (socketLive() || sinceFetch() < catalogGapMs) return;
      count('catalog.restPolls');
      await fetchCatalog(signal);
    },
    undefined,
    Math.max(50, Math.min(catalogGapMs, timings.FUNDING.cadenceMs)),
  );

  /**
   * While the socket is live the merged catalog is current: re-publish funding at the funding cadence so its freshness
   * says so. Nothing is re-published from a catalog that is not being kept current (its stamp keeps the snapshot time).
   */
  const republish = kit.job('publish', 'FUNDING', () => {
    kit.health.setCounter('diffs.lastAgeMs', lastDiffAt ? io.now() - lastDiffAt : -1);
    if (socketLive()) for (const k of idByKey.keys()) publish(k, { funding: true, price: false });
    return Promise.resolve();
  });

  // ---------------------------------------------------------------- Socket.IO RES:DATA
  function onDiff(d: unknown): void {
    lastDiffAt = io.now();
    count('diffs.received');
    if (needSnapshot || !state.loaded) {
      // No snapshot on connect (§1.3): hold the merged diffs until the fresh /v2/trading is loaded.
      if (d && typeof d === 'object' && !Array.isArray(d)) pending = deepMerge(pending ?? {}, d as Record<string, unknown>);
      else kit.fail('RES:DATA', new VenueError('avantis', 'MALFORMED', 'RES:DATA: expected an object'));
      count('diffs.buffered');
      return;
    }
    try {
      const r = state.apply(d, io.now());
      noteRejected(r);
      const unknown = r.changed.filter((k) => !idByKey.has(k));
      for (const k of r.changed) markDirty(k, { funding: true, price: true });
      if (unknown.some((k) => pairId(state.pairs.get(k)!) !== null)) emitMetadata(); // a new pair was listed
      kit.health.setTransport('WEBSOCKET');
      flushSoon();
    } catch (err) {
      kit.fail('RES:DATA', err);
    }
  }

  const socket = kit.stream({
    name: 'avantis-socketio',
    watchdogMs,
    connect: socketIoConnector({
      url: config.AVANTIS_DATA_URL,
      path: config.AVANTIS_SOCKET_PATH,
      event: 'RES:DATA',
      timeoutMs: Math.max(1_000, timeoutMs),
      onEvent: onDiff,
    }),
    onOpen: () => {
      count('socket.opens');
      pending = null;
      // No snapshot on connect: load a fresh /v2/trading first, unless the one we hold was taken just now.
      if (state.loaded && state.source === 'v2' && io.now() - state.snapshotAt <= Math.min(5_000, catalogGapMs)) {
        needSnapshot = false;
        kit.health.setTransport('WEBSOCKET');
        return;
      }
      needSnapshot = true;
      void kit.scheduler.trigger(catalog);
    },
    onClose: () => {
      needSnapshot = true;
      if (!kit.isDisposed) kit.health.setTransport('REST');
    },
  });

  // ---------------------------------------------------------------- Pyth Hermes
  function onPrices(ps: Map<string, OraclePrice>): void {
    let n = 0;
    for (const [fk, price] of ps) {
      const prev = prices.get(fk);
      if (prev && prev.publishTime > price.publishTime) continue; // never go back in time
      prices.set(fk, price);
      n++;
    }
    if (n === 0) return;
    for (const [key] of idByKey) {
      const fk = feedKey(state.pairs.get(key)!);
      if (fk && ps.has(fk)) markDirty(key, { funding: false, price: true });
    }
    flushSoon();
  }

  const oracle = oracleFeed({
    kit,
    hermesUrl: config.PYTH_HERMES_URL,
    perTenSeconds: config.PYTH_RATE_LIMIT_PER_10S,
    timings,
    watchdogMs,
    timeoutMs,
    feedIds,
    onPrices,
  });
  const sse = oracle.sse;

  // ---------------------------------------------------------------- volume + GraphQL analytics
  const volume = kit.job('volume', 'METADATA', async (signal) => {
    try {
      const v = await kit.http.json(`${config.AVANTIS_HISTORY_URL}${VOLUME_PATH}`, DailyVolumes, { signal, retries: 0 });
      volumes.clear();
      for (const r of v.cumulativeVolumes) volumes.set(r.pairIndex, r.cumulativeVolume);
      setSourceOk(
        'history-volume',
        'daily-volumes-by-pair/1/true read as each pair’s last-day volume (the path’s semantics are unconfirmed, venues/avantis.md §1.4); pairs it omits have volume null',
      );
    } catch (err) {
      volumes.clear();
      const ve = setSourceFailed('history-volume', err);
      // A 429/418 pauses the whole Avantis budget: that is the venue's health, not just this source's.
      if (ve.code === 'RATE_LIMITED' || ve.code === 'BANNED') kit.fail('history-volume', ve);
    }
  });

  const graphql = kit.job('graphql-analytics', 'METADATA', async (signal) => {
    try {
      const a = await analytics.fetch(signal);
      gqlVolumes = a.volumes;
      kit.health.setCounter('graphql.fundingRows', a.fundingRows);
      kit.health.setCounter('graphql.liquidityRows', a.liquidityRows);
      setSourceOk('graphql-analytics', 'answers perpMarkets, fundingRates and liquiditySnapshots: used for 24 h volume only');
    } catch (err) {
      gqlVolumes = new Map();
      kit.sourceFailed('graphql-analytics', err, ' (venues/avantis.md §3: no Avantis GraphQL API is known; nothing is substituted)');
    }
  });

  const c: Connector = {
    venue: 'avantis',
    async start(o: ConnectorStartOptions) {
      kit.attach(o);
      kit.health.setTransport('REST');
      await kit.scheduler.start([catalog, oracle.latest, poll, republish, volume, graphql]);
      if (!kit.isDisposed) socket.start();
    },
    ...kit.delegates(),
    watchBook: (id) => void kit.watch(id),
    unwatchBook: (id) => kit.unwatch(id),
    fundingHistory: () => Promise.resolve(null), // not published by Avantis: the gateway samples (GATEWAY_SAMPLED)
    async dispose() {
      if (flushTimer) clearTimeout(flushTimer);
      if (resyncTimer) clearTimeout(resyncTimer);
      flushTimer = resyncTimer = null;
      oracle.dispose();
      await kit.dispose();
    },
  };
  return c;
};
