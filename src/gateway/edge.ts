/**
 * The GraphQL edge over a started app and its (already listening) HTTP server: Apollo Server 5 for POST/GET
 * /graphql, the fan-out graphql-transport-ws server on the same port and path (src/gateway/ws/), the REST payload
 * cache and /metrics. It is imported by src/gateway/server.ts after the server listens, so graphql, Apollo,
 * @graphql-tools and prom-client stay off the path to /readyz (docs/RELIABILITY.md, cold start).
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ApolloServer } from '@apollo/server';
import type { Registry } from 'prom-client';
import { WebSocketServer } from 'ws';
import type { App } from '../app/app.js';
import { historyBufferStatus } from '../store/history-buffer.js';
import { createMetrics, registerGatewayMetrics, registerHistoryMetrics } from '../telemetry/metrics.js';
import { startApollo } from './graphql/apollo.js';
import { createContext, type GatewayContext } from './graphql/context.js';
import { guardDocument } from './graphql/document-guard.js';
import { limitsRule, type QueryLimits } from './graphql/limits.js';
// schema.js before resolvers/spreads.js: query.ts and spreads.ts import each other, and the schema must load first.
import { buildSchema } from './graphql/schema.js';
import { topSpreadsSummary } from './graphql/resolvers/spreads.js';
import { graphqlHandler } from './http/graphql.js';
import { MAX_BODY } from './http/io.js';
import { metricsHealth } from './http/metrics.js';
import { ResponseCache } from './http/response-cache.js';
import { RestPayloadCache } from './http/rest.js';
import type { EdgeRoutes } from './http/routes.js';
import { FanoutServer } from './ws/server.js';

export interface Edge {
  wss: WebSocketServer;
  fanout: FanoutServer;
  apollo: ApolloServer<GatewayContext>;
  responses: ResponseCache;
  metrics: Registry;
  routes: EdgeRoutes;
  /** An HTTP upgrade on the server: /graphql becomes a subscription socket, anything else is refused (400). */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

const limitsOf = (app: App): QueryLimits => ({
  maxDepth: app.config.PERP_MAX_QUERY_DEPTH,
  maxAliases: app.config.PERP_MAX_ALIASES,
  maxCost: app.config.PERP_MAX_QUERY_COST,
});

/** The WebSocket side: ws in noServer mode, so upgrades that arrive while the edge loads are held, not dropped. */
function socketServer(): { wss: WebSocketServer; upgrade: Edge['upgrade'] } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY });
  const upgrade: Edge['upgrade'] = (req, socket, head) => {
    if (socket.destroyed) return;
    const url = req.url ?? '/';
    const qi = url.indexOf('?');
    if ((qi < 0 ? url : url.slice(0, qi)) !== '/graphql') {
      socket.on('error', () => socket.destroy());
      socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  };
  return { wss, upgrade };
}

/** The GraphQL, WebSocket, payload and metrics surfaces over a started app and its HTTP server. */
export async function buildEdge(app: App, server: Server): Promise<Edge> {
  const schema = buildSchema();
  const limits = limitsOf(app);
  const { wss, upgrade } = socketServer();
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
  const routes: EdgeRoutes = {
    graphql: graphqlHandler(app, apollo, responses),
    rest: new RestPayloadCache(app, schema, topSpreadsSummary),
    metrics,
  };
  return { wss, fanout, apollo, responses, metrics, routes, upgrade };
}
