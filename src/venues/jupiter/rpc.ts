/**
 * Solana reads over the shared JSON-RPC client (src/transports/jsonrpc.ts: rate limiter, timeout, retries and the one
 * error mapping for every chain; docs/venues/jupiter.md §9). Here: getMultipleAccounts in chunks of 100 keys, its
 * shape checked (SCHEMA), and an answer from a slot far behind the highest seen rejected as STALE.
 */
import { VenueError } from '../../core/errors.js';
import type { HttpClient } from '../../core/http.js';
import type { RateLimiter } from '../../core/rate-limit.js';
import { JsonRpcClient } from '../../transports/jsonrpc.js';
import { MAX_SLOT_LAG } from './constants.js';
import { MultipleAccounts, type AccountValue } from './wire.js';

/** getMultipleAccounts accepts at most 100 keys per call. */
const MAX_KEYS = 100;

export interface AccountsAnswer {
  slot: number;
  accounts: Map<string, AccountValue | null>;
}

export class SolanaRpc {
  private readonly rpc: JsonRpcClient;
  /** Highest context slot seen in any answer. */
  highestSlot = 0;
  constructor(private readonly o: { http: HttpClient; url: string; limiter: RateLimiter; count: (name: string) => void }) {
    this.rpc = new JsonRpcClient({ venue: 'jupiter', ...o });
  }

  call(method: string, params: unknown[], signal?: AbortSignal): Promise<unknown> {
    return this.rpc.call(method, params, signal);
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
}
