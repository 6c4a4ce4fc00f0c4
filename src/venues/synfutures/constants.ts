/** SynFutures v3 constants (docs/venues/synfutures.md sections cited per item). */

/** Expiry of the perpetual AMM of an instrument (§3). */
export const PERP_EXPIRY = 0xffffffff;
/** Instrument `condition` enum (§3): only NORMAL instruments are tradable. */
export const CONDITION = { NORMAL: 0, FROZEN: 1, RESOLVED: 2 } as const;
/** AMM `status` enum (§3): only TRADING pairs are served. */
export const AMM_STATUS = { DORMANT: 0, TRADING: 1, SETTLING: 2, SETTLED: 3 } as const;
/** QuoteParam `qtype` enum (oyster-subgraph schema `QuoteType`). */
export const QUOTE_TYPE = { INVALID: 0, STABLE: 1, NONSTABLE: 2 } as const;
/** `fundingHour() == 0` means 24 h; 24 h is also the period where `fundingHour` does not exist (§7.1, §7.4). */
export const DEFAULT_FUNDING_HOUR = 24;
/** Fee and margin ratios are basis points (RATIO_BASE 10 000; §10, §11). */
export const RATIO_BASE = 10_000;
/** Base order spacing: limit orders sit on 5-tick steps, ≈ 5 bps relative (§9). */
export const ORDER_SPACING = 5;
/** Instruments per `getInstrumentByAddressList` call (§3: ≤ 10 per call, oyster-sdk synfuturesV3Core). */
export const INSTRUMENTS_PER_CALL = 10;
/** Sub-calls per Multicall3 `aggregate3` for depth reads. */
export const DEPTH_PER_CALL = 10;
/** Ticks scanned each side by `liquidityDetails`: 100 ticks ≈ 1 %, enough for 5 levels of 5 ticks (§9). */
export const DEPTH_TICK_DELTA = 100;
/** Levels per side served in the on-chain book (DESIGN §2 depth(levels=5)). */
export const DEPTH_LEVELS = 5;

/**
 * Market types (the third part of the venue symbol, §3, §8), ranked for the canonical-id tie-break (issue 9): the
 * oracle-backed ones compete for the plain id (LINK first, then PYTH, then STORK); synthetic-index types (EMG, DEXV2)
 * always carry their suffix, so a later oracle-backed listing never renames them.
 */
export const ORACLE_RANK: Record<string, number> = { LINK: 0, PYTH: 1, STORK: 2 };
export const SYNTHETIC_INDEX_TYPES = new Set(['EMG', 'DEXV2']);
/** What the index of each market type is (§8), published as `priceSource`. */
export const INDEX_SOURCE: Record<string, string> = {
  LINK: 'Chainlink feeder (oracle)',
  PYTH: 'Pyth feeder (oracle)',
  STORK: 'Stork feeder (oracle)',
  EMG: 'EMG (operator-pushed feeder)',
  DEXV2: 'DEXV2 (Uniswap-V2-style pair)',
};

/** Both Base Observer addresses seen in the SDKs (§2): the newest first; the other is the startup fallback. */
export const KNOWN_OBSERVERS = ['0x16Ae357dFe705D1B9862132Dca02e07150876e3E', '0xDb166a6E454d2a273Cd50CCD6420703564B2a830'] as const;

/** Hourly subgraph rows per page (The Graph's `first` maximum). */
export const SUBGRAPH_PAGE = 1000;
/** Funding-history backfill depth (issue 9 item 6). */
export const BACKFILL_DAYS = 90;

/** DefiLlama's listing of this venue (`npm run crosscheck`): protocol slug and yields `/perps` marketplace name. */
export const DEFILLAMA = { slug: 'synfutures-v3', marketplace: 'SynFutures' } as const;

/**
 * Public oracle feeds cross-checked for oracle-backed markets (docs/venues/synfutures.md §8a): the Chainlink
 * aggregators on Base with their heartbeats, and the Pyth price ids, per base asset. Bases missing here are not
 * cross-checked (their `oracle` is null).
 */
export const ORACLE_FEEDS: Record<string, { chainlink: `0x${string}`; heartbeatS: number; pyth: string }> = {
  BTC: {
    chainlink: '0x64c911996D3c6aC71f9b455B1E8E7266BcbD848F',
    heartbeatS: 1200,
    pyth: 'e62df6c8b4a85fe1a67db44dc12de5db330f7ac66b72dc658afedf0f4a415b43',
  },
  ETH: {
    chainlink: '0x71041dddad3595F9CEd3DcCFBe3D1F4b0a16Bb70',
    heartbeatS: 1200,
    pyth: 'ff61491a931112ddf1bd8147cd1b641375f79f5825126d665480874634fd0ace',
  },
};
/** Market types whose index comes from a public oracle feeder (§8): the ones cross-checked. */
export const ORACLE_BACKED_TYPES = new Set(['LINK', 'PYTH']);
