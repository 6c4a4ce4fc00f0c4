/**
 * Jupiter Perps, read from the chain (venues/jupiter.md §9, §11). At start and on every WebSocket (re)connect one
 * getMultipleAccounts (base64, confirmed) reads the pool, the custodies and their Doves AG oracles; then
 * accountSubscribe follows the same keys over SOLANA_WS_URL. Notifications go through a conflating queue keyed by
 * account (latest slot wins, an older slot than the one held is dropped; counted in health and /metrics) and are
 * decoded at drain, off the socket handler. While the socket is down or silent past the watchdog, getMultipleAccounts
 * is polled at the depth cadence inside the RPC budget (transport RPC, health DEGRADED); while it is healthy, a
 * reconcile read runs every JUPITER_RECONCILE_MS. Carry is BORROW_FEE (custody jump-rate curve, integer arithmetic);
 * depth is a SYNTHETIC fee ladder. perps-api (volume, borrow cross-check) and the Price API (sanity band) fail soft.
 */
import type { Connector, ConnectorStartOptions } from '../../core/connector.js';
import { VenueError } from '../../core/errors.js';
import { ConnectorKit } from '../../core/template.js';
import { ConflatingQueue } from '../../core/queue.js';
import { wsConnector, type StreamLink } from '../../core/stream.js';
import type { FundingPoint, Stamp } from '../../core/types.js';
import type { VenueFactory } from '../factory.js';
import { JupiterApi } from './client.js';
import { ORACLE_MAX_AGE_MS } from './constants.js';
import { oraclePrice } from './decode.js';
import { jupFunding, marketBook, marketMeta, marketStats, staleOracle, type JupMarket } from './normalize.js';
import { SolanaRpc, type AccountsAnswer } from './rpc.js';
import { sourceJobs } from './sources.js';
import { VenueState } from './state.js';
import { AccountSubscriptions, parsePubsub } from './stream.js';

/** Notifications are drained at most this often (ms): a burst coalesces per account in between. */
const FLUSH_MS = 50;

interface Note {
  slot: number;
  data: string | null;
  owner: string | null;
}

export const createJupiterConnector: VenueFactory = ({ io, config, timings, watchdogMs, timeoutMs }) => {
  // A Doves price older than 60 s is stale (§5.6): MARK, and the freshness of funding and depth that use it.
  const capped = (slaMs: number) => Math.min(slaMs, ORACLE_MAX_AGE_MS);
  const kit = new ConnectorKit({
    venue: 'jupiter',
    io,
    budgetPerMinute: config.JUPITER_RATE_LIMIT_PER_MIN,
    preferredTransport: 'WEBSOCKET',
    timings: { ...timings, MARK: { ...timings.MARK, slaMs: capped(timings.MARK.slaMs) } },
    http: { timeoutMs },
  });
  const count = (name: string, by = 1) => kit.health.count(name, by);
  const rpc = new SolanaRpc({ http: kit.http, url: config.SOLANA_RPC_URL, limiter: kit.limiter, count });
  const api = new JupiterApi({
    fetch: io.fetch,
    now: io.now,
    perpsUrl: config.JUPITER_PERPS_API_URL,
    priceUrl: config.JUPITER_PRICE_API_URL,
    apiKey: config.JUPITER_API_KEY,
    budgetPerMinute: config.JUPITER_API_RATE_LIMIT_PER_MIN,
    timeoutMs,
    count,
  });
  const state = new VenueState(config);
  const volumes = new Map<string, number>();
  const staleMarks = new Set<string>();
  let lastSnapshotAt = 0;
  let forceSnapshot = false;
  let openedAt = 0;
  let lastNotificationAt = 0;
  let olderSlotDropped = 0;
  let notifications = 0;
  let maxDepth = 0;
  let flushTimer: NodeJS.Timeout | null = null;

  for (const [name, enabled, what] of [
    ['perps-api', config.JUPITER_PERPS_API_ENABLED, 'JUPITER_PERPS_API_ENABLED=false'],
    ['price-api', config.JUPITER_PRICE_CHECK_ENABLED, 'JUPITER_PRICE_CHECK_ENABLED=false'],
  ] as const) {
    if (!enabled) kit.health.setSource({ name, status: 'DISABLED', reason: what, lastSuccessAt: null });
  }

  const stamp = (asOf: number, slaMs: number): Stamp => ({ asOf, slaMs: capped(slaMs), source: 'LIVE' });

  /** Emit stats, funding and the synthetic book of one market from the decoded state. */
  function emitMarket(m: JupMarket): void {
    const c = state.custodies.get(m.custody)?.value;
    if (!c) return;
    const shortKey = state.shortCustodyKey;
    const shortC = shortKey ? (state.custodies.get(shortKey)?.value ?? null) : null;
    const o = state.oracles.get(c.dovesAgOracle);
    const now = io.now();
    const ts = o ? Math.min(now, Number(o.value.timestamp) * 1000) : now;
    kit.emit({ type: 'funding', venue: 'jupiter', funding: jupFunding(m.id, c, shortC, stamp(ts, timings.FUNDING.slaMs)) });
    if (!o) {
      count('oracle.missing');
      return;
    }
    const mark = oraclePrice(o.value);
    if (!(mark > 0))
      throw new VenueError('jupiter', 'INVALID_NUMBER', `${m.id}: Doves AG price ${o.value.price}e${o.value.expo} is not positive`);
    kit.emit({
      type: 'stats',
      venue: 'jupiter',
      market: m.id,
      asOf: ts,
      source: 'LIVE',
      stats: marketStats(c, mark, volumes.get(m.id) ?? null),
    });
    const usdcOracle = shortC ? state.oracles.get(shortC.dovesAgOracle)?.value : undefined;
    const book = marketBook(
      m.id,
      c,
      shortC,
      mark,
      usdcOracle ? oraclePrice(usdcOracle) : 1,
      stamp(ts, timings.DEPTH.slaMs),
      String(o.slot),
    );
    kit.emit({ type: 'book', venue: 'jupiter', book });
    const age = now - ts;
    if (age > ORACLE_MAX_AGE_MS) {
      if (!staleMarks.has(m.id)) kit.fail(`oracle ${m.id}`, staleOracle(m.id, age, o.value.maxAgPriceAgeSec));
      staleMarks.add(m.id);
    } else staleMarks.delete(m.id);
  }

  /** MARK freshness is the oldest served oracle publish time (not when we read it). */
  function markFreshness(): void {
    let oldest = Infinity;
    for (const m of state.markets) {
      const c = state.custodies.get(m.custody)?.value;
      const o = c ? state.oracles.get(c.dovesAgOracle) : undefined;
      if (o) oldest = Math.min(oldest, Number(o.value.timestamp) * 1000);
    }
    if (Number.isFinite(oldest)) kit.health.lastSuccess.set('MARK', Math.min(oldest, io.now()));
  }

  function emitAll(markets: readonly JupMarket[]): void {
    for (const m of markets) {
      try {
        emitMarket(m);
      } catch (err) {
        kit.fail(`state ${m.id}`, err);
      }
    }
    markFreshness();
  }

  function emitMetadata(): void {
    const metas = state.markets.flatMap((m) => {
      const c = state.custodies.get(m.custody)?.value;
      return c ? [marketMeta(m, c, state.stables)] : [];
    });
    kit.health.marketsExpected = state.markets.length;
    for (const map of [kit.stats, kit.funding, kit.books])
      for (const id of [...map.keys()]) if (!metas.some((x) => x.id === id)) map.delete(id);
    kit.emit({ type: 'metadata', venue: 'jupiter', markets: metas, asOf: io.now(), source: 'LIVE' });
    kit.health.setSource({
      name: 'discovery',
      status: state.skipped.size ? 'FRAGILE' : 'AVAILABLE',
      reason: state.skipped.size
        ? [...state.skipped.values()].join('; ')
        : `pool ${state.poolKey}: ${state.custodyKeys().length} custodies`,
      lastSuccessAt: io.now(),
    });
  }

  /** Apply one account; a decode failure is typed and counted, the previous record stays. */
  function applyOne(key: string, slot: number, data: Buffer, owner: string | null): JupMarket[] {
    try {
      const role = state.apply(key, slot, data, owner);
      if (role === null) return [];
      if (role !== 'oracle') ensureSubscriptions(); // a custody may name a new oracle, the pool a new custody
      return state.affected(key);
    } catch (err) {
      count('decode.errors');
      kit.fail(`decode ${key}`, err);
      return [];
    }
  }

  function applyAnswer(ans: AccountsAnswer): void {
    for (const [key, v] of ans.accounts) {
      if (v === null) {
        count(`account.missing.${state.roleOf(key) ?? 'unknown'}`);
        continue;
      }
      applyOne(key, ans.slot, Buffer.from(v.data[0], 'base64'), v.owner);
    }
  }

  // ---- WebSocket: subscriptions, conflating queue ----
  const subs = new AccountSubscriptions();
  let link: StreamLink | null = null;

  function ensureSubscriptions(): void {
    const l = link;
    if (l && stream.isOpen) subs.ensure(state.keys(), (frame) => l.send(frame));
  }

  const dirty = new Set<JupMarket>();
  let recomputeQueued = false;
  const queue = new ConflatingQueue<string, Note>(
    256,
    (key, n) => {
      if (n.data === null) return void count('stream.accountClosed');
      for (const m of applyOne(key, n.slot, Buffer.from(n.data, 'base64'), n.owner)) dirty.add(m);
      if (!recomputeQueued) {
        recomputeQueued = true;
        queueMicrotask(() => {
          recomputeQueued = false;
          const batch = [...dirty];
          dirty.clear();
          if (state.rebuild()) emitMetadata();
          emitAll(batch);
          transport();
        });
      }
    },
    (incoming, held) => held === undefined || incoming.slot >= held.slot,
    (fn) => {
      flushTimer = setTimeout(() => {
        flushTimer = null;
        fn();
      }, FLUSH_MS);
      flushTimer.unref?.();
    },
  );

  function onFrame(text: string): void {
    const f = parsePubsub(text);
    switch (f.kind) {
      case 'ack':
        subs.ack(f.id, f.subscription);
        return;
      case 'notification': {
        const key = subs.keyOf(f.subscription);
        if (!key) return void count('stream.unknownSubscription');
        notifications++;
        lastNotificationAt = io.now();
        if (f.slot < state.heldSlot(key)) {
          olderSlotDropped++;
          return;
        }
        queue.push(key, { slot: f.slot, data: f.data, owner: f.owner });
        if (queue.depth > maxDepth) maxDepth = queue.depth;
        return;
      }
      case 'error':
        kit.fail(
          'stream',
          new VenueError('jupiter', 'RPC_ERROR', `pubsub error${f.id === null ? '' : ` (request ${f.id})`}: ${f.message}`),
        );
        return;
      case 'malformed':
        count('stream.malformed');
        kit.fail('stream', new VenueError('jupiter', 'MALFORMED', `pubsub frame: ${f.reason}`));
        return;
      case 'other':
        return;
    }
  }

  const stream = kit.stream({
    name: 'solana-accounts',
    watchdogMs,
    // Pings keep a quiet but healthy socket alive (pong = activity); data silence is handled by polling instead.
    connect: wsConnector(io.WebSocket, config.SOLANA_WS_URL, onFrame, { pingIntervalMs: Math.max(50, Math.floor(watchdogMs / 3)) }),
    onOpen(l, isReconnect) {
      link = l;
      openedAt = io.now();
      subs.reset();
      ensureSubscriptions();
      if (isReconnect) {
        kit.health.resynced();
        forceSnapshot = true;
        void kit.scheduler.trigger(accounts);
      }
    },
    onClose() {
      link = null;
      subs.reset();
      transport();
    },
  });

  /** The stream delivers: open, subscribed, and a notification within the watchdog (or just opened). */
  function streamFresh(): boolean {
    if (!stream.isOpen) return false;
    const t = io.now();
    return t - Math.max(lastNotificationAt, openedAt) < watchdogMs;
  }

  function transport(): void {
    kit.health.setTransport(streamFresh() ? 'WEBSOCKET' : 'RPC');
  }

  // ---- Jobs ----
  const accounts = kit.job(
    'accounts',
    'DEPTH',
    async (signal) => {
      const polling = !streamFresh();
      forceSnapshot = false;
      let keys = state.keys();
      applyAnswer(await rpc.getMultipleAccounts(keys, signal));
      // Discovery: the pool may list new custodies, a custody may name a new oracle: read those too (twice at most).
      for (let i = 0; i < 2; i++) {
        const more = state.keys().filter((k) => !keys.includes(k));
        if (more.length === 0) break;
        keys = [...keys, ...more];
        applyAnswer(await rpc.getMultipleAccounts(more, signal));
      }
      lastSnapshotAt = io.now();
      if (polling && lastNotificationAt + openedAt > 0) count('poll.fallback');
      state.rebuild();
      if (state.markets.length === 0) {
        throw new VenueError(
          'jupiter',
          'UNAVAILABLE',
          `no tradable custody decoded (${[...state.skipped.values()].join('; ') || 'no custody account readable'})`,
        );
      }
      emitMetadata();
      emitAll(state.markets);
      ensureSubscriptions();
      transport();
    },
    () => {
      transport();
      return forceSnapshot || state.markets.length === 0 || !streamFresh() || io.now() - lastSnapshotAt >= config.JUPITER_RECONCILE_MS;
    },
  );

  const { perps, priceCheck } = sourceJobs({ kit, config, api, state, volumes, emitAll });

  function counters(): void {
    const h = kit.health;
    h.setCounter('stream.notifications', notifications);
    h.setCounter('stream.coalesced', queue.conflated);
    h.setCounter('stream.dropped', queue.dropped + olderSlotDropped);
    h.setCounter('stream.olderSlotDropped', olderSlotDropped);
    h.setCounter('stream.queueDepth', queue.depth);
    h.setCounter('stream.queueDepthMax', maxDepth);
    h.setCounter('stream.subscriptions', subs.active);
    h.setCounter('rpc.slot', rpc.highestSlot);
  }

  const c: Connector = {
    venue: 'jupiter',
    async start(o: ConnectorStartOptions) {
      kit.attach(o);
      await kit.scheduler.start([accounts, perps, priceCheck]);
      if (!kit.isDisposed) stream.start();
    },
    ...kit.delegates(),
    watchBook: (id) => void kit.watch(id),
    unwatchBook: (id) => kit.unwatch(id),
    // No venue history: the gateway samples the per-side borrow rates every minute (GATEWAY_SAMPLED, §6.5).
    fundingHistory: (): Promise<FundingPoint[] | null> => Promise.resolve(null),
    health: () => {
      counters();
      transport();
      return kit.snapshot();
    },
    async dispose() {
      if (flushTimer) clearTimeout(flushTimer);
      queue.clear();
      api.dispose();
      await kit.dispose();
    },
  };
  return c;
};
