import { z } from 'zod';
import type { VenueConfig } from '../factory.js';
import { envBool, envInt, envSecret, envString, envUrl } from '../../core/env.js';
import { isPubkey } from './base58.js';
import { DEFAULT_AG_ORACLES, DEFAULT_CUSTODIES, DEFAULT_POOL } from './constants.js';

/** A comma list of base58 public keys (default: the built-in list). */
const envPubkeys = (def: readonly string[]) =>
  envString(def.join(',')).transform((v, ctx) => {
    const list = v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const bad = list.filter((s) => !isPubkey(s));
    if (bad.length) {
      ctx.addIssue({ code: 'custom', message: `expected base58 32-byte public keys, got ${bad.map((b) => JSON.stringify(b)).join(', ')}` });
      return z.NEVER;
    }
    return [...new Set(list)];
  });

/** `MINT=SYMBOL` pairs naming tradable custodies whose mint is not built in. */
const envMintSymbols = () =>
  envString('').transform((v, ctx) => {
    const out: Record<string, string> = {};
    for (const pair of v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const [mint, sym] = pair.split('=').map((s) => s.trim());
      if (!mint || !sym || !isPubkey(mint) || !/^[A-Za-z0-9.]{1,16}$/.test(sym)) {
        ctx.addIssue({ code: 'custom', message: `expected MINT=SYMBOL pairs, got ${JSON.stringify(pair)}` });
        return z.NEVER;
      }
      out[mint] = sym.toUpperCase();
    }
    return out;
  });

/** Jupiter environment (DESIGN §8; docs/venues/jupiter.md §1, §9, §11). */
export const jupiterEnv = {
  SOLANA_RPC_URL: envUrl('https://api.mainnet-beta.solana.com'),
  SOLANA_WS_URL: envUrl('wss://api.mainnet-beta.solana.com', ['ws:', 'wss:']),
  JUPITER_PERPS_API_URL: envUrl('https://perps-api.jup.ag'),
  JUPITER_PRICE_API_URL: envUrl('https://api.jup.ag'),
  JUPITER_API_KEY: envSecret(),
  /** Solana RPC requests per rolling minute. Default 30. */
  JUPITER_RATE_LIMIT_PER_MIN: envInt(30, 1),
  /** JLP pool account (its custody list is used for discovery). Default the mainnet pool (docs/venues/jupiter.md §1). */
  JUPITER_POOL_ADDRESS: envPubkeys([DEFAULT_POOL]).pipe(z.array(z.string()).length(1, 'expected one pool address')),
  /** Custody accounts read besides those the pool lists. Default the six mainnet custodies (§1). */
  JUPITER_CUSTODY_ADDRESSES: envPubkeys(DEFAULT_CUSTODIES),
  /** Doves AG oracle accounts prefetched at start; each custody's own `dovesAgOracle` is authoritative. Default the five of §1. */
  JUPITER_AG_ORACLE_ADDRESSES: envPubkeys(DEFAULT_AG_ORACLES),
  /** Extra `MINT=SYMBOL` names for tradable custodies whose mint is not built in (e.g. a newly listed asset). Default none. */
  JUPITER_EXTRA_MINTS: envMintSymbols(),
  /** Full getMultipleAccounts reconcile while the WebSocket is healthy, ms (streams can miss updates; §9). Default 30 000. */
  JUPITER_RECONCILE_MS: envInt(30_000, 100),
  /** perps-api (pool-info cross-check, market-stats volume) and Price API requests per rolling minute; at most 1 per second. Default 20. */
  JUPITER_API_RATE_LIMIT_PER_MIN: envInt(20, 1),
  /** Use perps-api for 24h volume and the borrow-rate cross-check. Default true (optional: fails soft). */
  JUPITER_PERPS_API_ENABLED: envBool(true),
  /** Use the Price API v3 as a spot sanity band. Default true (optional: fails soft). */
  JUPITER_PRICE_CHECK_ENABLED: envBool(true),
  /** Oracle vs Price API divergence (bps) recorded in health. Default 100. */
  JUPITER_PRICE_DIVERGENCE_BPS: envInt(100, 1),
};
/** What this venue's code sees of the configuration: the core variables plus the ones above. */
export type JupiterConfig = VenueConfig<typeof jupiterEnv>;
