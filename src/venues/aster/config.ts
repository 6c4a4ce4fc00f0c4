import { z } from 'zod';
import { envInt, envSecret, envString, envUrl } from '../../core/env.js';

/** Aster environment (DESIGN §8). */
export const asterEnv = {
  /** REST base, no path. Default https://fapi.asterdex.com */
  ASTER_REST_URL: envUrl('https://fapi.asterdex.com'),
  /** Market-stream base, no path. Default wss://fstream.asterdex.com */
  ASTER_WS_URL: envUrl('wss://fstream.asterdex.com', ['ws:', 'wss:']),
  ASTER_API_KEY: envSecret(),
  ASTER_SECRET_KEY: envSecret(),
  /** Requests per rolling minute. Default 60. */
  ASTER_RATE_LIMIT_PER_MIN: envInt(60, 1),
  /**
   * The rolling window ASTER_RATE_LIMIT_PER_MIN applies to, ms. Default 60 000; a test knob only (a smaller window
   * scales time: the open-interest rotation and the budget follow it). Leave it unset in deployments.
   */
  ASTER_RATE_WINDOW_MS: envInt(60_000, 1_000),
  /** REST path version: v3 (default) or v1. */
  ASTER_API_VERSION: envString('v3').pipe(z.enum(['v1', 'v3'])),
  /** Number of top symbols (by 24h quote volume) with live depth. Default 10. */
  ASTER_DEPTH_SYMBOLS: envInt(10, 0),
};
export type AsterConfig = { [K in keyof typeof asterEnv]: z.output<(typeof asterEnv)[K]> };
