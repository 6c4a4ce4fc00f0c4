/**
 * EVM reads on viem over the shared JSON-RPC client (src/transports/jsonrpc.ts): a viem public client with a `custom`
 * transport whose every request goes through the venue's rate limiter, timeout, retry policy and the one JSON-RPC
 * error mapping. Contract reads use viem's `readContract` and `multicall` (Multicall3 `aggregate3`, at the configured
 * address); ABI encoding and decoding are viem's.
 *
 * Requests made in the same tick through one scope travel as one JSON-RPC batch (one HTTP request, weight = calls),
 * in the order they were made, so a state tick stays one request however many reads it holds. A scope is bound to one
 * AbortSignal (viem's actions take none): an aborted scope sends nothing and rejects with the abort.
 *
 * Errors come out typed (VenueError of the configured venue): the transport's own error passes through unchanged
 * (RATE_LIMITED, REVERTED with its reason, TIMEOUT, …); a failed multicall sub-call is REVERTED with its decoded
 * reason; data that does not decode with the given ABI is SCHEMA. Aborts always propagate. viem's own retries are off
 * (the HTTP client owns the retry policy).
 */
import {
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  custom,
  decodeErrorResult,
  parseAbi,
  type Abi,
  type Address,
  type Hex,
  type PublicClient,
} from 'viem';
import { isAbortError, VenueError } from '../core/errors.js';
import type { Venue } from '../core/types.js';
import type { JsonRpcClient, RpcCall } from './jsonrpc.js';

/** The outcome of one read inside a multicall: its decoded value, or the typed error of that one read. */
export type SubResult<T> = { ok: true; value: T } | { ok: false; error: VenueError };

/** One contract read: address, ABI, function and arguments, and a name for error messages (`what`). */
export interface ContractRead {
  address: Address;
  abi: Abi;
  functionName: string;
  args?: readonly unknown[];
  what: string;
}

export interface EvmOptions {
  venue: Venue;
  rpc: JsonRpcClient;
  /** Multicall3 address (config; canonical 0xcA11…CA11 on every EVM chain). */
  multicallAddress: Address;
}

/** Solidity `Error(string)`, to read revert reasons. */
export const ERROR_ABI = parseAbi(['error Error(string message)']);

/** Revert data (an `Error(string)`) as a readable suffix: ` (reason)`, ` (revert data 0x…)` or ''. */
export function revertReason(data: unknown): string {
  if (typeof data !== 'string' || !data.startsWith('0x') || data.length < 10) return '';
  try {
    const d = decodeErrorResult({ abi: ERROR_ABI, data: data as Hex });
    return ` (${String(d.args[0])})`;
  } catch {
    return ` (revert data ${data.slice(0, 10)})`;
  }
}

/** The shared EVM reader of one venue: hands out scopes (one per job run, bound to its AbortSignal). */
export class EvmReader {
  constructor(private readonly o: EvmOptions) {}

  /** A scope whose requests made in the same tick share one JSON-RPC batch, all under `signal`. */
  scope(signal?: AbortSignal): EvmScope {
    return new EvmScope(this.o, signal);
  }
}

export class EvmScope {
  /** The viem public client of this scope (custom transport over the shared JSON-RPC client). */
  readonly client: PublicClient;
  private queue: Array<{ call: RpcCall; resolve: (v: unknown) => void; reject: (e: unknown) => void }> = [];
  private scheduled = false;

  constructor(
    private readonly o: EvmOptions,
    private readonly signal?: AbortSignal,
  ) {
    const request = ({ method, params }: { method: string; params?: unknown }) =>
      this.enqueue({ method, params: Array.isArray(params) ? (params as unknown[]) : [] });
    this.client = createPublicClient({ transport: custom({ request }, { retryCount: 0 }) });
  }

  /** `eth_chainId`. */
  async chainId(): Promise<number> {
    return this.guard('eth_chainId', () => this.client.getChainId());
  }

  /** Whether `address` holds contract code (`eth_getCode` at the latest block). */
  async hasCode(address: Address, what: string): Promise<boolean> {
    const code = await this.guard(`eth_getCode ${what}`, () => this.client.getCode({ address }));
    return code !== undefined && code.length > 2;
  }

  /** A raw JSON-RPC request in this scope's batch (e.g. `eth_getBlockByNumber`), its result unvalidated. */
  raw(method: string, params: unknown[]): Promise<unknown> {
    return this.enqueue({ method, params });
  }

  /** One `eth_call` through viem's `readContract`, decoded with `abi`; typed errors (see the file comment). */
  async read<T>(c: ContractRead): Promise<T> {
    const args = { address: c.address, abi: c.abi, functionName: c.functionName, args: c.args ?? [] };
    return this.guard(c.what, () => this.client.readContract(args as Parameters<PublicClient['readContract']>[0]) as Promise<T>);
  }

  /**
   * Reads in ONE Multicall3 `aggregate3` through viem's `multicall` (every sub-call `allowFailure`, no size-based
   * chunking: the caller sizes the groups). Each read gets its own outcome; a failure of the whole call (transport,
   * rate limit, abort) throws its typed error instead.
   */
  async multicall(reads: readonly ContractRead[]): Promise<SubResult<unknown>[]> {
    if (reads.length === 0) return [];
    const contracts = reads.map((r) => ({ address: r.address, abi: r.abi, functionName: r.functionName, args: r.args ?? [] }));
    const out = await this.client.multicall({
      contracts: contracts as Parameters<PublicClient['multicall']>[0]['contracts'],
      multicallAddress: this.o.multicallAddress,
      allowFailure: true,
      batchSize: 0,
    });
    return out.map((r, i): SubResult<unknown> => {
      const what = reads[i]!.what;
      if (r.status === 'success') return { ok: true, value: r.result };
      const abort = abortIn(r.error);
      if (abort) throw abort;
      // A VenueError inside a failed sub-result came from the transport: the whole aggregate3 failed.
      const transport = venueErrorIn(r.error);
      if (transport) throw transport;
      return { ok: false, error: this.typed(what, r.error) };
    });
  }

  /** Run a viem action; its error typed (aborts and transport errors pass through). */
  private async guard<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const abort = abortIn(err);
      if (abort) throw abort;
      throw venueErrorIn(err) ?? this.typed(what, err);
    }
  }

  /** A viem error as REVERTED (with its decoded reason) or SCHEMA (data that does not decode with the ABI). */
  private typed(what: string, err: unknown): VenueError {
    const reverted = err instanceof BaseError ? err.walk((e) => e instanceof ContractFunctionRevertedError) : null;
    if (reverted instanceof ContractFunctionRevertedError) {
      const why = reverted.reason !== undefined ? ` (${reverted.reason})` : reverted.raw ? revertReason(reverted.raw) : '';
      return new VenueError(this.o.venue, 'REVERTED', `${what} reverted${why}`, { retryable: false, cause: err });
    }
    const first = (err instanceof BaseError ? err.shortMessage : err instanceof Error ? err.message : String(err)).split('\n')[0];
    return new VenueError(this.o.venue, 'SCHEMA', `${what}: returned data does not decode with the pinned ABI (${first})`, {
      cause: err,
    });
  }

  private enqueue(call: RpcCall): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.queue.push({ call, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      // One macrotask later: viem reaches `request` after a few awaits, so a microtask would split a tick's reads.
      setTimeout(() => void this.flush(), 0);
    });
  }

  private async flush(): Promise<void> {
    const items = this.queue.splice(0);
    this.scheduled = false;
    try {
      if (this.signal?.aborted) throw this.signal.reason ?? new DOMException('aborted', 'AbortError');
      const results = await this.o.rpc.settle(
        items.map((i) => i.call),
        this.signal,
      );
      results.forEach((r, k) => (r.ok ? items[k]!.resolve(r.value) : items[k]!.reject(r.error)));
    } catch (err) {
      for (const i of items) i.reject(err);
    }
  }
}

/** The first VenueError in an error's cause chain (what the transport threw, wrapped by viem). */
function venueErrorIn(err: unknown): VenueError | null {
  for (let e: unknown = err, n = 0; e && n < 10; e = (e as { cause?: unknown }).cause, n++) if (e instanceof VenueError) return e;
  return null;
}

/** The first abort in an error's cause chain (the error itself included). */
function abortIn(err: unknown): unknown {
  for (let e: unknown = err, n = 0; e && n < 10; e = (e as { cause?: unknown }).cause, n++) if (isAbortError(e)) return e;
  return null;
}
