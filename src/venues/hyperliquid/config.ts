import type { VenueConfig } from '../factory.js';
import { envInt, envUrl } from '../../core/env.js';

/** Hyperliquid environment (docs/venues/hyperliquid.md §1, §7). No key: the public API is keyless. */
export const hyperliquidEnv = {
  /** REST base, no path (requests go to `<base>/info`). Default https://api.hyperliquid.xyz */
  HYPERLIQUID_API_URL: envUrl('https://api.hyperliquid.xyz'),
  /** WebSocket URL including its path. Default wss://api.hyperliquid.xyz/ws */
  HYPERLIQUID_WS_URL: envUrl('wss://api.hyperliquid.xyz/ws', ['ws:', 'wss:']),
  /** Request weight per rolling minute (hard cap). Default 600: half the venue's 1 200 per IP (§7). */
  HYPERLIQUID_RATE_LIMIT_PER_MIN: envInt(600, 1),
  /** Coins (top by 24 h notional volume) whose l2Book is streamed; watched coins are added. Default 10. */
  HYPERLIQUID_DEPTH_COINS: envInt(10, 0),
};
/** What this venue's code sees of the configuration: the core variables plus the ones above. */
export type HyperliquidConfig = VenueConfig<typeof hyperliquidEnv>;
