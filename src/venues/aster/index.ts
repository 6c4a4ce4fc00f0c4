import { UnavailableConnector } from '../../core/unavailable.js';
import type { VenueFactory } from '../factory.js';

/** Aster live connector. (Replaced by the real implementation in its venue issue.) */
export const createAsterConnector: VenueFactory = ({ io }) =>
  new UnavailableConnector('aster', 'no live aster connector is available in this build', io.now);
