/** Explicit map Venue → factory; `satisfies` makes tsc prove every venue is present. */
import type { Venue } from '../core/types.js';
import { createAsterConnector } from './aster/index.js';
import { createAvantisConnector } from './avantis/index.js';
import type { VenueFactory } from './factory.js';
import { createJupiterConnector } from './jupiter/index.js';
import { createSynfuturesConnector } from './synfutures/index.js';

export const registry = {
  aster: createAsterConnector,
  avantis: createAvantisConnector,
  jupiter: createJupiterConnector,
  synfutures: createSynfuturesConnector,
} as const satisfies Record<Venue, VenueFactory>;
