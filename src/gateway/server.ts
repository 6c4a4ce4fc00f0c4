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
import { createMetrics, registerGatewayMetrics } from '../telemetry/metrics.js';
import { startApollo } from './graphql/apollo.js';
import { createContext, type GatewayContext } from './graphql/context.js';
import { IpRateLimiter, limitsRule, type QueryLimits } from './graphql/limits.js';
// schema.js before resolvers/spreads.js: query.ts and spreads.ts import each other, and the schema must load first.
import { buildSchema } from './graphql/schema.js';
import { topSpreadsSummary } from './graphql/resolvers/spreads.js';
import { graphqlHandler } from './http/graphql.js';
import { MAX_BODY } from './http/io.js';
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

export type GatewayOptions = AppOptions & { port?: number; host?: string };

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
  const fanout = new FanoutServer(wss, {
    schema,
    // One context per subscription group; refreshed before every frame (clock, loaders).
    context: () => createContext(app),
    rules: (variables) => [limitsRule(limits, () => variables)],
  });
  const apollo = await startApollo({
    schema,
    introspection: app.config.PERP_INTROSPECTION,
    rules: [limitsRule(limits)],
    httpServer: server,
    onDrain: () => fanout.close(),
  });
  const responses = new ResponseCache(500, app.config.PERP_RESPONSE_CACHE_MS);
  const metrics = createMetrics(() =>
    app.venues.map((venue) => ({ venue, health: app.health(venue, app.planeFor(app.config.PERP_CONNECTOR_MODE, venue)) })),
  );
  registerGatewayMetrics(metrics, () => ({ ...fanout.stats, cacheHits: responses.hits, cacheMisses: responses.misses }));
  server.on(
    'request',
    requestListener({
      app,
      graphql: graphqlHandler(app, apollo, responses),
      rest: new RestPayloadCache(app, schema, topSpreadsSummary),
      metrics,
      ipLimiter: new IpRateLimiter(app.config.PERP_HTTP_RATE_LIMIT_PER_MIN, app.now),
      logger: opts.io.logger,
    }),
  );
  return { server, wss, fanout, apollo, responses, metrics };
}

export async function startGateway(opts: GatewayOptions): Promise<Gateway> {
  const app = new App(opts);
  await app.start();
  const edge = await buildEdge(app, opts);
  const { server, wss } = edge;
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve));
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
      await edge.apollo.stop();
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      server.closeAllConnections?.();
      await app.dispose();
    },
  };
}
