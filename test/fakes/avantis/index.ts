/**
 * Fake Avantis for tests, speaking the wire formats in docs/venues/avantis.md:
 * - data host (`AVANTIS_DATA_URL`): `GET /v2/trading` (the snapshot, optionally `{data}`-wrapped), a Socket.IO v4 server
 *   at `/socket.io` that emits `RES:DATA` diffs (no snapshot on connect), and the history volume route;
 * - legacy catalog host path `/socket-api/v1/data` (legacy envelope, snake_case attributes, no funding fields);
 * - Pyth Hermes (`PYTH_HERMES_URL`): `/v2/updates/price/latest` and the SSE `/v2/updates/price/stream`;
 * - optionally a GraphQL server implementing the seed's `perpMarkets`, `fundingRates`, `liquiditySnapshots`.
 * Every HTTP route goes through FakeServer's fault API.
 */
import type { ServerResponse } from 'node:http';
import { buildSchema, graphql } from 'graphql';
import { Server as SocketIOServer } from 'socket.io';
import { FakeServer } from '../server.js';
import { avantisFixture, hermesPrice, type HermesRow } from './fixtures.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
function merge(t: Obj, d: Obj): Obj {
  for (const [k, v] of Object.entries(d)) {
    if (isObj(v) && isObj(t[k])) merge(t[k] as Obj, v);
    else t[k] = isObj(v) ? structuredClone(v) : v;
  }
  return t;
}

const GQL_SCHEMA = buildSchema(/* GraphQL */ `
  type PerpMarket {
    symbol: String!
    volume24hUsd: Float
  }
  type FundingRate {
    symbol: String!
    longRatePerHourPct: Float!
    shortRatePerHourPct: Float!
  }
  type LiquiditySnapshot {
    symbol: String!
    onePercentDepthAboveUsd: Float!
    onePercentDepthBelowUsd: Float!
  }
  type Query {
    perpMarkets: [PerpMarket!]!
    fundingRates: [FundingRate!]!
    liquiditySnapshots: [LiquiditySnapshot!]!
  }
`);

export class FakeAvantis {
  readonly data = new FakeServer();
  readonly hermes = new FakeServer();
  readonly gql: FakeServer | null;
  io!: SocketIOServer;
  /** The v2 catalog as the data API serves it; diffs are merged into it. */
  catalog: Obj = avantisFixture();
  readonly prices = new Map<string, HermesRow>();
  /** Wrap /v2/trading in `{ data }` (the SDK accepts both). */
  wrap = false;
  /** Overrides where the connector's AVANTIS_GRAPHQL_URL points. */
  graphqlUrl: string | null = null;
  /** Refuse Socket.IO connections (the REST fallback becomes the data path). */
  refuseSocket = false;
  private readonly sse = new Set<ServerResponse>();
  /** Re-publish held prices every 400 ms like Pyth does (off: prices only change through setPrice). */
  ticking = true;
  private keepAlive: NodeJS.Timeout | null = null;
  readonly emitted: unknown[] = [];

  private constructor(o: { graphql: boolean }) {
    this.gql = o.graphql ? new FakeServer() : null;
  }

  static async start(o: { graphql?: boolean } = {}): Promise<FakeAvantis> {
    const f = new FakeAvantis({ graphql: o.graphql ?? false });
    await f.init();
    return f;
  }

  private async init(): Promise<void> {
    await this.data.start();
    await this.hermes.start();
    if (this.gql) await this.gql.start();
    for (const [id, p] of Object.entries(DEFAULT_PRICES))
      this.prices.set(id, hermesPrice(id, p.price, p.expo, Math.floor(Date.now() / 1000)));

    this.data.route('GET', '/v2/trading', () => (this.wrap ? { data: this.catalog, success: true } : this.catalog));
    this.data.route('GET', '/socket-api/v1/data', () => ({ data: legacyOf(this.catalog), success: true }));
    this.data.route('GET', '/v1/history/analytics/daily-volumes-by-pair/1/true', () => ({
      success: true,
      cumulativeVolumes: [
        { pairIndex: 0, cumulativeVolume: 12_500_000 },
        { pairIndex: 1, cumulativeVolume: 48_000_000 },
      ],
    }));
    this.data.upgradeExclude.push('/socket.io');
    this.io = new SocketIOServer(this.data.httpServer, {
      path: '/socket.io',
      transports: ['websocket'],
      destroyUpgrade: false,
      pingInterval: 300,
      pingTimeout: 1000,
    });
    this.io.use((_socket, next) => (this.refuseSocket ? next(new Error('refused by the fake')) : next()));

    this.hermes.route('GET', '/v2/updates/price/latest', (req) => {
      const ids = req.query.getAll('ids[]').map((x) => x.toLowerCase().replace(/^0x/, ''));
      return { binary: { encoding: 'hex', data: [] }, parsed: ids.filter((id) => this.prices.has(id)).map((id) => this.prices.get(id)) };
    });
    this.hermes.routeStream('GET', '/v2/updates/price/stream', (req, res) => {
      const ids = new Set(req.query.getAll('ids[]').map((x) => x.toLowerCase().replace(/^0x/, '')));
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      (res as ServerResponse & { ids?: Set<string> }).ids = ids;
      this.sse.add(res);
      res.on('close', () => this.sse.delete(res));
      res.write(':connected\n\n');
    });
    // Pyth publishes every ~400 ms: re-publish the held prices with a fresh publish time (plus a keep-alive comment).
    this.keepAlive = setInterval(() => {
      if (this.ticking) for (const row of this.prices.values()) this.setPrice(row.id, row.price.price, row.price.expo);
      for (const r of this.sse) r.write(':keep-alive\n\n');
    }, 400);

    if (this.gql)
      this.gql.route('POST', '/graphql', async (req) => {
        const { query } = JSON.parse(req.body) as { query: string };
        return graphql({ schema: GQL_SCHEMA, source: query, rootValue: this.gqlRoot() });
      });
  }

  private gqlRoot() {
    const pairs = Object.values(this.catalog.pairInfos as Record<string, Obj>).filter((p) => p.from && p.isPairListed !== false);
    return {
      perpMarkets: () =>
        pairs.map((p) => ({ symbol: `${String(p.from)}/${String(p.to)}`, volume24hUsd: p.from === 'BTC' ? 7_777_000 : null })),
      fundingRates: () =>
        pairs.map((p) => ({
          symbol: `${String(p.from)}/${String(p.to)}`,
          longRatePerHourPct: (p.fundingRate as { long: number }).long,
          shortRatePerHourPct: (p.fundingRate as { short: number }).short,
        })),
      liquiditySnapshots: () =>
        pairs.map((p) => ({
          symbol: `${String(p.from)}/${String(p.to)}`,
          onePercentDepthAboveUsd: (p.pairParams as { onePercentDepthAbove: number }).onePercentDepthAbove,
          onePercentDepthBelowUsd: (p.pairParams as { onePercentDepthBelow: number }).onePercentDepthBelow,
        })),
    };
  }

  /** Merge a diff into the served catalog and push it as `RES:DATA` to every connected client. */
  emitDiff(diff: Obj): void {
    merge(this.catalog, diff);
    this.emitted.push(diff);
    this.io.emit('RES:DATA', diff);
  }

  /** Push a raw `RES:DATA` payload without touching the catalog (malformed-diff tests). */
  emitRaw(payload: unknown): void {
    this.io.emit('RES:DATA', payload);
  }

  /** Change only the REST snapshot (what a client that missed diffs would not know). */
  patchSnapshot(diff: Obj): void {
    merge(this.catalog, diff);
  }

  get socketClients(): number {
    return this.io.engine.clientsCount;
  }

  /** Server-side disconnect of every Socket.IO client. */
  dropSockets(): void {
    this.io.disconnectSockets(true);
  }

  /** Set a feed's price (as Pyth integer + expo) and push it on every SSE stream that follows the feed. */
  setPrice(feedId: string, price: string, expo = -8, publishTime = Math.floor(Date.now() / 1000)): void {
    const row = hermesPrice(feedId, price, expo, publishTime);
    this.prices.set(row.id, row);
    const event = `data: ${JSON.stringify({ binary: { encoding: 'hex', data: [] }, parsed: [row] })}\n\n`;
    for (const r of this.sse) if ((r as ServerResponse & { ids?: Set<string> }).ids?.has(row.id)) r.write(event);
  }

  /** Write a raw SSE chunk to every stream (malformed / error-event tests). */
  sseRaw(chunk: string): void {
    for (const r of this.sse) r.write(chunk);
  }

  dropSse(): void {
    for (const r of this.sse) r.destroy();
    this.sse.clear();
  }

  get sseClients(): number {
    return this.sse.size;
  }

  env(o: { graphqlUrl?: string } = {}): Record<string, string> {
    return {
      AVANTIS_DATA_URL: this.data.url,
      AVANTIS_SOCKET_PATH: '/socket.io',
      AVANTIS_LEGACY_URL: `${this.data.url}/socket-api/v1/data`,
      AVANTIS_HISTORY_URL: this.data.url,
      AVANTIS_GRAPHQL_URL: o.graphqlUrl ?? this.graphqlUrl ?? (this.gql ? `${this.gql.url}/graphql` : 'http://127.0.0.1:9/graphql'),
      PYTH_HERMES_URL: this.hermes.url,
    };
  }

  async close(): Promise<void> {
    if (this.keepAlive) clearInterval(this.keepAlive);
    this.dropSse();
    this.io.disconnectSockets(true);
    await new Promise<void>((r) => {
      this.io.engine.close();
      r();
    });
    await this.data.close();
    await this.hermes.close();
    if (this.gql) await this.gql.close();
  }
}

/** Hermes prices at start (integer price, expo). */
export const DEFAULT_PRICES: Record<string, { price: string; expo: number }> = {
  ff61491a931112ddf1bd8147cd1b641375f79f5825126d665480874634fd0ace: { price: '350000000000', expo: -8 }, // ETH 3500
  e62df6c8b4a85fe1a67db44dc12de5db330f7ac66b72dc658afedf0f4a415b43: { price: '9000000000000', expo: -8 }, // BTC 90000
  ef0d8b6fda2ceba41da15d4095d1da392a0d2f8ed0c6c7bc0f4cfac8c280b56d: { price: '15000000000', expo: -8 }, // SOL 150
  a995d00bb36a63cef7fd2c287dc105fc8f3d93779f062f09551b0af3e81ec30b: { price: '108500', expo: -5 }, // EUR 1.085
};

/** The legacy catalog: same pairs, snake_case market-hours attributes, no v2-only fields (§1.1). */
function legacyOf(catalog: Obj): Obj {
  const out = structuredClone(catalog);
  out.dataVersion = 1.5;
  for (const p of Object.values(out.pairInfos as Record<string, Obj>)) {
    for (const k of ['fundingRate', 'fundingFeePerHourP', 'coinOI', 'additionalPairParams2', 'liquidity', 'accPerOiLong', 'accPerOiShort'])
      delete p[k];
    const attrs = (p.feed as Obj | undefined)?.attributes as Obj | undefined;
    if (attrs) {
      (p.feed as Obj).attributes = {
        symbol: attrs.symbol,
        asset_type: attrs.assetType,
        is_open: attrs.isOpen,
        next_open: attrs.nextOpen,
        next_close: attrs.nextClose,
      };
    }
  }
  return out;
}
