import { UnavailableConnector } from '../../core/unavailable.js';
import type { VenueFactory } from '../factory.js';

/** Synfutures live connector. (Replaced by the real implementation in its venue issue.) */
export const createSynfuturesConnector: VenueFactory = ({ io }) =>
  new UnavailableConnector('synfutures', 'no live synfutures connector is available in this build', io.now);
