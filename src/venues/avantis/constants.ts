/** Avantis constants (docs/venues/avantis.md). */

/** History analytics path for the last day's volume per pair (semantics unconfirmed, §1.4). */
export const VOLUME_PATH = '/v1/history/analytics/daily-volumes-by-pair/1/true';
/** Dirty pairs are published at most this often (ms): a burst of diffs and prices coalesces in between. */
export const FLUSH_MS = 100;
/** A whole-catalog REST fetch at most once per this gap (ms), capped by the funding cadence. */
export const CATALOG_GAP_MS = 60_000;
/** A catalog taken this recently (ms) is fresh enough for a new socket: no refetch on connect. */
export const FRESH_SNAPSHOT_MS = 5_000;
/** Budget (per minute) of the optional GraphQL analytics source. */
export const ANALYTICS_PER_MIN = 6;

/** DefiLlama's listing of this venue (`npm run crosscheck`): protocol slug and yields `/perps` marketplace name. */
export const DEFILLAMA = { slug: 'avantis', marketplace: 'Avantis' } as const;
