/**
 * zod schemas of Aster's REST payloads (docs/venues/aster.md §2), lenient on numeric encodings (strings or numbers,
 * as ccxt's live samples show), strict on what we need. Hot WebSocket frames use hand-written checks in stream.ts.
 */
import { z } from 'zod';

const numLike = z.union([z.string(), z.number()]);

export const ExchangeInfo = z.object({
  /** Margin assets of the account (multi-asset mode collateral where `marginAvailable`), docs/venues/aster.md §2.1. */
  assets: z.array(z.object({ asset: z.string(), marginAvailable: z.boolean().optional() }).passthrough()).optional(),
  symbols: z.array(
    z
      .object({
        symbol: z.string(),
        contractType: z.string().optional(),
        status: z.string(),
        baseAsset: z.string().optional().nullable(),
        quoteAsset: z.string(),
        marginAsset: z.string().optional(),
        filters: z.array(z.record(z.string(), z.unknown())).default([]),
      })
      .passthrough(),
  ),
});
export type ExchangeInfo = z.infer<typeof ExchangeInfo>;

export const PremiumIndex = z.array(
  z.object({
    symbol: z.string(),
    markPrice: numLike,
    indexPrice: numLike.optional().nullable(),
    lastFundingRate: numLike,
    nextFundingTime: numLike,
    time: numLike,
  }),
);
export type PremiumIndex = z.infer<typeof PremiumIndex>;

export const FundingInfo = z.array(
  z.object({
    symbol: z.string(),
    fundingIntervalHours: numLike,
    fundingFeeCap: numLike.optional().nullable(),
    fundingFeeFloor: numLike.optional().nullable(),
  }),
);
export type FundingInfo = z.infer<typeof FundingInfo>;

export const Ticker24h = z.array(z.object({ symbol: z.string(), volume: numLike, quoteVolume: numLike, lastPrice: numLike.optional() }));
export type Ticker24h = z.infer<typeof Ticker24h>;

const level = z.tuple([numLike, numLike]).rest(z.unknown());
export const Depth = z.object({
  lastUpdateId: numLike,
  E: numLike.optional(),
  T: numLike.optional(),
  bids: z.array(level),
  asks: z.array(level),
});
export type Depth = z.infer<typeof Depth>;

export const OpenInterest = z.object({ symbol: z.string(), openInterest: numLike, time: numLike.optional() });

export const FundingRateHistory = z.array(z.object({ symbol: z.string(), fundingRate: numLike, fundingTime: numLike }));
export type FundingRateHistory = z.infer<typeof FundingRateHistory>;

export const ServerTime = z.object({ serverTime: numLike });

export const CommissionRate = z.object({ symbol: z.string(), makerCommissionRate: numLike, takerCommissionRate: numLike });

export const LeverageBracket = z.array(
  z.object({
    symbol: z.string(),
    brackets: z.array(
      z.object({ bracket: numLike, initialLeverage: numLike, notionalCap: numLike, notionalFloor: numLike, maintMarginRatio: numLike }),
    ),
  }),
);
export type LeverageBracket = z.infer<typeof LeverageBracket>;

/** One `bookTicker` event: best bid/ask and sizes as decimal strings, update id, event time. */
export interface BookTickerFrame {
  s: string;
  b: string;
  B: string;
  a: string;
  A: string;
  u: number;
  E: number;
}
