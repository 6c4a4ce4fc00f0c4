import { z } from 'zod';
import type { VenueConfig } from '../factory.js';
import { envInt, envSecret, envString, envUrl } from '../../core/env.js';

/** An optional 0x address: null when unset. */
const envOptionalAddress = () =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return null;
      if (!/^0x[0-9a-fA-F]{40}$/.test(v.trim())) {
        ctx.addIssue({ code: 'custom', message: 'expected a 0x-prefixed 20-byte address' });
        return z.NEVER;
      }
      return v.trim() as `0x${string}`;
    });

/** Aster environment (DESIGN §8). */
export const asterEnv = {
  /** REST base, no path. Default https://fapi.asterdex.com */
  ASTER_REST_URL: envUrl('https://fapi.asterdex.com'),
  /** Market-stream base, no path. Default wss://fstream.asterdex.com */
  ASTER_WS_URL: envUrl('wss://fstream.asterdex.com', ['ws:', 'wss:']),
  /** V1 (legacy HMAC) key pair: existing keys only, no new ones since 2026-03-25 (docs/venues/aster.md §4.2). */
  ASTER_API_KEY: envSecret(),
  ASTER_SECRET_KEY: envSecret(),
  /** V3 API wallet (docs/venues/aster.md §4.3): the account's main wallet address. Used when all three V3 values are set. */
  ASTER_API_USER: envOptionalAddress(),
  /** V3: the API wallet (agent) address that signs. */
  ASTER_API_SIGNER: envOptionalAddress(),
  /** V3: the API wallet's private key (32-byte hex). Secret. */
  ASTER_API_SIGNER_KEY: envSecret(),
  /** V3: EIP-712 chain id. Default 1666 (mainnet); the testnet uses 714. */
  ASTER_SIGN_CHAIN_ID: envInt(1666, 1),
  /** Requests per rolling minute. Default 60. */
  ASTER_RATE_LIMIT_PER_MIN: envInt(60, 1),
  /**
   * The rolling window ASTER_RATE_LIMIT_PER_MIN applies to, ms. Default 60 000; a test knob only (a smaller window
   * scales time: the budget, the open-interest rotation and the 429/418 backoffs follow it). Leave it unset.
   */
  ASTER_RATE_WINDOW_MS: envInt(60_000, 1_000),
  /** REST path version: v3 (default) or v1. */
  ASTER_API_VERSION: envString('v3').pipe(z.enum(['v1', 'v3'])),
  /** Number of top symbols (by 24h quote volume) with live depth. Default 10. */
  ASTER_DEPTH_SYMBOLS: envInt(10, 0),
};
/** What this venue's code sees of the configuration: the core variables plus the ones above. */
export type AsterConfig = VenueConfig<typeof asterEnv>;
