/**
 * The gateway's own environment (everything but the venues' variables): server, modes, cadences and SLAs, scale-out,
 * limits, the shared oracle sources. config/index.ts composes it with each registered venue's env shape; a venue's
 * code sees `VenueConfig` (venues/factory.ts): this plus its own variables, so no venue imports the composition.
 */
import { z } from 'zod';
import { envBool, envInt, envString, envUrl, type EnvOf } from './env.js';
import { VENUES, type Venue } from './venues.js';

export const coreEnv = {
  PORT: envInt(4000, 0, 65535),
  HOST: envString('0.0.0.0'),
  /** Default mode of the REST endpoint and of GraphQL: auto | live | mock. */
  PERP_CONNECTOR_MODE: envString('auto').pipe(z.enum(['auto', 'live', 'mock'], { message: 'expected auto, live or mock' })),
  PERP_VENUES: envString(VENUES.join(',')).transform((v, ctx) => {
    const list = v
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean);
    const bad = list.filter((s) => !(VENUES as readonly string[]).includes(s));
    if (bad.length) {
      ctx.addIssue({ code: 'custom', message: `unknown venue(s) ${bad.join(', ')}; expected a comma list of ${VENUES.join(', ')}` });
      return z.NEVER;
    }
    return [...new Set(list)] as Venue[];
  }),
  PERP_CONNECTOR_LIVE_TTL_MS: envInt(60_000, 0),
  PERP_CONNECTOR_MOCK_TTL_MS: envInt(10_000, 0),
  PERP_DB_PATH: envString('./data/perp.sqlite'),
  /** Directory of the mock datasets (<venue>.24h.json); empty = the shipped mocks/perp_feeds (e.g. a recording's --out). */
  PERP_MOCK_DIR: envString(''),
  PERP_LOG_LEVEL: envString('info').pipe(z.enum(['debug', 'info', 'warn', 'error', 'silent'])),
  /** Request timeout for venue REST/RPC calls, ms. */
  PERP_HTTP_TIMEOUT_MS: envInt(10_000, 100),
  /** SLAs (stale after), ms. */
  PERP_FUNDING_SLA_MS: envInt(180_000, 1000),
  PERP_DEPTH_SLA_MS: envInt(30_000, 1000),
  PERP_METADATA_SLA_MS: envInt(1_800_000, 1000),
  /** Cadences, ms. */
  PERP_FUNDING_CADENCE_MS: envInt(60_000, 100),
  PERP_DEPTH_CADENCE_MS: envInt(10_000, 100),
  PERP_METADATA_CADENCE_MS: envInt(600_000, 1000),
  /** Stream silence watchdog, ms. */
  PERP_STREAM_WATCHDOG_MS: envInt(15_000, 100),
  /** A book asked for by a query (orderBook, market(id) { depth }) stays tracked this long after the last ask, ms. */
  PERP_DEPTH_DEMAND_TTL_MS: envInt(600_000, 1000),
  /** Scale-out: process role, shared bus, shared history, lease period, instance id. */
  PERP_ROLE: envString('all').pipe(z.enum(['all', 'collector', 'gateway'], { message: 'expected all, collector or gateway' })),
  PERP_BUS_URL: envString('').pipe(
    z.string().refine((v) => v === '' || /^rediss?:\/\//.test(v), 'expected a redis:// URL (or unset for the in-process bus)'),
  ),
  PERP_HISTORY_URL: envString('').pipe(
    z.string().refine((v) => v === '' || /^postgres(ql)?:\/\//.test(v), 'expected a postgres:// URL (or unset for SQLite)'),
  ),
  PERP_LEASE_MS: envInt(10_000, 500),
  PERP_INSTANCE_ID: envString(''),
  /** Namespace of the bus channel, snapshot and lease keys in Redis (several deployments on one Redis). Default perp. */
  PERP_BUS_PREFIX: envString('perp').pipe(z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'expected 1-64 of A-Z a-z 0-9 _ . : -')),
  /** Turn off GraphiQL / introspection for production. */
  PERP_GRAPHIQL: envBool(true),
  PERP_INTROSPECTION: envBool(true),
  /** Query limits (refused before execution). */
  PERP_MAX_QUERY_DEPTH: envInt(12, 1),
  PERP_MAX_ALIASES: envInt(30, 0),
  PERP_MAX_QUERY_COST: envInt(100_000, 1),
  /** Max age of a cached serialized GraphQL response (also invalidated on every store change); 0 = off. */
  PERP_RESPONSE_CACHE_MS: envInt(1000, 0),
  /** Per-client-IP requests per minute on the HTTP API; 0 turns it off. */
  PERP_HTTP_RATE_LIMIT_PER_MIN: envInt(600, 0),
  /**
   * DefiLlama, read only by `npm run crosscheck`: api.llama.fi (derivatives volume, open interest) and yields.llama.fi
   * (`/perps` funding). Point both at `https://pro-api.llama.fi/<key>/api` and `…/<key>/yields` for the Pro API.
   */
  DEFILLAMA_URL: envUrl('https://api.llama.fi'),
  /** Pyth Hermes (a shared price source, src/oracles/pyth.ts): base URL and requests per 10 s (public instance: 30). */
  PYTH_HERMES_URL: envUrl('https://hermes.pyth.network'),
  PYTH_RATE_LIMIT_PER_10S: envInt(30, 1),
  /** Oracle cross-check (src/oracles/deviation.ts): Chainlink vs Pyth beyond this many bps flags ORACLE_DEVIATION. Default 50. */
  ORACLE_DEVIATION_BPS: envInt(50, 1, 10_000),
  /** A Pyth price older than this (ms) flags ORACLE_STALE (Pyth has no heartbeat; Chainlink uses its feed's). Default 60 000. */
  PYTH_MAX_AGE_MS: envInt(60_000, 1_000),
  DEFILLAMA_YIELDS_URL: envUrl('https://yields.llama.fi'),
  /** Origins allowed to call the HTTP API from a browser (CORS): `*` (default; public read-only data) or a comma list. */
  PERP_CORS_ORIGINS: envString('*').transform((v, ctx) => {
    const list = v
      .split(',')
      .map((s) => s.trim().replace(/\/+$/, ''))
      .filter(Boolean);
    const bad = list.filter((o) => o !== '*' && !/^https?:\/\/[^/\s]+$/.test(o));
    if (bad.length)
      ctx.addIssue({
        code: 'custom',
        message: `expected * or a comma list of origins like https://app.example.com, got ${bad.join(', ')}`,
      });
    return list.includes('*') ? ['*'] : list;
  }),
};

/** The parsed core variables. */
export type CoreConfig = EnvOf<typeof coreEnv>;
