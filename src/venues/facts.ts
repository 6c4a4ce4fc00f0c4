/**
 * Venue facts that code outside the venue folders reads without loading a connector: each venue's own
 * `constants.ts` states them; this lookup only gathers them (light imports: constants files import nothing heavy).
 * A venue without an entry has no such facts (lookups return the empty default).
 */
import type { Venue } from '../core/types.js';
import * as aster from './aster/constants.js';
import * as avantis from './avantis/constants.js';
import * as jupiter from './jupiter/constants.js';
import * as synfutures from './synfutures/constants.js';

export interface VenueFacts {
  /** DefiLlama protocol slug and yields `/perps` marketplace name; null where DefiLlama lists no such protocol. */
  defillama: { slug: string; marketplace: string } | null;
  /** Caveats attached to every book the venue publishes (e.g. HIDDEN_LIQUIDITY). */
  bookFlags: readonly string[];
}

const FACTS: Partial<Record<Venue, VenueFacts>> = {
  aster: { defillama: aster.DEFILLAMA, bookFlags: aster.BOOK_FLAGS },
  avantis: { defillama: avantis.DEFILLAMA, bookFlags: [] },
  jupiter: { defillama: jupiter.DEFILLAMA, bookFlags: [] },
  synfutures: { defillama: synfutures.DEFILLAMA, bookFlags: [] },
};

export function venueFacts(venue: Venue): VenueFacts {
  return FACTS[venue] ?? { defillama: null, bookFlags: [] };
}
