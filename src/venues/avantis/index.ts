import { UnavailableConnector } from '../../core/unavailable.js';
import type { VenueFactory } from '../factory.js';

/** Avantis live connector. (Replaced by the real implementation in its venue issue.) */
export const createAvantisConnector: VenueFactory = ({ io }) =>
  new UnavailableConnector('avantis', 'no live avantis connector is available in this build', io.now);
