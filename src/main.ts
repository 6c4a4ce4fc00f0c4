/**
 * Composition root: config → history store → (scale-out: Redis lease and bus) → gateway → listen. Anything that
 * stops start-up (invalid configuration, an unusable database path, an unreachable PERP_HISTORY_URL or
 * PERP_BUS_URL, a busy port) is ONE line on stderr and a non-zero exit within seconds. SIGTERM/SIGINT → graceful
 * shutdown (finish in-flight requests, close sockets with 1001, dispose connectors) and exit 0 within 10 s.
 */
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { ConfigError, loadConfig, type Config } from './config/index.js';
import type { WebSocketCtor } from './core/connector.js';
import { messageWithCause } from './core/errors.js';
import type { HistoryStore } from './core/ports.js';
import { startGateway, type Gateway } from './gateway/server.js';
import type { RedisBus } from './scale/redis-bus.js';
import type { RedisLease } from './scale/leader.js';
import { SqliteHistoryStore } from './store/history.js';
import { createLogger, type Logger } from './telemetry/logger.js';

/** How long an external service may take to answer at start-up. */
const PROBE_MS = 5000;

/** A start-up failure: its message is the one line printed. */
class StartupError extends Error {}

function fail(line: string, code = 1): never {
  process.stderr.write(`perp-connectors: ${line}\n`);
  process.exit(code);
}

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const n = err.problems.length;
    return fail(`Invalid configuration (${n} problem${n === 1 ? '' : 's'}): ${err.problems.join('; ')}`, 2);
  }
}

/** Resolve within `ms` or fail naming what did not answer. */
async function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StartupError(`${what}: no answer within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const redactUrl = (u: string): string => u.replace(/\/\/[^@/]*@/, '//***@');

async function openHistory(config: Config, logger: Logger): Promise<HistoryStore> {
  if (config.PERP_HISTORY_URL) {
    // Scale-out adapters are imported only when configured (pg and ioredis add to cold start otherwise).
    const { PgHistoryStore } = await import('./store/history-pg.js');
    const what = `PERP_HISTORY_URL ${redactUrl(config.PERP_HISTORY_URL)}`;
    const store = new PgHistoryStore(config.PERP_HISTORY_URL, {
      onError: (err) => logger.warn('history pool error', { message: err.message }),
    });
    try {
      await within(PROBE_MS, what, Promise.resolve(store.latestTime('startup-probe', 'GATEWAY_SAMPLED')));
    } catch (err) {
      void Promise.resolve(store.close()).catch(() => undefined);
      throw err instanceof StartupError ? err : new StartupError(`${what} is not usable: ${messageWithCause(err)}`);
    }
    // After a successful start, writes queue (bounded) while the database is unreachable and are written when it returns.
    const { BufferedHistoryStore } = await import('./store/history-buffer.js');
    return new BufferedHistoryStore(store, { logger: logger.child({ component: 'history' }) });
  }
  const path = config.PERP_DB_PATH;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    return new SqliteHistoryStore(path);
  } catch (err) {
    throw new StartupError(`PERP_DB_PATH ${path} is not a usable SQLite database path: ${messageWithCause(err)}`);
  }
}

/** Scale-out: check Redis answers, then the venue lease (unless gateway role) and the bus. */
async function connectScale(config: Config, logger: Logger, instance: string): Promise<{ lease?: RedisLease; bus?: RedisBus }> {
  const url = config.PERP_BUS_URL;
  if (!url) return {};
  const what = `PERP_BUS_URL ${redactUrl(url)}`;
  const { Redis } = await import('ioredis');
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: PROBE_MS });
  let lastError: unknown = null; // ioredis rejects with "Connection is closed."; the cause comes as an 'error' event
  probe.on('error', (err: unknown) => (lastError = err));
  try {
    await within(
      PROBE_MS,
      what,
      probe.connect().then(() => probe.ping()),
    );
  } catch (err) {
    throw err instanceof StartupError ? err : new StartupError(`${what} is not reachable: ${messageWithCause(lastError ?? err)}`);
  } finally {
    probe.disconnect();
  }
  const { RedisLease } = await import('./scale/leader.js');
  const { RedisBus } = await import('./scale/redis-bus.js');
  const prefix = config.PERP_BUS_PREFIX;
  const lease =
    config.PERP_ROLE !== 'gateway' ? new RedisLease({ url, id: instance, leaseMs: config.PERP_LEASE_MS, prefix, logger }) : undefined;
  const bus = new RedisBus({ url, prefix, logger, ...(lease ? { tokenOf: (v) => lease.tokenOf(v) } : {}) });
  return { ...(lease ? { lease } : {}), bus };
}

/**
 * The WebSocket client for live connectors. A process that runs none (mock mode, gateway role) never loads `ws` for
 * them (the GraphQL edge loads it after listening); a connector that asked anyway would get a clear error.
 */
async function webSocketCtor(config: Config): Promise<WebSocketCtor> {
  if (config.PERP_CONNECTOR_MODE !== 'mock' && config.PERP_ROLE !== 'gateway')
    return (await import('ws')).WebSocket as unknown as WebSocketCtor;
  return class {
    constructor() {
      throw new Error('no live connectors run in this process (PERP_CONNECTOR_MODE=mock or PERP_ROLE=gateway)');
    }
  } as unknown as WebSocketCtor;
}

function listenError(err: unknown, config: Config): StartupError {
  const code = (err as { code?: string }).code;
  const where = `${config.HOST}:${config.PORT}`;
  if (code === 'EADDRINUSE') return new StartupError(`cannot listen on ${where}: the port is already in use (EADDRINUSE)`);
  if (code === 'EACCES') return new StartupError(`cannot listen on ${where}: permission denied (EACCES)`);
  if (code === 'EADDRNOTAVAIL') return new StartupError(`cannot listen on ${where}: HOST is not an address of this machine`);
  return new StartupError(`cannot listen on ${where}: ${messageWithCause(err)}`);
}

/** One HTTP budget per client across all replicas (through Redis) when scaled out; in-process otherwise (undefined). */
async function sharedHttpLimiter(config: Config, logger: Logger) {
  if (!config.PERP_BUS_URL || config.PERP_HTTP_RATE_LIMIT_PER_MIN <= 0) return undefined;
  const { RedisRateLimiter } = await import('./scale/http-rate-limit.js');
  return new RedisRateLimiter({
    url: config.PERP_BUS_URL,
    perMinute: config.PERP_HTTP_RATE_LIMIT_PER_MIN,
    prefix: config.PERP_BUS_PREFIX,
    logger,
  });
}

/** Graceful shutdown on SIGTERM/SIGINT; registered when the server listens, so it waits for the edge if still loading. */
function onSignals(gw: Promise<Gateway>, logger: Logger, closers: Array<(() => Promise<void> | void) | undefined>): void {
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
    void closers
      .reduce<Promise<unknown>>(
        (p, close) => p.then(() => close?.()),
        gw.then((g) => g.close()),
      )
      .then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger(config.PERP_LOG_LEVEL, { svc: 'perp-connectors' });
  const history = await openHistory(config, logger);
  const instance = config.PERP_INSTANCE_ID || `${hostname()}:${process.pid}`;
  const { lease, bus } = await connectScale(config, logger, instance);
  const httpLimiter = await sharedHttpLimiter(config, logger);
  const closers = [bus && (() => bus.close()), httpLimiter && (() => httpLimiter.close()), () => history.close()];
  const started: Promise<Gateway> = startGateway({
    config,
    io: { fetch: globalThis.fetch, WebSocket: await webSocketCtor(config), now: Date.now, logger },
    history,
    role: config.PERP_ROLE,
    instanceId: instance,
    ...(lease ? { lease } : {}),
    ...(bus ? { bus } : {}),
    ...(httpLimiter ? { httpLimiter } : {}),
    port: config.PORT,
    host: config.HOST,
    // As soon as the server listens (/readyz answers), before the GraphQL edge has loaded: signals stop it cleanly.
    onListening: (url) => {
      onSignals(started, logger, closers);
      logger.info('gateway listening', {
        url,
        ...(config.PERP_GRAPHIQL ? { graphiql: `${url}/graphiql` } : {}),
        board: `${url}/board`,
        mode: config.PERP_CONNECTOR_MODE,
        venues: config.PERP_VENUES,
      });
    },
  }).catch((err: unknown) => {
    throw (err as { syscall?: string }).syscall === 'listen' ? listenError(err, config) : err;
  });
  const gw = await started;
  logger.info('graphql edge ready', { url: `${gw.url}/graphql` });
}

main().catch((err: unknown) => fail(err instanceof StartupError ? err.message : `start-up failed: ${messageWithCause(err)}`));
