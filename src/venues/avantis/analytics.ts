/**
 * The seed's optional GraphQL analytics source (`AVANTIS_GRAPHQL_URL`, queries `perpMarkets`, `fundingRates`,
 * `liquiditySnapshots`). docs/venues/avantis.md §3 found no such Avantis API, so this source is used only when the
 * endpoint actually answers all three queries with the shapes below (validated with zod); otherwise it is listed in
 * health as UNAVAILABLE with the reason, and nothing is substituted for it. What it can add: 24 h volume per pair
 * (`perpMarkets.volume24hUsd`) when the history analytics endpoint does not answer.
 */
import { ClientError, GraphQLClient } from 'graphql-request';
import type { z } from 'zod';
import type { FetchFn } from '../../core/connector.js';
import { isAbortError, VenueError } from '../../core/errors.js';
import type { RateLimiter } from '../../core/rate-limit.js';
import { GqlFundingRates, GqlLiquiditySnapshots, GqlPerpMarkets } from './wire.js';

export const QUERIES = {
  perpMarkets: /* GraphQL */ `
    query PerpMarkets {
      perpMarkets {
        symbol
        volume24hUsd
      }
    }
  `,
  fundingRates: /* GraphQL */ `
    query FundingRates {
      fundingRates {
        symbol
        longRatePerHourPct
        shortRatePerHourPct
      }
    }
  `,
  liquiditySnapshots: /* GraphQL */ `
    query LiquiditySnapshots {
      liquiditySnapshots {
        symbol
        onePercentDepthAboveUsd
        onePercentDepthBelowUsd
      }
    }
  `,
} as const;

export interface AnalyticsAnswer {
  /** 24 h volume (USD) by upper-case symbol as the source names it (e.g. `ETH/USD`). */
  volumes: Map<string, number>;
  fundingRows: number;
  liquidityRows: number;
}

export class AnalyticsSource {
  private readonly client: GraphQLClient;

  constructor(private readonly o: { url: string; fetch: FetchFn; limiter: RateLimiter; timeoutMs: number }) {
    this.client = new GraphQLClient(o.url, { fetch: o.fetch as typeof fetch });
  }

  private async query<S extends z.ZodType>(name: keyof typeof QUERIES, schema: S, signal: AbortSignal): Promise<z.infer<S>> {
    if (!this.o.limiter.tryAcquire(1))
      throw new VenueError(
        'avantis',
        'RATE_LIMITED',
        `GraphQL analytics: local budget exhausted (next slot in ${this.o.limiter.delayFor(1)} ms)`,
      );
    let data: unknown;
    try {
      data = await this.client.request({
        document: QUERIES[name],
        signal: AbortSignal.any([signal, AbortSignal.timeout(this.o.timeoutMs)]),
      });
    } catch (err) {
      if (signal.aborted) throw err;
      if (err instanceof ClientError) {
        const status = err.response.status;
        const gqlMsg = err.response.errors?.[0]?.message;
        throw new VenueError(
          'avantis',
          gqlMsg ? 'SCHEMA' : status >= 500 ? 'HTTP_5XX' : status === 404 ? 'NOT_FOUND' : 'HTTP_4XX',
          `GraphQL analytics ${name}: ${gqlMsg ? `the endpoint does not answer this query (${gqlMsg})` : `HTTP ${status}`}`,
        );
      }
      if (isAbortError(err) || (err as Error).name === 'TimeoutError')
        throw new VenueError('avantis', 'TIMEOUT', `GraphQL analytics ${name}: no answer within ${this.o.timeoutMs} ms`);
      throw new VenueError('avantis', 'NETWORK', `GraphQL analytics ${name}: ${(err as Error).message}`);
    }
    const r = schema.safeParse(data);
    if (!r.success)
      throw new VenueError(
        'avantis',
        'SCHEMA',
        `GraphQL analytics ${name}: answer does not match the expected shape (${r.error.issues[0]?.message ?? ''})`,
      );
    return r.data as z.infer<S>;
  }

  /** All three queries; throws a typed VenueError (with the reason) if any of them is not answered. */
  async fetch(signal: AbortSignal): Promise<AnalyticsAnswer> {
    const markets = await this.query('perpMarkets', GqlPerpMarkets, signal);
    const funding = await this.query('fundingRates', GqlFundingRates, signal);
    const liq = await this.query('liquiditySnapshots', GqlLiquiditySnapshots, signal);
    const volumes = new Map<string, number>();
    for (const m of markets.perpMarkets)
      if (typeof m.volume24hUsd === 'number' && Number.isFinite(m.volume24hUsd)) volumes.set(m.symbol.toUpperCase(), m.volume24hUsd);
    return { volumes, fundingRows: funding.fundingRates.length, liquidityRows: liq.liquiditySnapshots.length };
  }
}
