/**
 * zod schemas of the raw payloads: JSON-RPC 2.0 envelopes from the Base node (single and batched) and the
 * subgraph's GraphQL answers (docs/venues/synfutures.md §6). ABI-encoded eth_call data is validated as hex here and
 * decoded with viem from abi.ts; a payload that fails either is a typed error, never a half-filled record.
 */
import { z } from 'zod';

const Hex = z.string().regex(/^0x[0-9a-fA-F]*$/, 'expected 0x-prefixed hex');

/** `{"jsonrpc":"2.0","id":1,"result":…}` or `{"jsonrpc":"2.0","id":1,"error":{"code":-32005,"message":"…"}}`. */
// JSON-RPC envelopes live in the shared transport; re-exported so the names stay stable.
export { RpcBatchResponse, RpcResponse } from '../../transports/jsonrpc.js';

/** eth_call / eth_getCode result. */
export const HexResult = Hex;
/** eth_chainId / eth_blockNumber result. */
export const QuantityResult = z.string().regex(/^0x[0-9a-fA-F]+$/, 'expected a hex quantity');
/** eth_getBlockByNumber(…, false): only the fields we use. */
export const BlockResult = z.object({ number: QuantityResult, timestamp: QuantityResult });

const BigIntString = z.string().regex(/^-?\d+$/, 'expected an integer string');

/** One `hourlyAmmDatas` row (oyster-subgraph `HourlyAmmData`; BigInt fields are decimal strings). */
export const HourlyRow = z.object({
  timestamp: BigIntString,
  volume: BigIntString,
  firstFundingIndex: BigIntString,
  lastFundingIndex: BigIntString,
  lastMarkPrice: BigIntString,
  amm: z.object({ id: z.string() }),
});
export type HourlyRow = z.infer<typeof HourlyRow>;

/** `{ data: { hourlyAmmDatas: [...] } }`, or `{ errors: [...] }` from the indexer. */
export const HourlyResponse = z.object({
  data: z
    .object({ hourlyAmmDatas: z.array(HourlyRow) })
    .nullable()
    .optional(),
  errors: z.array(z.object({ message: z.string() })).optional(),
});
export type HourlyResponse = z.infer<typeof HourlyResponse>;
