import { z } from 'zod';
import type { VenueConfig } from '../factory.js';
import { envAddress, envBool, envInt, envString, envUrl } from '../../core/env.js';

/** SynFutures environment (DESIGN §8; docs/venues/synfutures.md §13). */
export const synfuturesEnv = {
  SYNFUTURES_RPC_URL: envUrl('https://mainnet.base.org'),
  SYNFUTURES_CHAIN_ID: envInt(8453, 1),
  SYNFUTURES_OBSERVER_ADDRESS: envAddress('0x16Ae357dFe705D1B9862132Dca02e07150876e3E'),
  SYNFUTURES_GATE_ADDRESS: envAddress('0x208B443983D8BcC8578e9D86Db23FbA547071270'),
  SYNFUTURES_MULTICALL_ADDRESS: envAddress('0xcA11bde05977b3631167028862bE2a173976CA11'),
  SYNFUTURES_API_URL: envUrl('https://base-api.synfutures.com'),
  SYNFUTURES_WS_URL: envUrl('wss://base-api.synfutures.com/v4/public/ws', ['ws:', 'wss:']),
  SYNFUTURES_API_ORIGIN: envUrl('https://app.synfutures.com'),
  SYNFUTURES_SUBGRAPH_URL: envUrl('https://api.synfutures.com/thegraph/v3-base'),
  /** Use the subgraph for 24h volume and funding history. Default true (it is optional: when it fails, volume is missing and history is gateway-sampled). */
  SYNFUTURES_SUBGRAPH_ENABLED: envBool(true),
  /** RPC + subgraph requests (weight = JSON-RPC calls) per rolling minute. Default 120. */
  SYNFUTURES_RATE_LIMIT_PER_MIN: envInt(120, 1),
  /** Hot set: markets (largest open interest first) whose book is read every depth tick; the others rotate (docs/venues/synfutures.md §13.1). Default 5. */
  SYNFUTURES_DEPTH_MARKETS: envInt(5, 0),
  /**
   * Pyth Hermes for the oracle cross-check (docs/venues/synfutures.md §8a); empty (default) = PYTH_HERMES_URL. Its own
   * variable so a deployment (or a test) can point this venue's check elsewhere than another venue's price stream.
   */
  SYNFUTURES_HERMES_URL: envString('').pipe(
    z.string().refine((v) => v === '' || /^https?:\/\//.test(v), 'expected an http(s) URL or empty'),
  ),
  /** Cross-check oracle-backed markets against Chainlink on Base and Pyth Hermes every funding cadence. Default true. */
  SYNFUTURES_ORACLE_CHECK: envBool(true),
  /** Head-block age (ms, against the local clock) beyond which the node is lagging: a STALE error in health. Default 60 000. */
  SYNFUTURES_MAX_BLOCK_LAG_MS: envInt(60_000, 1),
};
/** What this venue's code sees of the configuration: the core variables plus the ones above. */
export type SynfuturesConfig = VenueConfig<typeof synfuturesEnv>;
