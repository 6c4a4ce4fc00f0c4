/**
 * HTTP routes on the gateway's port: /graphql (with a per-address rate limit shared with /api/*), the REST
 * payload, /healthz, /readyz, /metrics, GraphiQL and the board.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import type { App } from '../../app/app.js';
import type { ConnectorHealth, Mode } from '../../core/types.js';
import type { Logger } from '../../telemetry/logger.js';
import type { ClientRateLimiter } from './client-limit.js';
import { historyBufferStatus } from '../../store/history-buffer.js';
import { healthFor } from './health.js';
import type { GraphqlHandler } from './graphql.js';
import { applyCors } from './cors.js';
import { send, sendErrors } from './io.js';
import type { RestPayloadCache } from './rest.js';
import { GRAPHIQL_HTML, staticFile } from './static.js';

/** What only the GraphQL edge serves: loaded after the server listens (src/gateway/edge.ts), awaited per request. */
export interface EdgeRoutes {
  graphql: GraphqlHandler;
  rest: RestPayloadCache;
  metrics: Registry;
}

export interface RouteDeps {
  app: App;
  /**
   * The GraphQL edge (Apollo, the schema, the payload cache, metrics). /healthz, /readyz and static files never wait
   * for it; /graphql, /metrics and /api/* requests that arrive while it loads are held until it is there.
   */
  edge: Promise<EdgeRoutes>;
  /** Per-client budget: in-process, or shared by the replicas through Redis. */
  ipLimiter: ClientRateLimiter;
  logger: Logger;
  /** Allowed browser origins (PERP_CORS_ORIGINS). */
  cors: readonly string[];
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** The request listener: routes, and a JSON error for anything that throws (500s logged, never detailed). */
export function requestListener(d: RouteDeps): Handler {
  return (req, res) => {
    void route(d, req, res).catch((err: unknown) => {
      const status = (err as { status?: number }).status ?? 500;
      const message = status === 500 ? 'internal error' : (err as Error).message;
      if (res.headersSent) res.destroy();
      else if ((req.url ?? '').startsWith('/graphql'))
        sendErrors(res, status, [{ message, code: status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST' }]);
      else send(res, status, JSON.stringify({ error: message }));
      if (status === 500) d.logger.error('request failed', { message: (err as Error).message });
    });
  };
}

/** The per-address budget: /graphql answers the GraphQL error envelope, /api/* its own `{error}` shape. */
async function rateLimited(d: RouteDeps, req: IncomingMessage, res: ServerResponse, graphql: boolean): Promise<boolean> {
  const wait = await d.ipLimiter.take(req.socket.remoteAddress ?? 'unknown');
  if (wait <= 0) return false;
  const s = Math.ceil(wait / 1000);
  const error = { code: 'RATE_LIMITED', message: `too many requests from this address; retry in ${s} s` };
  const headers = { 'retry-after': String(s) };
  if (graphql) sendErrors(res, 429, [{ ...error, retryAfterSeconds: s }], headers);
  else send(res, 429, JSON.stringify({ error }), undefined, headers);
  return true;
}

async function route(d: RouteDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const raw = req.url ?? '/';
  const qi = raw.indexOf('?');
  const path = qi < 0 ? raw : raw.slice(0, qi);
  const search = qi < 0 ? '' : raw.slice(qi);
  if (applyCors(d.cors, req, res)) return;
  if ((path === '/graphql' || path.startsWith('/api/')) && (await rateLimited(d, req, res, path === '/graphql'))) return;
  if (path === '/graphql') return (await d.edge).graphql(req, res, search);
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return send(res, 405, JSON.stringify({ error: 'method not allowed' }), undefined, { allow: 'GET' });
  if (path === '/healthz') return send(res, 200, JSON.stringify({ status: 'ok' }));
  if (path === '/readyz') return readyz(d.app, res);
  if (path === '/metrics') {
    const { metrics } = await d.edge;
    return send(res, 200, await metrics.metrics(), metrics.contentType);
  }
  if (path === '/api/perp-connectors') return restPayload(d, new URL(raw, 'http://localhost'), res);
  return staticRoute(d.app, path, res);
}

const iso = (t: number | null | undefined): string | null => (typeof t === 'number' ? new Date(t).toISOString() : null);

/** A health's error with an ISO time (the same form GraphQL serves). */
const errorOf = (h: ConnectorHealth) => (h.lastError ? { ...h.lastError, at: iso(h.lastError.at) } : null);

/** The live connector's side of a venue served from mock in auto mode. */
const liveOf = (h: ConnectorHealth) => ({
  status: h.status,
  transport: h.transport,
  lastError: errorOf(h),
  consecutiveFailures: h.consecutiveFailures,
  reconnects: h.reconnects,
  rateLimit: { ...h.rateLimit, bannedUntil: iso(h.rateLimit.bannedUntil), pausedUntil: iso(h.rateLimit.pausedUntil) },
});

function readyz(app: App, res: ServerResponse): void {
  const venues = app.venues.map((v) => {
    // The same view as Query.connectors: in auto, a venue served from mock carries the live connector's state.
    const h = healthFor(app, app.config.PERP_CONNECTOR_MODE, v);
    const base = { venue: v, status: h.status, dataSource: h.dataSource, transport: h.transport, lastError: errorOf(h) };
    return h.live ? { ...base, live: liveOf(h.live) } : base;
  });
  const ready = venues.every((v) => v.status !== 'DOWN');
  // The history buffer is reported, not gating: an unreachable database queues writes and the gateway serves on.
  const history = historyBufferStatus(app.history);
  send(
    res,
    ready ? 200 : 503,
    JSON.stringify({ ready, mode: app.config.PERP_CONNECTOR_MODE, at: iso(app.now()), venues, ...(history ? { history } : {}) }),
  );
}

async function restPayload(d: RouteDeps, url: URL, res: ServerResponse): Promise<void> {
  const m = url.searchParams.get('mode') ?? d.app.config.PERP_CONNECTOR_MODE;
  if (m !== 'auto' && m !== 'live' && m !== 'mock') {
    const error = { code: 'BAD_USER_INPUT', message: `mode must be auto, live or mock, got ${JSON.stringify(m)}` };
    return send(res, 400, JSON.stringify({ error }));
  }
  const payload = await (await d.edge).rest.get(m as Mode);
  send(res, 200, JSON.stringify(payload), undefined, { 'cache-control': `max-age=${Math.floor(payload.cache.ttlMs / 1000)}` });
}

function staticRoute(app: App, path: string, res: ServerResponse): void {
  const graphiql = app.config.PERP_GRAPHIQL;
  if (path === '/graphiql' && graphiql) return send(res, 200, GRAPHIQL_HTML, 'text/html; charset=utf-8');
  if (path === '/') return send(res, 302, '', 'text/plain', { location: graphiql ? '/graphiql' : '/healthz' });
  const allowed =
    ((path.startsWith('/vendor/') || path.startsWith('/graphiql/')) && graphiql) ||
    path.startsWith('/board') ||
    path.startsWith('/favicon.');
  const file = allowed ? staticFile(path) : null;
  if (file) return send(res, 200, file.body, file.type, { 'cache-control': 'public, max-age=3600' });
  send(res, 404, JSON.stringify({ error: `no route ${path}` }));
}
