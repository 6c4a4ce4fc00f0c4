import type { z } from 'zod';
import { envInt, envSecret, envUrl } from '../../config/env.js';

/** Jupiter environment (DESIGN §8). */
export const jupiterEnv = {
  SOLANA_RPC_URL: envUrl('https://api.mainnet-beta.solana.com'),
  SOLANA_WS_URL: envUrl('wss://api.mainnet-beta.solana.com', ['ws:', 'wss:']),
  JUPITER_PERPS_API_URL: envUrl('https://perps-api.jup.ag'),
  JUPITER_PRICE_API_URL: envUrl('https://api.jup.ag'),
  JUPITER_API_KEY: envSecret(),
  /** Solana RPC requests per rolling minute. Default 30. */
  JUPITER_RATE_LIMIT_PER_MIN: envInt(30, 1),
};
export type JupiterConfig = { [K in keyof typeof jupiterEnv]: z.output<(typeof jupiterEnv)[K]> };
