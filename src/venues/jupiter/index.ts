import { UnavailableConnector } from '../../core/unavailable.js';
import type { VenueFactory } from '../factory.js';

/** Jupiter live connector. (Replaced by the real implementation in its venue issue.) */
export const createJupiterConnector: VenueFactory = ({ io }) =>
  new UnavailableConnector('jupiter', 'no live jupiter connector is available in this build', io.now);
