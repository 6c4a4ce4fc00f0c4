/**
 * The API edge, composed in two steps. First the light part: the app runtime (src/app/), the HTTP server with
 * /healthz, /readyz, static files and the per-client budget, listening. Then the GraphQL edge (src/gateway/edge.ts:
 * Apollo Server 5, the fan-out graphql-transport-ws server on the same port and path, the REST payload, /metrics),
 * imported once the server listens: /readyz answers as soon as the app's data is there, and a /graphql request or
 * WebSocket upgrade that arrives while the edge loads is held until it is ready, never refused.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { WebSocketServer } from 'ws';
import { App, type AppOptions } from '../app/app.js';
import type { Edge } from './edge.js';
import { IpRateLimiter, type ClientRateLimiter } from './http/client-limit.js';
import type { ResponseCache } from './http/response-cache.js';
import { requestListener } from './http/routes.js';
import type { FanoutServer } from './ws/server.js';

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
  /** Called once the server listens (before the GraphQL edge has loaded): /readyz answers from here on. */
  onListening?: (url: string) => void;
};

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

/** The light front: the app's HTTP server answering /healthz, /readyz and static files, and holding the rest for the edge. */
function front(app: App, opts: GatewayOptions, edge: Promise<Edge>): Server {
  const server = createServer();
  // Upgrades that arrive while the edge loads wait for it (a reset meanwhile only drops that socket); if the edge
  // never loads, the socket is dropped.
  server.on('upgrade', (req, socket, head: Buffer) => {
    const dropped = (): void => void socket.destroy();
    socket.on('error', dropped);
    void edge.then((e) => {
      socket.off('error', dropped);
      e.upgrade(req, socket, head);
    }, dropped);
  });
  const routes = edge.then((e) => e.routes);
  routes.catch(() => undefined); // awaited per request; an edge that fails to load fails startGateway itself
  server.on(
    'request',
    requestListener({
      app,
      edge: routes,
      ipLimiter: opts.httpLimiter ?? new IpRateLimiter(app.config.PERP_HTTP_RATE_LIMIT_PER_MIN, app.now),
      logger: opts.io.logger,
      cors: app.config.PERP_CORS_ORIGINS,
    }),
  );
  return server;
}

/** Starts the app, listens, then loads the GraphQL edge; resolves once both are up. */
export async function startGateway(opts: GatewayOptions): Promise<Gateway> {
  const app = new App(opts);
  await app.start();
  let loadEdge!: (server: Server) => void;
  const edge = new Promise<Edge>((resolve, reject) => {
    loadEdge = (server) => void import('./edge.js').then((m) => m.buildEdge(app, server)).then(resolve, reject);
  });
  edge.catch(() => undefined); // awaited below; requests that were holding for it answer 500
  const server = front(app, opts, edge);
  await listen(server, opts.port ?? 0, opts.host ?? '127.0.0.1').catch(async (err: unknown) => {
    // A busy port (EADDRINUSE) and the like: stop what started, and let the caller report it.
    await app.dispose();
    throw err;
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host && opts.host !== '0.0.0.0' ? opts.host : '127.0.0.1';
  const url = `http://${host}:${port}`;
  opts.onListening?.(url);
  loadEdge(server);
  const e = await edge.catch(async (err: unknown) => {
    server.closeAllConnections?.();
    await new Promise<void>((r) => server.close(() => r()));
    await app.dispose();
    throw err;
  });
  return gateway(app, server, e, url, `ws://${host}:${port}/graphql`);
}

function gateway(app: App, server: Server, edge: Edge, url: string, wsUrl: string): Gateway {
  const { wss } = edge;
  let closed = false;
  return {
    app,
    responses: edge.responses,
    fanout: edge.fanout,
    server,
    metrics: edge.metrics,
    url,
    wsUrl,
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
