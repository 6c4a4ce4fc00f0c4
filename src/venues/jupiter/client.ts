/**
 * Secondary HTTP sources, all optional and failing soft (docs/venues/jupiter.md §3, §4, §11): perps-api
 * `/v2/market-stats?mint=` (24h volume), `/v1/pool-info?mint=` (borrow-rate cross-check; the on-chain value is the
 * one served) and the Price API v3 (a spot sanity band, never the mark). Their own rate limiter (at most 1 request
 * per second, JUPITER_API_RATE_LIMIT_PER_MIN per minute) keeps them off the Solana RPC budget.
 */
import type { FetchFn } from '../../core/connector.js';
import { HttpClient } from '../../core/http.js';
import { num } from '../../core/numbers.js';
import { RateLimiter } from '../../core/rate-limit.js';
import { MarketStatsResponse, PoolInfo, PriceV3 } from './wire.js';

export interface ApiOptions {
  fetch: FetchFn;
  now: () => number;
  perpsUrl: string;
  priceUrl: string;
  apiKey: string | null;
  budgetPerMinute: number;
  timeoutMs: number;
  count: (name: string) => void;
}

export class JupiterApi {
  readonly limiter: RateLimiter;
  private readonly http: HttpClient;
  constructor(private readonly o: ApiOptions) {
    this.limiter = new RateLimiter({ budgetPerMinute: o.budgetPerMinute, burst: { limit: 1, windowMs: 1000 }, now: o.now });
    this.http = new HttpClient({
      venue: 'jupiter',
      fetch: o.fetch,
      limiter: this.limiter,
      now: o.now,
      timeoutMs: o.timeoutMs,
      retries: 1,
      maxQueueWaitMs: 30_000,
      ...(o.apiKey ? { defaultHeaders: { 'x-api-key': o.apiKey } } : {}),
      onRequest: (outcome, code) => o.count(outcome === 'ok' ? 'api.ok' : `api.error.${code ?? 'UNKNOWN'}`),
    });
  }

  /** 24h volume, USD (`volume`, a string). */
  async volume24h(mint: string, signal?: AbortSignal): Promise<number> {
    const r = await this.http.json(`${this.o.perpsUrl}/v2/market-stats?mint=${mint}`, MarketStatsResponse, signal ? { signal } : {});
    return num(r.volume, 'market-stats.volume');
  }

  /** Borrow rates in % per hour, long and short (§3.1). */
  async poolInfo(mint: string, signal?: AbortSignal): Promise<{ longPctPerHour: number; shortPctPerHour: number }> {
    const r = await this.http.json(`${this.o.perpsUrl}/v1/pool-info?mint=${mint}`, PoolInfo, signal ? { signal } : {});
    return {
      longPctPerHour: num(r.longBorrowRatePercent, 'pool-info.longBorrowRatePercent'),
      shortPctPerHour: num(r.shortBorrowRatePercent, 'pool-info.shortBorrowRatePercent'),
    };
  }

  /** Spot USD prices by mint (≤ 50 ids per call, §4); a mint without a price is absent. */
  async prices(mints: readonly string[], signal?: AbortSignal): Promise<Map<string, number>> {
    const r = await this.http.json(`${this.o.priceUrl}/price/v3?ids=${mints.slice(0, 50).join(',')}`, PriceV3, signal ? { signal } : {});
    const out = new Map<string, number>();
    for (const [mint, v] of Object.entries(r)) if (Number.isFinite(v.usdPrice) && v.usdPrice > 0) out.set(mint, v.usdPrice);
    return out;
  }

  dispose(): void {
    this.http.dispose();
  }
}
