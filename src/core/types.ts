/**
 * Normalized, venue-agnostic types. Every connector emits these; the gateway serves them.
 * Units: rates are fractions (0.0001 = 1 bp); times are epoch ms; money is USD; sizes are base units.
 * A value the venue does not publish is `null` (and its name is listed in completeness.missing), never 0.
 */

/** A venue id; the list of venues is the registry's (src/venues/registry.ts, `VENUES`). */
export type { Venue } from './venues.js';
import type { Venue } from './venues.js';

export type DataSource = 'LIVE' | 'CACHED' | 'MOCK';
export type Mode = 'auto' | 'live' | 'mock';
export type FundingModel = 'PERIODIC_FUNDING' | 'CONTINUOUS_FUNDING' | 'BORROW_FEE' | 'FUNDING_PLUS_BORROW';
export type IntervalSource = 'VENUE_API' | 'HISTORY_SPACING' | 'DEFAULT_ASSUMED';
export type FeeSource = 'VENUE_API' | 'ACCOUNT' | 'DEFAULT_SCHEDULE' | 'MOCK';
export type BookKind = 'ORDER_BOOK' | 'SYNTHETIC';
export type ConnectorStatus = 'HEALTHY' | 'DEGRADED' | 'DOWN' | 'MOCK';
export type Transport = 'WEBSOCKET' | 'REST' | 'RPC' | 'GRAPHQL' | 'MOCK';
export type Channel = 'FUNDING' | 'DEPTH' | 'METADATA' | 'MARK';
export type HistorySource = 'VENUE_HISTORY' | 'GATEWAY_SAMPLED' | 'MOCK';

/** Provenance of a value in time. ageMs/stale are computed when served (see `freshnessAt`). */
export interface Stamp {
  /** When the venue produced (or the gateway observed) the value, epoch ms. */
  asOf: number;
  /** Stale after this many ms. */
  slaMs: number;
  source: DataSource;
}

export interface OpenInterest {
  base: number | null;
  usd: number | null;
  long: number | null;
  short: number | null;
  longBase: number | null;
  shortBase: number | null;
  provenance: string | null;
  /**
   * When this value was read, where a venue reads open interest apart from the mark (a rotation over the markets), so
   * an old value carries its own age; absent/null = read with the stats (their time applies) or no value.
   */
  asOf?: number | null;
}

export interface Fees {
  maker: number | null;
  taker: number | null;
  source: FeeSource;
  note: string | null;
}

export interface MarketHours {
  isOpen: boolean;
  nextOpen: number | null;
  nextClose: number | null;
}

export interface LeverageTier {
  notionalFloor: number;
  notionalCap: number | null;
  maxLeverage: number;
  maintenanceMarginRate: number | null;
}

export interface InsuranceFund {
  balanceUsd: number | null;
  /** AVAILABLE | NOT_PUBLISHED | UNAVAILABLE */
  status: 'AVAILABLE' | 'NOT_PUBLISHED' | 'UNAVAILABLE';
  source: string;
}

export interface Risk {
  initialMarginRate: number | null;
  maintenanceMarginRate: number | null;
  /**
   * One definition across venues: the margin ratio (equity / position notional) at which a position is liquidated,
   * for a position at maximum leverage where the venue's rule depends on leverage. A fraction of notional.
   */
  liquidationThreshold: number | null;
  /** Venue-specific: the fraction of collateral lost at which a position is liquidated (0.85). Absent = none. */
  liquidationCollateralLossFraction?: number | null | undefined;
  insuranceFund: InsuranceFund;
}

/** Static-ish market description (metadata channel, 10 min cadence). */
export interface MarketMeta {
  id: string;
  venue: Venue;
  symbol: string;
  venueSymbol: string;
  baseAsset: string;
  quoteAsset: string;
  variant: string | null;
  marginAssets: string[];
  fees: Fees;
  marketHours: MarketHours;
  tickSize: number | null;
  stepSize: number | null;
  minNotional: number | null;
  maxLeverage: number | null;
  leverageTiers: LeverageTier[] | null;
  risk: Risk;
  flags: string[];
  /** Names of fields the venue does not publish for this market (beyond plain nulls detected automatically). */
  missing: string[];
}

/** One public oracle price read for a market (Chainlink aggregator, Pyth Hermes): src/oracles/deviation.ts. */
export interface OracleReadingObs {
  source: 'CHAINLINK' | 'PYTH';
  /** Aggregator address or Pyth price id. */
  feed: string;
  price: number | null;
  /** The feed's own update time (Chainlink updatedAt, Pyth publish_time), epoch ms. */
  asOf: number | null;
  /** Older than this is stale (the feed's heartbeat), ms. */
  heartbeatMs: number;
  /** Why the price is missing (the read's typed error), else null. */
  error: string | null;
}

/** A Chainlink-vs-Pyth cross-check as observed (clock-free; ages and flags are computed when served). */
export interface OracleObservation {
  /** |chainlink − pyth| / pyth × 10 000; null when either price is missing. */
  deviationBps: number | null;
  thresholdBps: number;
  readings: OracleReadingObs[];
  /** When both sources were read, epoch ms. */
  checkedAt: number;
}

/** Mark/index and market statistics (mark channel). */
export interface MarketStats {
  /** USD (a non-USD quote converted with quoteUsdPrice, core/quote.ts); null when no USD price of the quote is known. */
  markPrice: number | null;
  /** USD, like markPrice. */
  indexPrice: number | null;
  /** Mark price in quote units (ETH for a WETH-quoted market); equals markPrice for USD-quoted markets. Absent = not given. */
  markPriceQuote?: number | null;
  /** Index price in quote units. */
  indexPriceQuote?: number | null;
  /** USD price of one quote unit used for the conversion (1 for USD stablecoins). */
  quoteUsdPrice?: number | null;
  /** Where quoteUsdPrice came from. */
  quoteUsdSource?: string | null;
  /** When quoteUsdPrice was observed, epoch ms. */
  quoteUsdAsOf?: number | null;
  priceSource: string | null;
  openInterest: OpenInterest;
  volume24hUsd: number | null;
  /** Chainlink-vs-Pyth cross-check of an oracle-backed market (src/oracles/deviation.ts). Absent/null = not checked. */
  oracle?: OracleObservation | null;
}

export interface FundingRate {
  market: string;
  venue: Venue;
  model: FundingModel;
  rate: number | null;
  intervalHours: number | null;
  intervalSource: IntervalSource | null;
  ratePerHour: number | null;
  annualizedRate: number | null;
  longRatePerHour: number | null;
  shortRatePerHour: number | null;
  longBorrowRatePerHour: number | null;
  shortBorrowRatePerHour: number | null;
  longCostPerHour: number | null;
  shortCostPerHour: number | null;
  longCostAnnualized: number | null;
  shortCostAnnualized: number | null;
  predictedRate: number | null;
  nextFundingTime: number | null;
  capRate: number | null;
  floorRate: number | null;
  provenance: string | null;
  stamp: Stamp;
}

export interface DepthLevel {
  price: number;
  size: number;
  sizeUsd: number;
  cumulativeSizeUsd: number;
}

export interface OrderBook {
  market: string;
  venue: Venue;
  kind: BookKind;
  model: string | null;
  /**
   * True when the levels' prices already include the venue's trading fee (a pool's fee ladder: oracle ± open fee ±
   * impact), false when the fee is charged on top (order books, AMM curves, spread + impact models).
   */
  pricesIncludeFees: boolean;
  bids: DepthLevel[];
  asks: DepthLevel[];
  midPrice: number | null;
  spreadBps: number | null;
  sequence: string | null;
  stamp: Stamp;
  /**
   * Caveats of this one book, beyond the venue's own (`TOP_OF_BOOK`: one level per side, the venue's best bid and
   * ask only, so slippage walked through it is a lower bound). Absent = none.
   */
  flags?: string[];
}

/** Book flag: the book holds only the best bid and ask (one level per side), not a depth snapshot. */
export const TOP_OF_BOOK = 'TOP_OF_BOOK';

export interface FundingPoint {
  time: number;
  rate: number | null;
  intervalHours: number | null;
  ratePerHour: number;
  longCostPerHour: number | null;
  shortCostPerHour: number | null;
  longBorrowPerHour: number | null;
  shortBorrowPerHour: number | null;
  source: HistorySource;
}

/** What a connector emits. The store merges these into the latest state. */
export type ConnectorEvent =
  | { type: 'metadata'; venue: Venue; markets: MarketMeta[]; asOf: number; source: DataSource }
  | { type: 'stats'; venue: Venue; market: string; stats: MarketStats; asOf: number; source: DataSource }
  | { type: 'funding'; venue: Venue; funding: FundingRate }
  | { type: 'book'; venue: Venue; book: OrderBook };

export interface ChannelHealth {
  channel: Channel;
  cadenceMs: number;
  slaMs: number;
  lastSuccessAt: number | null;
  ageMs: number | null;
  stale: boolean;
}

export interface ConnectorErrorInfo {
  code: string;
  message: string;
  at: number;
}

export interface RateLimitStatus {
  budgetPerMinute: number;
  usedLastMinute: number;
  remaining: number;
  throttled: boolean;
  lastRetryAfterMs: number | null;
  bannedUntil: number | null;
  /** Until when no request is sent to the venue (429 pause or ban), epoch ms; null when not paused. */
  pausedUntil: number | null;
  /** Why the venue is paused (e.g. 'HTTP 429 without Retry-After: backoff 60 s'); null when not paused. */
  pauseReason: string | null;
}

export interface SourceHealth {
  name: string;
  status: 'AVAILABLE' | 'UNAVAILABLE' | 'DISABLED' | 'FRAGILE';
  reason: string | null;
  lastSuccessAt: number | null;
}

export interface ConnectorHealth {
  venue: Venue;
  status: ConnectorStatus;
  dataSource: DataSource;
  transport: Transport;
  channels: ChannelHealth[];
  lastError: ConnectorErrorInfo | null;
  consecutiveFailures: number;
  reconnects: number;
  resyncs: number;
  rateLimit: RateLimitStatus;
  marketsExpected: number;
  marketsReturned: number;
  sources: SourceHealth[];
  counters: Record<string, number>;
  leader: string | null;
}

export const HOUR_MS = 3_600_000;
export const HOURS_PER_YEAR = 8760;
