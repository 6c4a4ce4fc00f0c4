/**
 * Hyperliquid live connector (docs/venues/hyperliquid.md): one `metaAndAssetCtxs` poll per funding cadence for
 * metadata, funding, mark, OI and volume; one WebSocket with `allMids` and `l2Book` snapshots for the depth set (top
 * coins by volume + watched), kept in line by subscribe/unsubscribe; REST `l2Book` / `allMids` only while the socket is
 * down; `predictedFundings` as an optional cross-check; 90-day history backfill from spare budget.
 */
import type { Connector, ConnectorStartOptions } from '../../core/connector.js';
import { VenueError } from '../../core/errors.js';
import { ConnectorKit } from '../../core/kit.js';
import { wsConnector } from '../../core/stream.js';
import type { VenueFactory } from '../factory.js';
import { InfoClient } from './client.js';
import type { HyperliquidConfig } from './config.js';
import { MAX_BOOK_SUBSCRIPTIONS, VENUE, WS_PING_MS } from './constants.js';
import {
  backfillHistory,
  chooseDepthCoins,
  emitBook,
  historyPages,
  initialState,
  pollBooksRest,
  pollMarkets,
  pollMids,
  pollPredicted,
  type HlCtx,
} from './jobs.js';
import { BookSubscriptions, parseFrame, PING, subscribeMsg } from './stream.js';

export const createHyperliquidConnector: VenueFactory = ({ io, config: all, timings, watchdogMs, timeoutMs }) => {
  const config = all as unknown as HyperliquidConfig;
  const kit = new ConnectorKit({
    venue: VENUE,
    io,
    budgetPerMinute: config.HYPERLIQUID_RATE_LIMIT_PER_MIN,
    preferredTransport: 'WEBSOCKET',
    timings,
    http: { timeoutMs },
  });
  const subs = new BookSubscriptions();
  let lastFrameAt = 0;
  const streamUp = () => stream.isOpen && io.now() - lastFrameAt < Math.max(watchdogMs, 3000);
  const ctx: HlCtx = {
    kit,
    client: new InfoClient(kit.http, config.HYPERLIQUID_API_URL),
    config,
    state: initialState(),
    streamUp,
    refreshDepthSet() {
      if (kit.isDisposed) return;
      ctx.state.depthCoins = chooseDepthCoins(ctx, MAX_BOOK_SUBSCRIPTIONS);
      subs.wanted = ctx.state.depthCoins;
      if (stream.isOpen) for (const m of subs.sync()) stream.send(m);
      stream.start();
    },
  };

  function onFrame(text: string): void {
    lastFrameAt = io.now();
    const f = parseFrame(text);
    if (f.kind === 'malformed') {
      kit.health.count('malformedFrames');
      kit.fail('stream', new VenueError(VENUE, 'MALFORMED', `stream frame: ${f.reason}`));
    } else if (f.kind === 'error') {
      kit.health.count('streamErrors');
      kit.fail('stream', new VenueError(VENUE, 'UNAVAILABLE', `stream error frame: ${f.message}`));
    } else if (f.kind === 'mids') ctx.state.mids = { at: io.now(), values: f.mids };
    else if (f.kind === 'book') {
      kit.health.setTransport('WEBSOCKET');
      try {
        emitBook(ctx, f.book);
      } catch (err) {
        kit.fail(`stream book ${f.book.coin}`, err);
      }
    }
  }

  const stream = kit.stream({
    name: 'hyperliquid-ws',
    watchdogMs,
    connect: wsConnector(io.WebSocket, config.HYPERLIQUID_WS_URL, onFrame),
    onOpen: (link) => {
      lastFrameAt = io.now();
      subs.reset();
      link.send(subscribeMsg({ type: 'allMids' }));
      for (const m of subs.sync()) link.send(m);
    },
  });

  const job = (
    name: string,
    ch: 'FUNDING' | 'DEPTH' | 'METADATA',
    run: (s: AbortSignal) => Promise<void>,
    when?: () => boolean,
    ms?: number,
  ) => kit.job(name, ch, run, when, ms);
  const jobs = [
    job('markets', 'FUNDING', (s) => pollMarkets(ctx, s)),
    job('mids', 'DEPTH', (s) => pollMids(ctx, s)),
    job(
      'books-rest',
      'DEPTH',
      (s) => pollBooksRest(ctx, s),
      () => !streamUp(),
    ),
    job('predicted-fundings', 'METADATA', (s) => pollPredicted(ctx, s)),
    job(
      'history-backfill',
      'FUNDING',
      (s) => backfillHistory(ctx, s),
      undefined,
      Math.max(2_000, Math.floor(timings.FUNDING.cadenceMs / 6)),
    ),
    // App-level heartbeat (§4): the venue drops a socket silent for 60 s; also keeps our watchdog fed.
    job(
      'ping',
      'DEPTH',
      () => Promise.resolve(void stream.send(PING)),
      () => stream.isOpen,
      Math.min(WS_PING_MS, Math.max(50, watchdogMs / 2)),
    ),
  ];

  const c: Connector = {
    venue: VENUE,
    async start(o: ConnectorStartOptions) {
      kit.attach(o);
      await kit.scheduler.start(jobs);
    },
    ...kit.delegates(),
    watchBook(id) {
      if (kit.watch(id) && ctx.state.coins.has(id)) ctx.refreshDepthSet();
    },
    unwatchBook(id) {
      kit.unwatch(id);
      if (!kit.watched.has(id) && ctx.state.coins.has(id)) ctx.refreshDepthSet();
    },
    async fundingHistory(id, from, to) {
      const coin = ctx.state.coins.get(id);
      return coin === undefined ? null : historyPages(ctx, coin, from, to);
    },
    dispose: () => kit.dispose(),
  };
  return c;
};
