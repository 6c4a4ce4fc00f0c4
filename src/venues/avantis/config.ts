import type { z } from 'zod';
import { envInt, envString, envUrl } from '../../core/env.js';

/** Avantis environment (DESIGN §8). */
export const avantisEnv = {
  AVANTIS_DATA_URL: envUrl('https://data.avantisfi.com'),
  AVANTIS_SOCKET_PATH: envString('/socket.io'),
  AVANTIS_LEGACY_URL: envUrl('https://socket-api-pub.avantisfi.com/socket-api/v1/data'),
  AVANTIS_GRAPHQL_URL: envUrl('https://api.avantisfi.com/graphql'),
  /** REST history service (24 h volume: /v1/history/analytics/daily-volumes-by-pair/1/true). */
  AVANTIS_HISTORY_URL: envUrl('https://api.avantisfi.com'),
  AVANTIS_BASE_RPC_URL: envUrl('https://mainnet.base.org'),
  /** Requests per rolling minute to the Avantis data API. Default 30 (one catalog per 60 s is enforced separately). */
  AVANTIS_RATE_LIMIT_PER_MIN: envInt(30, 1),
};
export type AvantisConfig = { [K in keyof typeof avantisEnv]: z.output<(typeof avantisEnv)[K]> };
