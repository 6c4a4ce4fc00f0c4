/** zod schemas of the raw payloads: Solana JSON-RPC answers (§9), perps-api (§3) and Price API v3 (§4). */
import { z } from 'zod';

const RpcError = z.object({ code: z.number(), message: z.string(), data: z.unknown().optional() });

export const AccountValue = z.object({
  data: z.tuple([z.string(), z.literal('base64')]),
  owner: z.string(),
  lamports: z.number().optional(),
});
export type AccountValue = z.infer<typeof AccountValue>;

export const MultipleAccounts = z.object({
  context: z.object({ slot: z.number().int().nonnegative() }),
  value: z.array(AccountValue.nullable()),
});

export const RpcResponse = z
  .object({
    jsonrpc: z.literal('2.0'),
    id: z.union([z.number(), z.string(), z.null()]),
    result: z.unknown().optional(),
    error: RpcError.optional(),
  })
  .refine((r) => r.error !== undefined || r.result !== undefined, { message: 'expected result or error' });
export type RpcResponse = z.infer<typeof RpcResponse>;

/** A decimal string or number (perps-api sends strings). */
const Num = z.union([z.string(), z.number()]);

/** GET /v1/pool-info?mint= (3P, §3.1). */
export const PoolInfo = z.object({
  longBorrowRatePercent: Num,
  shortBorrowRatePercent: Num,
  longAvailableLiquidity: Num.optional(),
  shortAvailableLiquidity: Num.optional(),
  openFeePercent: Num.optional(),
  maxPriceImpactFeePercent: Num.optional(),
});

/** GET /v2/market-stats?mint= (CLI type MarketStatsResponse, §3.2). */
export const MarketStatsResponse = z.object({ price: Num.optional(), volume: Num });

/** GET /price/v3?ids= (§4): keyed by mint; a mint without a price may be absent. */
export const PriceV3 = z.record(z.string(), z.object({ usdPrice: z.number(), decimals: z.number().optional() }).passthrough());
