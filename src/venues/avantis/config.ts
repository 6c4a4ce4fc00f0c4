import { z } from 'zod';
import type { VenueConfig } from '../factory.js';
import { envAddress, envInt, envString, envUrl } from '../../core/env.js';

/** An address or empty (unset). */
function optionalAddress() {
  return envString('').pipe(
    z
      .string()
      .refine((v) => v === '' || /^0x[0-9a-fA-F]{40}$/.test(v), 'expected a 0x-prefixed 20-byte address or empty')
      .transform((v) => (v === '' ? null : (v as `0x${string}`))),
  );
}

/** Avantis environment (DESIGN §8). */
export const avantisEnv = {
  AVANTIS_DATA_URL: envUrl('https://data.avantisfi.com'),
  AVANTIS_SOCKET_PATH: envString('/socket.io'),
  AVANTIS_LEGACY_URL: envUrl('https://socket-api-pub.avantisfi.com/socket-api/v1/data'),
  AVANTIS_GRAPHQL_URL: envUrl('https://api.avantisfi.com/graphql'),
  /** REST history service (24 h volume: /v1/history/analytics/daily-volumes-by-pair/1/true). */
  AVANTIS_HISTORY_URL: envUrl('https://api.avantisfi.com'),
  /** Base RPC for the on-chain verification (docs/venues/avantis.md §2.2a); `none` = no RPC (the source is UNAVAILABLE). */
  AVANTIS_BASE_RPC_URL: envString('https://mainnet.base.org').pipe(
    z.string().refine((v) => v === 'none' || /^https?:\/\/\S+$/.test(v), 'expected an http(s) URL or none'),
  ),
  /**
   * The contracts read by the on-chain verification, with the SDK v0.8 ABI (§2.2a). Unset by default: the v2 contracts'
   * views are not confirmed, so the source is UNAVAILABLE with that reason until an operator sets both.
   */
  AVANTIS_ONCHAIN_MULTICALL_ADDRESS: optionalAddress(),
  AVANTIS_ONCHAIN_PAIR_STORAGE_ADDRESS: optionalAddress(),
  /** Multicall3 used to batch the verification reads. Default the canonical deployment. */
  AVANTIS_MULTICALL3_ADDRESS: envAddress('0xcA11bde05977b3631167028862bE2a173976CA11'),
  /** Chain vs data API difference (relative, bps) beyond which a pair is flagged ONCHAIN_MISMATCH. Default 100 (1 %). */
  AVANTIS_ONCHAIN_TOLERANCE_BPS: envInt(100, 0, 10_000),
  /** Requests per rolling minute to the Avantis data API. Default 30 (one catalog per 60 s is enforced separately). */
  AVANTIS_RATE_LIMIT_PER_MIN: envInt(30, 1),
};
/** What this venue's code sees of the configuration: the core variables plus the ones above. */
export type AvantisConfig = VenueConfig<typeof avantisEnv>;
