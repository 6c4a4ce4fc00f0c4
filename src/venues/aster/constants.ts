/** Aster (asterdex) futures API constants. Binance USDⓈ-M clone: docs/venues/aster.md §1–§2. */

/** REST paths relative to ASTER_REST_URL, with `{v}` = the configured version (v3 default, v1 fallback on 404). */
export const PATHS = {
  exchangeInfo: '/fapi/{v}/exchangeInfo',
  premiumIndex: '/fapi/{v}/premiumIndex',
  fundingInfo: '/fapi/{v}/fundingInfo',
  ticker24hr: '/fapi/{v}/ticker/24hr',
  depth: '/fapi/{v}/depth',
  openInterest: '/fapi/{v}/openInterest',
  fundingRate: '/fapi/{v}/fundingRate',
  time: '/fapi/{v}/time',
  // Signed (USER_DATA), docs/venues/aster.md §2.9–§2.10: `{v}` = the signing scheme (v3 API wallet, v1 HMAC).
  commissionRate: '/fapi/{v}/commissionRate',
  leverageBracket: '/fapi/{v}/leverageBracket',
} as const;

/** Request weights (docs/venues/aster.md §2). Our budget counts requests; the venue's weight header is tracked separately. */
export const WEIGHTS = { ticker24hrAll: 40, depth5: 2, commissionRate: 20 } as const;

/**
 * Pauses when the venue states no time (docs/venues/aster.md §4.1): a 429 without Retry-After backs off 60 s, doubling
 * on each further one (cap 16 min); a 418 ban without a time 2 min, doubling (the venue's bans run 2 min to 3 days).
 */
export const PAUSES = {
  rateLimited: { baseMs: 60_000, maxMs: 960_000 },
  banned: { baseMs: 120_000, maxMs: 3 * 86_400_000 },
} as const;

/** The venue's own IP weight limit per minute (exchangeInfo.rateLimits REQUEST_WEIGHT). */
export const VENUE_WEIGHT_LIMIT = 2400;

/**
 * Default fee schedule when no API key is configured: ccxt's hard-coded Aster defaults (maker 0.01 %,
 * taker 0.035 %), tier-based and UNCONFIRMED (docs/venues/aster.md §2.10). Served with fees.source DEFAULT_SCHEDULE.
 */
export const DEFAULT_FEES = { maker: 0.0001, taker: 0.00035 } as const;

/** Funding interval when neither fundingInfo nor history spacing says otherwise (docs/venues/aster.md §5). */
export const DEFAULT_INTERVAL_HOURS = 8;

/** Stream limits (docs/venues/aster.md §3): 200 streams per connection, reconnect before 24 h. */
export const MAX_STREAMS_PER_CONNECTION = 200;
export const STREAM_MAX_LIFETIME_MS = 23 * 3_600_000;

/**
 * DefiLlama's listing of this venue (`npm run crosscheck`): the protocol slug of api.llama.fi `/summary/derivatives/{slug}`
 * and `/overview/open-interest`, and the `marketplace` name rows would carry in its yields `/perps` feed.
 */
export const DEFILLAMA = { slug: 'aster-perps', marketplace: 'Aster' } as const;

/**
 * Caveats of every book this venue publishes: it accepts hidden orders (timeInForce HIDDEN in exchangeInfo,
 * docs/venues/aster.md §2.1), which never show in the depth feed, so the visible book is a lower bound on liquidity.
 */
export const BOOK_FLAGS = ['HIDDEN_LIQUIDITY'] as const;

/**
 * Yield-bearing tokens of the venue's own earn products (docs.asterdex.com "Aster Earn": asBNB, asCAKE, asUSDF,
 * asBTC) that multi-asset mode may accept as margin: their balance accrues yield while it backs positions, so margin
 * value drifts upward between deposits. Flagged YIELD_BEARING_MARGIN_<asset> where exchangeInfo `assets` lists them
 * with marginAvailable (docs/venues/aster.md §2.1); an asset the venue does not list is never flagged.
 */
export const YIELD_BEARING_MARGIN_ASSETS = ['asBNB', 'asCAKE', 'asUSDF', 'asBTC'] as const;
