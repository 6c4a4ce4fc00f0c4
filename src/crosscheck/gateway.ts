/** What the cross-check reads from a running gateway, over its public GraphQL API only. */
import type { FetchFn } from '../core/connector.js';
import { networkCause, NoNetworkError } from './defillama.js';

export interface GatewayMarket {
  id: string;
  venue: string;
  baseAsset: string;
  volume24hUsd: number | null;
  openInterest: { usd: number | null };
  dataSource: string;
}

/** A market's funding over the last 24 h as the gateway sampled it (rates per the venue's interval, fractions). */
export interface FundingSample {
  market: GatewayMarket;
  /** Latest sampled `rate`; null where the venue has no funding (borrow-fee venues) or no sample. */
  latest: number | null;
  /** Mean of the sampled `rate`s over 24 h. */
  mean24h: number | null;
  points: number;
}

async function post<T>(fetchFn: FetchFn, url: string, query: string, variables: Record<string, unknown>): Promise<T> {
  let res: Response;
  try {
    res = await fetchFn(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (err) {
    throw new NoNetworkError(`gateway ${url}: ${networkCause(err)} (is it running? npm start)`);
  }
  const body = (await res.json()) as { data?: T; errors?: Array<{ message: string }> };
  if (!body.data) throw new Error(`gateway ${url}: ${body.errors?.map((e) => e.message).join('; ') ?? `HTTP ${res.status}`}`);
  return body.data;
}

export async function gatewayMarkets(fetchFn: FetchFn, url: string, venues: string[]): Promise<GatewayMarket[]> {
  const q = `query X($venues: [Venue!]) { markets(venues: $venues) { id venue baseAsset volume24hUsd openInterest { usd } dataSource } }`;
  const d = await post<{ markets: GatewayMarket[] }>(fetchFn, url, q, { venues: venues.map((v) => v.toUpperCase()) });
  return d.markets;
}

/** The top `n` markets of one venue by 24 h volume, with their 24 h funding sample (one request, aliased). */
export async function fundingSamples(
  fetchFn: FetchFn,
  url: string,
  markets: GatewayMarket[],
  now: number,
  n = 10,
): Promise<FundingSample[]> {
  const top = [...markets].sort((a, b) => (b.volume24hUsd ?? -1) - (a.volume24hUsd ?? -1)).slice(0, n);
  if (top.length === 0) return [];
  const from = new Date(now - 86_400_000).toISOString();
  const fields = top.map((m, i) => `m${i}: fundingHistory(market: ${JSON.stringify(m.id)}, from: "${from}") { points { rate } }`);
  const d = await post<Record<string, { points: Array<{ rate: number | null }> }>>(fetchFn, url, `{ ${fields.join(' ')} }`, {});
  return top.map((market, i) => {
    const rates = (d[`m${i}`]?.points ?? []).map((p) => p.rate).filter((r): r is number => r !== null);
    return {
      market,
      latest: rates.length ? rates[rates.length - 1]! : null,
      mean24h: rates.length ? rates.reduce((a, b) => a + b, 0) / rates.length : null,
      points: rates.length,
    };
  });
}
