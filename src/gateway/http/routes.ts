/**
 * HTTP routes on the gateway's port: /graphql (with a per-address rate limit shared with /api/*), the REST
 * payload, /healthz, /readyz, /metrics, GraphiQL and the board.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import type { App } from '../../app/app.js';
import type { Mode } from '../../core/types.js';
import type { Logger } from '../../telemetry/logger.js';
import type { IpRateLimiter } from '../graphql/limits.js';
import { healthFor } from '../graphql/resolvers/query.js';
import type { GraphqlHandler } from './graphql.js';
import { send } from './io.js';
import type { RestPayloadCache } from './rest.js';
import { GRAPHIQL_HTML, staticFile } from './static.js';

export interface RouteDeps {
  app: App;
  graphql: GraphqlHandler;
  rest: RestPayloadCache;
  metrics: Registry;
  ipLimiter: IpRateLimiter;
  logger: Logger;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** The request listener: routes, and a JSON error for anything that throws (500s logged, never detailed). */
export function requestListener(d: RouteDeps): Handler {
  return (req, res) => {
    void route(d, req, res).catch((err: unknown) => {
      const status = (err as { status?: number }).status ?? 500;
      if (!res.headersSent) send(res, status, JSON.stringify({ error: status === 500 ? 'internal error' : (err as Error).message }));
      if (status === 500) d.logger.error('request failed', { message: (err as Error).message });
    });
  };
}

function rateLimited(d: RouteDeps, req: IncomingMessage, res: ServerResponse): boolean {
  const wait = d.ipLimiter.take(req.socket.remoteAddress ?? 'unknown');
  if (wait <= 0) return false;
  const s = Math.ceil(wait / 1000);
  const error = { code: 'RATE_LIMITED', message: `too many requests from this address; retry in ${s} s` };
  send(res, 429, JSON.stringify({ error }), undefined, { 'retry-after': String(s) });
  return true;
}

async function route(d: RouteDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const raw = req.url ?? '/';
  const qi = raw.indexOf('?');
  const path = qi < 0 ? raw : raw.slice(0, qi);
  const search = qi < 0 ? '' : raw.slice(qi);
  if ((path === '/graphql' || path.startsWith('/api/')) && rateLimited(d, req, res)) return;
  if (path === '/graphql') return d.graphql(req, res, search);
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return send(res, 405, JSON.stringify({ error: 'method not allowed' }), undefined, { allow: 'GET' });
  if (path === '/healthz') return send(res, 200, JSON.stringify({ status: 'ok' }));
  if (path === '/readyz') return readyz(d.app, res);
  if (path === '/metrics') return send(res, 200, await d.metrics.metrics(), d.metrics.contentType);
  if (path === '/api/perp-connectors') return restPayload(d, new URL(raw, 'http://localhost'), res);
  return staticRoute(d.app, path, res);
}

function readyz(app: App, res: ServerResponse): void {
  const venues = app.venues.map((v) => {
    // The same view as Query.connectors: in auto, a venue served from mock carries the live error behind it.
    const h = healthFor(app, app.config.PERP_CONNECTOR_MODE, v);
    return { venue: v, status: h.status, dataSource: h.dataSource, transport: h.transport, lastError: h.lastError };
  });
  const ready = venues.every((v) => v.status !== 'DOWN');
  send(res, ready ? 200 : 503, JSON.stringify({ ready, mode: app.config.PERP_CONNECTOR_MODE, venues }));
}

async function restPayload(d: RouteDeps, url: URL, res: ServerResponse): Promise<void> {
  const m = url.searchParams.get('mode') ?? d.app.config.PERP_CONNECTOR_MODE;
  if (m !== 'auto' && m !== 'live' && m !== 'mock') {
    const error = { code: 'BAD_USER_INPUT', message: `mode must be auto, live or mock, got ${JSON.stringify(m)}` };
    return send(res, 400, JSON.stringify({ error }));
  }
  const payload = await d.rest.get(m as Mode);
  send(res, 200, JSON.stringify(payload), undefined, { 'cache-control': `max-age=${Math.floor(payload.cache.ttlMs / 1000)}` });
}

function staticRoute(app: App, path: string, res: ServerResponse): void {
  const graphiql = app.config.PERP_GRAPHIQL;
  if (path === '/graphiql' && graphiql) return send(res, 200, GRAPHIQL_HTML, 'text/html; charset=utf-8');
  if (path === '/') return send(res, 302, '', 'text/plain', { location: graphiql ? '/graphiql' : '/healthz' });
  const allowed = ((path.startsWith('/vendor/') || path.startsWith('/graphiql/')) && graphiql) || path.startsWith('/board');
  const file = allowed ? staticFile(path) : null;
  if (file) return send(res, 200, file.body, file.type, { 'cache-control': 'public, max-age=3600' });
  send(res, 404, JSON.stringify({ error: `no route ${path}` }));
}
