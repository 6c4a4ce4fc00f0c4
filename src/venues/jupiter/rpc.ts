/**
 * Solana JSON-RPC over the kit's HttpClient (POST), so every call passes the venue's rate limiter, timeout and retry
 * policy (docs/venues/jupiter.md §9). Errors are typed: HTTP 429/5xx/timeouts come typed from HttpClient; JSON-RPC
 * rate-limit errors (-32005, 429, "rate limit" text) → RATE_LIMITED with the venue paused; other JSON-RPC errors →
 * RPC_ERROR; a shape mismatch → SCHEMA; an answer from a slot far behind the highest seen → STALE.
 */
import { VenueError } from '../../core/errors.js';
import type { HttpClient } from '../../core/http.js';
import type { RateLimiter } from '../../core/rate-limit.js';
import { MAX_SLOT_LAG } from './constants.js';
import { MultipleAccounts, RpcResponse, type AccountValue } from './wire.js';

const RATE_LIMIT_PAUSE_MS = 5_000;
const RATE_LIMIT_RE = /rate.?limit|too many requests|limit exceeded|throttl/i;
/** getMultipleAccounts accepts at most 100 keys per call. */
const MAX_KEYS = 100;

export interface AccountsAnswer {
  slot: number;
  accounts: Map<string, AccountValue | null>;
}

export class SolanaRpc {
  private nextId = 1;
  /** Highest context slot seen in any answer. */
  highestSlot = 0;
  constructor(private readonly o: { http: HttpClient; url: string; limiter: RateLimiter; count: (name: string) => void }) {}

  async call(method: string, params: unknown[], signal?: AbortSignal): Promise<unknown> {
    const id = this.nextId++;
    this.o.count(`rpc.${method}`);
    const r = await this.o.http.json(this.o.url, RpcResponse, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id, method, params }),
      ...(signal ? { signal } : {}),
    });
    if (r.error) throw this.rpcError(method, r.error);
    return r.result;
  }

  /** One getMultipleAccounts (base64, confirmed) per ≤ 100 keys; a missing account maps to null. */
  async getMultipleAccounts(keys: readonly string[], signal?: AbortSignal): Promise<AccountsAnswer> {
    const accounts = new Map<string, AccountValue | null>();
    let slot = 0;
    for (let i = 0; i < keys.length; i += MAX_KEYS) {
      const chunk = keys.slice(i, i + MAX_KEYS);
      const raw = await this.call('getMultipleAccounts', [chunk, { encoding: 'base64', commitment: 'confirmed' }], signal);
      const p = MultipleAccounts.safeParse(raw);
      if (!p.success) {
        throw new VenueError('jupiter', 'SCHEMA', `getMultipleAccounts: unexpected result (${p.error.issues[0]?.message ?? 'invalid'})`, {
          cause: p.error,
        });
      }
      if (p.data.value.length !== chunk.length) {
        throw new VenueError('jupiter', 'SCHEMA', `getMultipleAccounts: expected ${chunk.length} values, got ${p.data.value.length}`);
      }
      chunk.forEach((k, j) => accounts.set(k, p.data.value[j] ?? null));
      slot = Math.max(slot, p.data.context.slot);
    }
    if (this.highestSlot - slot > MAX_SLOT_LAG) {
      this.o.count('rpc.staleSlot');
      throw new VenueError(
        'jupiter',
        'STALE',
        `getMultipleAccounts answered at slot ${slot}, ${this.highestSlot - slot} slots behind the highest seen (${this.highestSlot}; limit ${MAX_SLOT_LAG}): the RPC node is lagging`,
        { retryable: true },
      );
    }
    this.highestSlot = Math.max(this.highestSlot, slot);
    return { slot, accounts };
  }

  private rpcError(method: string, e: { code: number; message: string; data?: unknown }): VenueError {
    if (e.code === -32005 || e.code === 429 || RATE_LIMIT_RE.test(e.message)) {
      this.o.limiter.pause(RATE_LIMIT_PAUSE_MS);
      this.o.count('rpc.rateLimited');
      return new VenueError(
        'jupiter',
        'RATE_LIMITED',
        `${method}: JSON-RPC rate limit (${e.code} ${e.message}); paused ${RATE_LIMIT_PAUSE_MS} ms`,
        {
          retryAfterMs: RATE_LIMIT_PAUSE_MS,
        },
      );
    }
    return new VenueError('jupiter', 'RPC_ERROR', `${method}: JSON-RPC error ${e.code}: ${e.message}`, {
      retryable: e.code <= -32000 && e.code >= -32099,
    });
  }
}
