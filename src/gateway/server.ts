/**
 * The API edge, composed: the app runtime (src/app/), Apollo Server 5 on node:http (POST/GET /graphql), the fan-out
 * graphql-transport-ws server on the same port and path (src/gateway/ws/), GraphiQL and the board from local
 * packages, the REST payload, /healthz, /readyz and /metrics (src/gateway/http/).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApolloServer } from '@apollo/server';
import type { Registry } from 'prom-client';
import { WebSocketServer } from 'ws';
import { App, type AppOptions } from '../app/app.js';
import { createMetrics, registerGatewayMetrics, registerHistoryMetrics } from '../telemetry/metrics.js';
import { historyBufferStatus } from '../store/history-buffer.js';
import { startApollo } from './graphql/apollo.js';
import { createContext, type GatewayContext } from './graphql/context.js';
import { guardDocument } from './graphql/document-guard.js';
import { IpRateLimiter, limitsRule, type ClientRateLimiter, type QueryLimits } from './graphql/limits.js';
// schema.js before resolvers/spreads.js: query.ts and spreads.ts import each other, and the schema must load first.
import { buildSchema } from './graphql/schema.js';
import { topSpreadsSummary } from './graphql/resolvers/spreads.js';
import { graphqlHandler } from './http/graphql.js';
import { MAX_BODY } from './http/io.js';
import { metricsHealth } from './http/metrics.js';
import { ResponseCache } from './http/response-cache.js';
import { RestPayloadCache } from './http/rest.js';
import { requestListener } from './http/routes.js';
import { FanoutServer } from './ws/server.js';

export interface Gateway {
  app: App;
  responses: ResponseCache;
  fanout: FanoutServer;
  server: Server;
  url: string;
  wsUrl: string;
  metrics: Registry;
  close(): Promise<void>;
}

export type GatewayOptions = AppOptions & {
  port?: number;
  host?: string;
  /** Per-client HTTP budget. Default: in-process, PERP_HTTP_RATE_LIMIT_PER_MIN per address. */
  httpLimiter?: ClientRateLimiter;
};

const limitsOf = (app: App): QueryLimits => ({
  maxDepth: app.config.PERP_MAX_QUERY_DEPTH,
  maxAliases: app.config.PERP_MAX_ALIASES,
  maxCost: app.config.PERP_MAX_QUERY_COST,
});

interface Edge {
  server: Server;
  wss: WebSocketServer;
  fanout: FanoutServer;
  apollo: ApolloServer<GatewayContext>;
  responses: ResponseCache;
  metrics: Registry;
}

/** The GraphQL, WebSocket and HTTP surfaces over a started app (not yet listening). */
async function buildEdge(app: App, opts: GatewayOptions): Promise<Edge> {
  const schema = buildSchema();
  const limits = limitsOf(app);
  const server = createServer();
  const wss = new WebSocketServer({ server, path: '/graphql', maxPayload: MAX_BODY });
  // The WebSocket server re-emits the HTTP server's errors; listen() reports those (a busy port) to the caller.
  wss.on('error', () => undefined);
  const fanout = new FanoutServer(wss, {
    schema,
    // One context per subscription group; refreshed before every frame (clock, loaders).
    context: () => createContext(app),
    rules: (variables) => [limitsRule(limits, () => variables)],
    guard: (query) => guardDocument(query, limits.maxDepth),
  });
  const apollo = await startApollo({
    schema,
    introspection: app.config.PERP_INTROSPECTION,
    rules: [limitsRule(limits)],
    httpServer: server,
    onDrain: () => fanout.close(),
  });
  const responses = new ResponseCache(500, app.config.PERP_RESPONSE_CACHE_MS);
  const metrics = createMetrics(() => metricsHealth(app));
  registerGatewayMetrics(metrics, () => ({ ...fanout.stats, cacheHits: responses.hits, cacheMisses: responses.misses }));
  if (historyBufferStatus(app.history)) registerHistoryMetrics(metrics, () => historyBufferStatus(app.history)!);
  server.on(
    'request',
    requestListener({
      app,
      graphql: graphqlHandler(app, apollo, responses),
      rest: new RestPayloadCache(app, schema, topSpreadsSummary),
      metrics,
      ipLimiter: opts.httpLimiter ?? new IpRateLimiter(app.config.PERP_HTTP_RATE_LIMIT_PER_MIN, app.now),
      logger: opts.io.logger,
      cors: app.config.PERP_CORS_ORIGINS,
    }),
  );
  return { server, wss, fanout, apollo, responses, metrics };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function waitClosed(wss: WebSocketServer, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve) => {
    const check = (): void => {
      if (wss.clients.size === 0 || Date.now() >= deadline) resolve();
      else setTimeout(check, 20);
    };
    check();
  });
}

export async function startGateway(opts: GatewayOptions): Promise<Gateway> {
  const app = new App(opts);
  await app.start();
  const edge = await buildEdge(app, opts);
  const { server, wss } = edge;
  await listen(server, opts.port ?? 0, opts.host ?? '127.0.0.1').catch(async (err: unknown) => {
    // A busy port (EADDRINUSE) and the like: stop what started, and let the caller report it.
    await edge.apollo.stop().catch(() => undefined);
    edge.fanout.close();
    await app.dispose();
    throw err;
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host && opts.host !== '0.0.0.0' ? opts.host : '127.0.0.1';
  let closed = false;
  return {
    app,
    responses: edge.responses,
    fanout: edge.fanout,
    server,
    metrics: edge.metrics,
    url: `http://${host}:${port}`,
    wsUrl: `ws://${host}:${port}/graphql`,
    async close() {
      if (closed) return;
      closed = true;
      // Subscribers are told the server is going away (1001) before anything stops; stragglers are cut after 1 s.
      edge.fanout.goingAway();
      await waitClosed(wss, 1000);
      await edge.apollo.stop();
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      server.closeAllConnections?.();
      await app.dispose();
    },
  };
}
