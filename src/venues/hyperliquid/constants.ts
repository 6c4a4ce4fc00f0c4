/** Hyperliquid API constants. Every figure cites docs/venues/hyperliquid.md. */
import type { Venue } from '../../core/types.js';

/**
 * The venue name. Until the registry derives `Venue` from its entries, the literal is widened here once so the
 * folder compiles on its own; nothing else in the folder spells the venue.
 */
export const VENUE = 'hyperliquid' as string as Venue;

/** Info request path relative to HYPERLIQUID_API_URL (docs/venues/hyperliquid.md §1). */
export const INFO_PATH = '/info';
/** WebSocket path relative to HYPERLIQUID_WS_URL's origin when the URL has none (§1). */
export const WS_PATH = '/ws';

/** Documented request weights (§7). `fundingHistory` adds one unit per 20 rows returned (§3.1). */
export const WEIGHTS = {
  metaAndAssetCtxs: 20,
  predictedFundings: 20,
  fundingHistory: 20,
  l2Book: 2,
  allMids: 2,
} as const;
/** Extra weight per this many rows of a list answer (§3.1, secondary). */
export const ROWS_PER_EXTRA_WEIGHT = 20;

/** The venue's own REST weight limit per IP per minute (§7). Our default budget is half of it. */
export const VENUE_WEIGHT_LIMIT = 1200;

/** Funding: paid hourly (§3), capped at 4 % per hour either way (§3). */
export const FUNDING_INTERVAL_HOURS = 1;
export const FUNDING_CAP_PER_HOUR = 0.04;

/** `fundingHistory` answers at most this many rows (§3.1): page by time past the last row. */
export const HISTORY_PAGE_ROWS = 500;

/** Base fee tier for perps (§5): taker 0.045 %, maker 0.015 %. */
export const DEFAULT_FEES = { maker: 0.00015, taker: 0.00045 } as const;

/** Margin table ids below this are implicit single tiers with max leverage = id (§2). */
export const IMPLICIT_TABLE_BELOW = 50;

/** WS: the venue drops a connection silent for 60 s (§4); we ping well inside that. */
export const WS_PING_MS = 20_000;
/** WS subscriptions we allow ourselves on one connection (§7: the venue allows 1 000). */
export const MAX_BOOK_SUBSCRIPTIONS = 100;

/** Levels kept per book side (the REST and WS snapshots carry up to 20). */
export const BOOK_LEVELS = 20;

/** Margin asset of the main dex (§5). */
export const MARGIN_ASSET = 'USDC';
