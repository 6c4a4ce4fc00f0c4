/**
 * JSON-RPC 2.0 over the template's HTTP client (POST), shared by the chain venues (Solana, Base): every request
 * passes the venue's rate limiter, timeout and retry policy. Single calls go as one object, several as one batch
 * array (weight = number of calls). One error mapping for every chain:
 * - HTTP 429 / 5xx / timeouts: typed by the HTTP client (RATE_LIMITED with Retry-After, HTTP_5XX, TIMEOUT);
 * - JSON-RPC rate limits (codes -32005, -32029, 429, or rate-limit wording): RATE_LIMITED, and the venue's limiter is
 *   paused for the node's `retryAfter` hint or 5 s;
 * - execution reverted (code 3 or "revert"): REVERTED, not retryable, with the decoded reason when a decoder is given;
 * - any other error object: RPC_ERROR (retryable for the server-error range -32000…-32099);
 * - a shape mismatch: SCHEMA.
 */
import { z } from 'zod';
import { VenueError } from '../core/errors.js';
import type { HttpClient } from '../core/http.js';
import type { RateLimiter } from '../core/rate-limit.js';
import type { Venue } from '../core/types.js';

export interface RpcCall {
  method: string;
  params: unknown[];
}

const RpcErrorObject = z.object({ code: z.number(), message: z.string(), data: z.unknown().optional() });
export type RpcErrorObject = z.infer<typeof RpcErrorObject>;
export const RpcResponse = z
  .object({
    jsonrpc: z.literal('2.0').optional(),
    id: z.union([z.number(), z.string(), z.null()]),
    result: z.unknown().optional(),
    error: RpcErrorObject.optional(),
  })
  .refine((r) => r.result !== undefined || r.error !== undefined, { message: 'expected a result or an error' });
export type RpcResponse = z.infer<typeof RpcResponse>;
export const RpcBatchResponse = z.array(RpcResponse).min(1);

/** Pause applied after a JSON-RPC-level rate-limit error that carries no retry hint, ms. */
export const RPC_RATE_LIMIT_PAUSE_MS = 5_000;
const RATE_LIMIT_RE = /rate.?limit|too many requests|request limit|limit exceeded|exceeds? .*limit|capacity exceeded|throttl/i;

export interface JsonRpcOptions {
  venue: Venue;
  http: HttpClient;
  url: string;
  limiter: RateLimiter;
  /** Counter hook (health counters): `rpc.calls`, `rpc.<method>`, `rpc.rateLimited`, `rpc.reverted`. */
  count: (name: string) => void;
  /** Turn revert data into a readable suffix (e.g. ` (reason)`); default none. */
  revertReason?: (data: unknown) => string;
}

/** One call's outcome inside a batch. */
export type RpcSettled = { ok: true; value: unknown } | { ok: false; error: VenueError };

export class JsonRpcClient {
  private nextId = 1;
  constructor(private readonly o: JsonRpcOptions) {}

  /** One call; its typed error on failure. */
  async call(method: string, params: unknown[], signal?: AbortSignal): Promise<unknown> {
    const [r] = await this.batch([{ method, params }], signal);
    return r;
  }

  /** Send calls in one HTTP request and return their results in order; any error item throws its typed error. */
  async batch(calls: RpcCall[], signal?: AbortSignal): Promise<unknown[]> {
    const settled = await this.settle(calls, signal);
    return settled.map((r) => {
      if (!r.ok) throw r.error;
      return r.value;
    });
  }

  /**
   * Send calls in one HTTP request and return each call's own outcome in order (a result, or its typed error): the
   * EVM transport (src/transports/evm.ts) hands each outcome to the viem request that asked for it. A failure of the
   * whole request (HTTP, a batch-level error object, a shape mismatch) throws.
   */
  async settle(calls: RpcCall[], signal?: AbortSignal): Promise<RpcSettled[]> {
    if (calls.length === 0) return [];
    const ids = calls.map(() => this.nextId++);
    const payload = calls.map((c, i) => ({ jsonrpc: '2.0', id: ids[i], method: c.method, params: c.params }));
    const single = payload.length === 1;
    this.o.count('rpc.calls');
    for (const c of calls) this.o.count(`rpc.${c.method}`);
    // A node may answer a batch with one error object (e.g. a rate limit for the whole batch): type that error.
    const answer = await this.o.http.json(this.o.url, single ? RpcResponse : z.union([RpcBatchResponse, RpcResponse]), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(single ? payload[0] : payload),
      weight: calls.length,
      ...(signal ? { signal } : {}),
    });
    const items: RpcResponse[] = Array.isArray(answer) ? answer : [answer];
    if (!single && !Array.isArray(answer)) {
      if (answer.error) throw this.error(`batch of ${calls.length}`, answer.error);
      throw new VenueError(this.o.venue, 'SCHEMA', `JSON-RPC batch of ${calls.length}: expected an array of answers, got one result`);
    }
    const byId = new Map(items.map((r) => [r.id, r]));
    return calls.map((c, i): RpcSettled => {
      const r = byId.get(ids[i]!) ?? (items.length === 1 && single ? items[0] : undefined);
      if (!r)
        return { ok: false, error: new VenueError(this.o.venue, 'SCHEMA', `JSON-RPC batch: no answer for ${c.method} (id ${ids[i]})`) };
      if (r.error) return { ok: false, error: this.error(c.method, r.error) };
      return { ok: true, value: r.result };
    });
  }

  /** Validate one result with a zod schema (SCHEMA error on mismatch). */
  parse<S extends z.ZodType>(method: string, schema: S, value: unknown): z.infer<S> {
    return parseResult(this.o.venue, method, schema, value);
  }

  /** The one error mapping (see the file comment). */
  error(method: string, e: RpcErrorObject): VenueError {
    const { venue } = this.o;
    if (e.code === 3 || /revert/i.test(e.message)) {
      this.o.count('rpc.reverted');
      return new VenueError(venue, 'REVERTED', `${method}: ${e.message}${this.o.revertReason?.(e.data) ?? ''}`, { retryable: false });
    }
    if (e.code === -32005 || e.code === -32029 || e.code === 429 || RATE_LIMIT_RE.test(e.message)) {
      const hinted =
        typeof e.data === 'object' && e.data && 'retryAfter' in e.data ? Number((e.data as { retryAfter: unknown }).retryAfter) : NaN;
      const pause = Number.isFinite(hinted) && hinted > 0 ? hinted * 1000 : RPC_RATE_LIMIT_PAUSE_MS;
      this.o.limiter.pause(pause);
      this.o.count('rpc.rateLimited');
      return new VenueError(venue, 'RATE_LIMITED', `${method}: JSON-RPC rate limit (${e.code} ${e.message}); paused ${pause} ms`, {
        retryAfterMs: pause,
      });
    }
    return new VenueError(venue, 'RPC_ERROR', `${method}: JSON-RPC error ${e.code}: ${e.message}`, {
      retryable: e.code <= -32000 && e.code >= -32099,
    });
  }
}

/** Validate one JSON-RPC result with a zod schema (SCHEMA error on mismatch). */
export function parseResult<S extends z.ZodType>(venue: Venue, method: string, schema: S, value: unknown): z.infer<S> {
  const p = schema.safeParse(value);
  if (!p.success) {
    const issue = p.error.issues[0];
    throw new VenueError(venue, 'SCHEMA', `${method}: unexpected result (${issue?.message ?? 'invalid'})`, { cause: p.error });
  }
  return p.data as z.infer<S>;
}
