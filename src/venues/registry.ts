/**
 * The one door to the venues: Venue → { env, load, mock }. The venue list, the `Venue` type, the market-id pattern,
 * the zod and GraphQL enums and the composed environment all derive from this object; adding a venue is one line
 * here (plus its folder). Loaders import the venue module on first use, so a gateway that never starts a live
 * connector (mock mode, gateway role) never loads the venues' heavier dependencies (viem, socket.io-client, …):
 * this keeps cold start short. Only each venue's `config.ts` (zod env shape) is imported eagerly.
 */
import { asterEnv } from './aster/config.js';
import { avantisEnv } from './avantis/config.js';
import { VENUES, type Venue } from '../core/venues.js';
import { defineVenue, type VenueEntry } from './factory.js';
import { hyperliquidEnv } from './hyperliquid/config.js';
import { jupiterEnv } from './jupiter/config.js';
import { synfuturesEnv } from './synfutures/config.js';

export const registry = {
  aster: defineVenue({
    description: 'Aster (asterdex) USDⓈ-M perpetuals: Binance-style central limit order book.',
    env: asterEnv,
    load: () => import('./aster/index.js').then((m) => m.createAsterConnector),
    mock: () => import('./aster/mock.js').then((m) => m.asterMock),
    seed: () => import('./aster/mock-seed.js').then((m) => m.asterSeed),
  }),
  avantis: defineVenue({
    description: 'Avantis (Veranta) on Base: peer-to-pool, oracle-priced, per-side funding plus a borrow (margin) fee.',
    env: avantisEnv,
    load: () => import('./avantis/index.js').then((m) => m.createAvantisConnector),
    mock: () => import('./avantis/mock.js').then((m) => m.avantisMock),
    seed: () => import('./avantis/mock-seed.js').then((m) => m.avantisSeed),
  }),
  jupiter: defineVenue({
    description: 'Jupiter Perps on Solana: pool-based, oracle-priced, hourly borrow fee and no funding.',
    env: jupiterEnv,
    load: () => import('./jupiter/index.js').then((m) => m.createJupiterConnector),
    mock: () => import('./jupiter/mock.js').then((m) => m.jupiterMock),
    seed: () => import('./jupiter/mock-seed.js').then((m) => m.jupiterSeed),
  }),
  synfutures: defineVenue({
    description: 'SynFutures v3 (Oyster AMM) on Base: concentrated liquidity plus limit orders, continuous two-sided funding.',
    env: synfuturesEnv,
    load: () => import('./synfutures/index.js').then((m) => m.createSynfuturesConnector),
    mock: () => import('./synfutures/mock.js').then((m) => m.synfuturesMock),
    seed: () => import('./synfutures/mock-seed.js').then((m) => m.synfuturesSeed),
  }),
  hyperliquid: defineVenue({
    description: 'Hyperliquid L1 perpetuals: on-chain central limit order book, hourly funding, USDC margin (main dex).',
    env: hyperliquidEnv,
    load: () => import('./hyperliquid/index.js').then((m) => m.createHyperliquidConnector),
    mock: () => import('./hyperliquid/mock.js').then((m) => m.hyperliquidMock),
    seed: () => import('./hyperliquid/mock-seed.js').then((m) => m.hyperliquidSeed),
  }),
} satisfies Record<Venue, { description: string }>; // exactly the generated ids: none missing, none extra

// The generated id list (src/generated/venues.ts, what core sees) and this object agree: `satisfies` above checks it
// when type-checking, test/core/registry.test.ts when testing, and `npm run codegen` rewrites the list from here.
export { VENUES, type Venue };

/**
 * Registers a venue at run time, for a test (or a plug-in) that adds a venue without touching this file: its id joins
 * `VENUES` (so config's PERP_VENUES, the market-id pattern, the GraphQL `Venue` enum built at schema-build time and
 * the live plane all accept it) and `registry`. The id is lower-case letters and digits. Its env shape is not composed
 * into the config (declare none; read settings in the factory). Returns the matching unregister. The committed SDL
 * and the `Venue` type stay generated from the static entries above (`npm run codegen`).
 */
export function registerVenue(id: string, entry: VenueEntry): () => void {
  if (!/^[a-z][a-z0-9]*$/.test(id)) throw new Error(`venue id must be lower-case letters and digits, got ${JSON.stringify(id)}`);
  if (id in registry) throw new Error(`venue ${id} is already registered`);
  if (Object.keys(entry.env).length) throw new Error(`venue ${id}: a venue registered at run time declares no environment`);
  (registry as unknown as Record<string, VenueEntry>)[id] = entry;
  (VENUES as string[]).push(id);
  return () => {
    delete (registry as unknown as Record<string, VenueEntry>)[id];
    const i = (VENUES as string[]).indexOf(id);
    if (i >= 0) VENUES.splice(i, 1);
  };
}
