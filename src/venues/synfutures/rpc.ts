/**
 * JSON-RPC 2.0 over the kit's HttpClient (POST), so every request passes the venue's rate limiter, timeout and
 * retry policy; no viem transport. Single calls are sent as one object, several as one batch array (weight = number
 * of calls). viem only encodes/decodes ABI data (abi.ts). Errors are typed (docs/venues/synfutures.md §13):
 * HTTP 429/5xx/timeouts come typed from HttpClient; JSON-RPC rate-limit errors → RATE_LIMITED (and the venue is
 * paused); reverted calls → REVERTED; other JSON-RPC errors → RPC_ERROR; undecodable data → SCHEMA.
 */
import { decodeErrorResult, decodeFunctionResult, encodeFunctionData, type Abi, type Hex } from 'viem';
import { z } from 'zod';
import { isAbortError, VenueError } from '../../core/errors.js';
import type { HttpClient } from '../../core/http.js';
import type { RateLimiter } from '../../core/rate-limit.js';
import { ERROR_ABI, MULTICALL3_ABI } from './abi.js';
import { RpcBatchResponse, RpcResponse, HexResult } from './wire.js';

export interface RpcCall {
  method: string;
  params: unknown[];
}

/** A Multicall3 sub-call result: decoded value, or the typed error of that one sub-call. */
export type SubResult<T> = { ok: true; value: T } | { ok: false; error: VenueError };

/** Pause applied after a JSON-RPC-level rate-limit error that carries no retry hint, ms. */
const RPC_RATE_LIMIT_PAUSE_MS = 5_000;
const RATE_LIMIT_RE = /rate.?limit|too many requests|request limit|limit exceeded|exceeds? .*limit|capacity exceeded|throttl/i;

export class RpcClient {
  private nextId = 1;
  constructor(
    private readonly o: {
      http: HttpClient;
      url: string;
      limiter: RateLimiter;
      /** Counter hook (health counters). */
      count: (name: string) => void;
    },
  ) {}

  /** Send calls in one HTTP request and return their results in order; any error item throws its typed error. */
  async batch(calls: RpcCall[], signal?: AbortSignal): Promise<unknown[]> {
    if (calls.length === 0) return [];
    const ids = calls.map(() => this.nextId++);
    const payload = calls.map((c, i) => ({ jsonrpc: '2.0', id: ids[i], method: c.method, params: c.params }));
    const opts = {
      method: 'POST' as const,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload.length === 1 ? payload[0] : payload),
      weight: calls.length,
      ...(signal ? { signal } : {}),
    };
    this.o.count(`rpc.calls`);
    // A node may answer a batch with one error object (e.g. a rate limit for the whole batch): type that error.
    const answer = await this.o.http.json(this.o.url, payload.length === 1 ? RpcResponse : z.union([RpcBatchResponse, RpcResponse]), opts);
    const items: RpcResponse[] = Array.isArray(answer) ? answer : [answer];
    if (payload.length > 1 && !Array.isArray(answer)) {
      if (answer.error) throw this.rpcError(`batch of ${calls.length}`, answer.error);
      throw new VenueError('synfutures', 'SCHEMA', `JSON-RPC batch of ${calls.length}: expected an array of answers, got one result`);
    }
    const byId = new Map(items.map((r) => [r.id, r]));
    return calls.map((c, i) => {
      const r = byId.get(ids[i]!) ?? (items.length === 1 && calls.length === 1 ? items[0] : undefined);
      if (!r) throw new VenueError('synfutures', 'SCHEMA', `JSON-RPC batch: no answer for ${c.method} (id ${ids[i]})`);
      if (r.error) throw this.rpcError(c.method, r.error);
      return r.result;
    });
  }

  /** Validate one result with a zod schema (SCHEMA error on mismatch). */
  static parse<S extends z.ZodType>(method: string, schema: S, value: unknown): z.infer<S> {
    const p = schema.safeParse(value);
    if (!p.success) {
      const issue = p.error.issues[0];
      throw new VenueError('synfutures', 'SCHEMA', `${method}: unexpected result (${issue?.message ?? 'invalid'})`, { cause: p.error });
    }
    return p.data as z.infer<S>;
  }

  private rpcError(method: string, e: { code: number; message: string; data?: unknown }): VenueError {
    if (e.code === 3 || /revert/i.test(e.message)) {
      this.o.count('rpc.reverted');
      return new VenueError('synfutures', 'REVERTED', `${method}: ${e.message}${revertReason(e.data)}`, { retryable: false });
    }
    if (e.code === -32005 || e.code === -32029 || e.code === 429 || RATE_LIMIT_RE.test(e.message)) {
      const hinted =
        typeof e.data === 'object' && e.data && 'retryAfter' in e.data ? Number((e.data as { retryAfter: unknown }).retryAfter) : NaN;
      const pause = Number.isFinite(hinted) && hinted > 0 ? hinted * 1000 : RPC_RATE_LIMIT_PAUSE_MS;
      this.o.limiter.pause(pause);
      return new VenueError('synfutures', 'RATE_LIMITED', `${method}: JSON-RPC rate limit (${e.code} ${e.message}); paused ${pause} ms`, {
        retryAfterMs: pause,
      });
    }
    return new VenueError('synfutures', 'RPC_ERROR', `${method}: JSON-RPC error ${e.code}: ${e.message}`, {
      retryable: e.code <= -32000 && e.code >= -32099,
    });
  }
}

function revertReason(data: unknown): string {
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
  const hex = RpcClient.parse('aggregate3', HexResult, result) as Hex;
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
  const hex = RpcClient.parse(what, HexResult, result) as Hex;
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
