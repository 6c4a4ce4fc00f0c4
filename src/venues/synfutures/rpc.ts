/**
 * Base chain reads for SynFutures over the shared JSON-RPC client (src/transports/jsonrpc.ts, one error mapping for
 * every chain): eth_call and Multicall3 `aggregate3` encoding, per-sub-call decoding with typed failures, and revert
 * reasons (docs/venues/synfutures.md §13). viem encodes and decodes the ABI data (abi.ts).
 */
import { decodeErrorResult, decodeFunctionResult, encodeFunctionData, type Abi, type Hex } from 'viem';
import type { z } from 'zod';
import { isAbortError, VenueError } from '../../core/errors.js';
import { parseResult, type RpcCall } from '../../transports/jsonrpc.js';
import { ERROR_ABI, MULTICALL3_ABI } from './abi.js';
import { HexResult } from './wire.js';

export type { RpcCall } from '../../transports/jsonrpc.js';

/** A Multicall3 sub-call result: decoded value, or the typed error of that one sub-call. */
export type SubResult<T> = { ok: true; value: T } | { ok: false; error: VenueError };

/** Validate one result with a zod schema (SCHEMA error on mismatch). */
export const parse = <S extends z.ZodType>(method: string, schema: S, value: unknown): z.infer<S> =>
  parseResult('synfutures', method, schema, value);

/** Revert data (an `Error(string)`) as a readable suffix. */
export function revertReason(data: unknown): string {
  if (typeof data !== 'string' || !data.startsWith('0x') || data.length < 10) return '';
  try {
    const d = decodeErrorResult({ abi: ERROR_ABI, data: data as Hex });
    return ` (${String(d.args[0])})`;
  } catch {
    return ` (revert data ${data.slice(0, 10)})`;
  }
}

/** `eth_call` at the latest block. */
export function ethCall(to: string, data: Hex): RpcCall {
  return { method: 'eth_call', params: [{ to, data }, 'latest'] };
}

export interface Sub {
  target: `0x${string}`;
  callData: Hex;
  allowFailure: boolean;
}

/** One Multicall3 `aggregate3` eth_call for a batch of sub-calls. */
export function aggregate3(multicall: string, subs: Sub[]): RpcCall {
  return ethCall(multicall, encodeFunctionData({ abi: MULTICALL3_ABI, functionName: 'aggregate3', args: [subs] }));
}

/** Decode an `aggregate3` result into per-sub-call (success, returnData). */
export function decodeAggregate3(result: unknown): ReadonlyArray<{ success: boolean; returnData: Hex }> {
  const hex = parse('aggregate3', HexResult, result) as Hex;
  return decodeOr('aggregate3', () => decodeFunctionResult({ abi: MULTICALL3_ABI, functionName: 'aggregate3', data: hex }));
}

/** Decode a sub-call's return data with `abi`/`functionName`, or its typed failure. */
export function decodeSub<T>(
  sub: { success: boolean; returnData: Hex } | undefined,
  abi: Abi,
  functionName: string,
  what: string,
): SubResult<T> {
  if (!sub) return { ok: false, error: new VenueError('synfutures', 'SCHEMA', `${what}: missing from the multicall answer`) };
  if (!sub.success)
    return {
      ok: false,
      error: new VenueError('synfutures', 'REVERTED', `${what} reverted${revertReason(sub.returnData)}`, { retryable: false }),
    };
  try {
    return { ok: true, value: decodeOr(what, () => decodeFunctionResult({ abi, functionName, data: sub.returnData }) as T) };
  } catch (err) {
    return { ok: false, error: err as VenueError };
  }
}

/** Decode a top-level eth_call result. */
export function decodeCall<T>(result: unknown, abi: Abi, functionName: string, what: string): T {
  const hex = parse(what, HexResult, result) as Hex;
  return decodeOr(what, () => decodeFunctionResult({ abi, functionName, data: hex }) as T);
}

function decodeOr<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (isAbortError(err)) throw err;
    throw new VenueError(
      'synfutures',
      'SCHEMA',
      `${what}: returned data does not decode with the pinned ABI (${(err as Error).message.split('\n')[0]})`,
      {
        cause: err,
      },
    );
  }
}
