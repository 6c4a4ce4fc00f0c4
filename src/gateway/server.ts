/**
 * The gateway: Apollo Server 5 on node:http (POST/GET /graphql), graphql-ws 6 on the same port and path,
 * GraphiQL and the board from local packages, the REST payload, /healthz, /readyz and /metrics.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { FanoutServer } from './ws-server.js';
import { GraphQLError } from 'graphql';
import { ResponseCache } from './response-cache.js';
import { WebSocketServer } from 'ws';
import type { Registry } from 'prom-client';
import type { Mode } from '../core/types.js';
import { createMetrics, registerGatewayMetrics, registerHistoryMetrics } from '../telemetry/metrics.js';
import { historyBufferStatus } from '../store/history-buffer.js';
import { App, type AppOptions } from './app.js';
import { createContext, type GatewayContext } from './context.js';
import { RestPayloadCache } from './rest.js';
import { buildSchema } from './schema.js';
import { topSpreadsSummary } from './resolvers/spreads.js';
import { healthFor } from './resolvers/query.js';
import { GRAPHIQL_HTML, staticFile } from './static.js';
import { IpRateLimiter, limitsRule, type ClientRateLimiter } from './limits.js';
import { formatError } from './errors.js';

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

const MAX_BODY = 1_000_000;

function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  type = 'application/json; charset=utf-8',
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), ...extra });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let first: Buffer | null = null;
    let chunks: Buffer[] | null = null;
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        req.removeAllListeners('data');
        reject(Object.assign(new Error('request body too large'), { status: 413 }));
        return;
      }
      if (first === null) first = c;
      else (chunks ??= [first]).push(c);
    });
    req.on('end', () => resolve(chunks ? Buffer.concat(chunks).toString('utf8') : first ? (first as Buffer).toString('utf8') : ''));
    req.on('error', reject);
  });
}

export async function startGateway(
  opts: AppOptions & {
    port?: number;
    host?: string;
    /** Per-client HTTP budget. Default: in-process, PERP_HTTP_RATE_LIMIT_PER_MIN per address. */
    httpLimiter?: ClientRateLimiter;
  },
): Promise<Gateway> {
  const app = new App(opts);
  await app.start();
  const schema = buildSchema();
  const limits = {
    maxDepth: app.config.PERP_MAX_QUERY_DEPTH,
    maxAliases: app.config.PERP_MAX_ALIASES,
    maxCost: app.config.PERP_MAX_QUERY_COST,
  };
  const rule = limitsRule(limits);
  const ipLimiter = opts.httpLimiter ?? new IpRateLimiter(app.config.PERP_HTTP_RATE_LIMIT_PER_MIN, app.now);
  const responses = new ResponseCache(500, app.config.PERP_RESPONSE_CACHE_MS);
  const server = createServer();
  const wss = new WebSocketServer({ server, path: '/graphql' });
  const fanout = new FanoutServer(wss, {
    schema,
    // One context per subscription group (fresh loaders; `now` is read per field where it matters).
    context: () => createContext(app),
    rules: (variables) => [limitsRule(limits, () => variables)],
  });
  const apollo = new ApolloServer<GatewayContext>({
    schema,
    introspection: app.config.PERP_INTROSPECTION,
    validationRules: [rule],
    includeStacktraceInErrorResponses: false,
    formatError,
    csrfPrevention: true,
    // main.ts owns SIGTERM/SIGINT. Apollo's own handler (on unless NODE_ENV=test) calls stop() concurrently with
    // ours, and Apollo 5.5.1 never resolves the stop barrier on success, so close() hung 10 s and the venue
    // leases were never released (found by test/scale/processes.test.ts under NODE_ENV=production).
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      ApolloServerPluginLandingPageDisabled(),
      {
        // Subscriptions run over WebSocket; over HTTP they get a clear 400 instead of an execution error.
        async requestDidStart() {
          return {
            async didResolveOperation({ operation }) {
              if (operation?.operation === 'subscription') {
                throw new GraphQLError('subscriptions are served over WebSocket (graphql-transport-ws) at /graphql, not over HTTP', {
                  extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
                });
              }
            },
          };
        },
        async serverWillStart() {
          return {
            async drainServer() {
              fanout.close();
            },
          };
        },
      },
    ],
  });
  await apollo.start();
  const rest = new RestPayloadCache(app, schema, topSpreadsSummary);
  const metrics = createMetrics(() =>
    app.venues.map((venue) => ({ venue, health: app.health(venue, app.planeFor(app.config.PERP_CONNECTOR_MODE, venue)) })),
  );

  registerGatewayMetrics(metrics, () => ({ ...fanout.stats, cacheHits: responses.hits, cacheMisses: responses.misses }));
  if (historyBufferStatus(app.history)) registerHistoryMetrics(metrics, () => historyBufferStatus(app.history)!);

  server.on('request', (req, res) => {
    void handle(req, res).catch((err: unknown) => {
      const status = (err as { status?: number }).status ?? 500;
      if (!res.headersSent) send(res, status, JSON.stringify({ error: status === 500 ? 'internal error' : (err as Error).message }));
      if (status === 500) opts.io.logger.error('request failed', { message: (err as Error).message });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = req.url ?? '/';
    const qi = raw.indexOf('?');
    const path = qi < 0 ? raw : raw.slice(0, qi);
    const search = qi < 0 ? '' : raw.slice(qi);
    if (path === '/graphql' || path.startsWith('/api/')) {
      const wait = await ipLimiter.take(req.socket.remoteAddress ?? 'unknown');
      if (wait > 0) {
        return send(
          res,
          429,
          JSON.stringify({
            error: { code: 'RATE_LIMITED', message: `too many requests from this address; retry in ${Math.ceil(wait / 1000)} s` },
          }),
          undefined,
          {
            'retry-after': String(Math.ceil(wait / 1000)),
          },
        );
      }
    }
    if (path === '/graphql') return graphql(req, res, search);
    const url = new URL(raw, 'http://localhost');
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, JSON.stringify({ error: 'method not allowed' }), undefined, { allow: 'GET' });
    if (path === '/healthz') return send(res, 200, JSON.stringify({ status: 'ok' }));
    if (path === '/readyz') {
      const venues = app.venues.map((v) => {
        // The same view as Query.connectors: in auto, a venue served from mock carries the live error behind it.
        const h = healthFor(app, app.config.PERP_CONNECTOR_MODE, v);
        return { venue: v, status: h.status, dataSource: h.dataSource, transport: h.transport, lastError: h.lastError };
      });
      const ready = venues.every((v) => v.status !== 'DOWN');
      // The history buffer is reported, not gating: an unreachable database queues writes and the gateway serves on.
      const history = historyBufferStatus(app.history);
      return send(
        res,
        ready ? 200 : 503,
        JSON.stringify({ ready, mode: app.config.PERP_CONNECTOR_MODE, venues, ...(history ? { history } : {}) }),
      );
    }
    if (path === '/metrics') return send(res, 200, await metrics.metrics(), metrics.contentType);
    if (path === '/api/perp-connectors') {
      const m = url.searchParams.get('mode') ?? app.config.PERP_CONNECTOR_MODE;
      if (m !== 'auto' && m !== 'live' && m !== 'mock') {
        return send(
          res,
          400,
          JSON.stringify({ error: { code: 'BAD_USER_INPUT', message: `mode must be auto, live or mock, got ${JSON.stringify(m)}` } }),
        );
      }
      const payload = await rest.get(m as Mode);
      return send(res, 200, JSON.stringify(payload), undefined, { 'cache-control': `max-age=${Math.floor(payload.cache.ttlMs / 1000)}` });
    }
    if (path === '/graphiql' && app.config.PERP_GRAPHIQL) return send(res, 200, GRAPHIQL_HTML, 'text/html; charset=utf-8');
    if (path === '/') return send(res, 302, '', 'text/plain', { location: app.config.PERP_GRAPHIQL ? '/graphiql' : '/healthz' });
    const file =
      ((path.startsWith('/vendor/') || path.startsWith('/graphiql/')) && app.config.PERP_GRAPHIQL) || path.startsWith('/board')
        ? staticFile(path)
        : null;
    if (file) return send(res, 200, file.body, file.type, { 'cache-control': 'public, max-age=3600' });
    return send(res, 404, JSON.stringify({ error: `no route ${path}` }));
  }

  async function graphql(req: IncomingMessage, res: ServerResponse, search: string): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const text = method === 'POST' ? await readBody(req) : '';
    const accept = req.headers.accept ?? '';
    const isJson = (req.headers['content-type'] ?? '').includes('application/json');
    // Hot path: a repeated query answered from the serialized cache without parsing anything.
    const cacheKey = method === 'GET' || isJson ? ResponseCache.keyOf(method, search, text, accept) : null;
    const version = app.store.version;
    if (cacheKey) {
      const hit = responses.get(cacheKey, version, app.now());
      if (hit) {
        if (method === 'GET' && req.headers['if-none-match'] === hit.etag) return send(res, 304, '', 'text/plain', { etag: hit.etag });
        res.writeHead(200, hit.headers);
        res.end(hit.bytes);
        return;
      }
    }
    const headers = new HeaderMap();
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    let body: unknown = undefined;
    if (method === 'POST') {
      if (isJson) {
        try {
          body = text === '' ? undefined : JSON.parse(text);
        } catch {
          return send(
            res,
            400,
            JSON.stringify({ errors: [{ message: 'request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] }),
          );
        }
      } else body = text;
    }
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method, headers, search, body },
      context: () => Promise.resolve(createContext(app)),
    });
    const out: Record<string, string> = {};
    for (const [k, v] of result.headers) out[k] = v;
    res.statusCode = result.status ?? 200;
    for (const [k, v] of Object.entries(out)) res.setHeader(k, v);
    if (result.body.kind === 'complete') {
      const stored = cacheKey ? responses.set(cacheKey, version, app.now(), res.statusCode, out, result.body.string) : null;
      if (stored) {
        res.setHeader('etag', stored.etag);
        if (method === 'GET' && headers.get('if-none-match') === stored.etag) {
          res.statusCode = 304;
          res.end();
          return;
        }
      }
      res.setHeader('content-length', Buffer.byteLength(result.body.string));
      res.end(result.body.string);
      return;
    }
    for await (const chunk of result.body.asyncIterator) res.write(chunk);
    res.end();
  }

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const host = opts.host && opts.host !== '0.0.0.0' ? opts.host : '127.0.0.1';
  let closed = false;
  return {
    app,
    responses,
    fanout,
    server,
    metrics,
    url: `http://${host}:${port}`,
    wsUrl: `ws://${host}:${port}/graphql`,
    async close() {
      if (closed) return;
      closed = true;
      await apollo.stop();
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      server.closeAllConnections?.();
      await app.dispose();
    },
  };
}
