/**
 * Explicit map Venue → factory loader; `satisfies` makes tsc prove every venue is present. Loaders import the venue
 * module on first use, so a gateway that never starts a live connector (mock mode, gateway role) never loads the
 * venues' heavier dependencies (viem, socket.io-client, …): this keeps cold start short.
 */
import type { Venue } from '../core/types.js';
import type { VenueFactory } from './factory.js';

export const registry = {
  aster: () => import('./aster/index.js').then((m) => m.createAsterConnector),
  avantis: () => import('./avantis/index.js').then((m) => m.createAvantisConnector),
  jupiter: () => import('./jupiter/index.js').then((m) => m.createJupiterConnector),
  synfutures: () => import('./synfutures/index.js').then((m) => m.createSynfuturesConnector),
} as const satisfies Record<Venue, () => Promise<VenueFactory>>;
