/**
 * The venue ids, for the code below the venue registry (core, stores, the mock plane): the list generated from
 * src/venues/registry.ts by `npm run codegen` (src/generated/venues.ts, kept in step by the codegen diff-check and by
 * the registry's `satisfies Record<Venue, …>`), plus any venue registered at run time (`registerVenue`). Core
 * imports this, never the registry, so imports run one way: venues → core.
 */
import { VENUE_IDS, type Venue } from '../generated/venues.js';

export type { Venue };

/** Every registered venue, in registry order (a venue registered at run time is appended). */
export const VENUES: [Venue, ...Venue[]] = [...VENUE_IDS];
