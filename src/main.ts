/**
 * Composition root: config → history store → gateway → listen. SIGTERM/SIGINT → graceful shutdown (finish
 * in-flight requests, close sockets, dispose connectors) and exit 0 within 10 s.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { WebSocket } from 'ws';
import { ConfigError, loadConfig } from './config/index.js';
import type { WebSocketCtor } from './core/connector.js';
import { startGateway } from './gateway/server.js';
import { SqliteHistoryStore, type HistoryStore } from './store/history.js';
import type { RedisBus } from './scale/redis-bus.js';
import type { RedisLease } from './scale/leader.js';
import { hostname } from 'node:os';
import { createLogger } from './telemetry/logger.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.PERP_LOG_LEVEL, { svc: 'perp-connectors' });
  let history: HistoryStore;
  // Scale-out adapters are imported only when configured (pg and ioredis add to cold start otherwise).
  if (config.PERP_HISTORY_URL) {
    const { PgHistoryStore } = await import('./store/history-pg.js');
    history = new PgHistoryStore(config.PERP_HISTORY_URL, {
      onError: (err) => logger.warn('history pool error', { message: err.message }),
    });
  } else {
    if (config.PERP_DB_PATH !== ':memory:') mkdirSync(dirname(config.PERP_DB_PATH), { recursive: true });
    history = new SqliteHistoryStore(config.PERP_DB_PATH);
  }
  const instance = config.PERP_INSTANCE_ID || `${hostname()}:${process.pid}`;
  const scale = config.PERP_BUS_URL ? { ...(await import('./scale/leader.js')), ...(await import('./scale/redis-bus.js')) } : null;
  const lease: RedisLease | undefined =
    scale && config.PERP_BUS_URL && config.PERP_ROLE !== 'gateway'
      ? new scale.RedisLease({
          url: config.PERP_BUS_URL,
          id: instance,
          leaseMs: config.PERP_LEASE_MS,
          prefix: config.PERP_BUS_PREFIX,
          logger,
        })
      : undefined;
  const bus: RedisBus | undefined =
    scale && config.PERP_BUS_URL
      ? new scale.RedisBus({
          url: config.PERP_BUS_URL,
          prefix: config.PERP_BUS_PREFIX,
          logger,
          ...(lease ? { tokenOf: (v) => lease.tokenOf(v) } : {}),
        })
      : undefined;
  const gw = await startGateway({
    config,
    io: { fetch: globalThis.fetch, WebSocket: WebSocket as unknown as WebSocketCtor, now: Date.now, logger },
    history,
    role: config.PERP_ROLE,
    instanceId: instance,
    ...(lease ? { lease } : {}),
    ...(bus ? { bus } : {}),
    port: config.PORT,
    host: config.HOST,
  });
  logger.info('gateway listening', {
    url: gw.url,
    graphiql: `${gw.url}/graphiql`,
    mode: config.PERP_CONNECTOR_MODE,
    venues: config.PERP_VENUES,
  });
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    const force = setTimeout(() => {
      logger.error('shutdown took longer than 10 s; exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    void gw
      .close()
      .then(() => bus?.close())
      .then(() => history.close())
      .then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

void main();
