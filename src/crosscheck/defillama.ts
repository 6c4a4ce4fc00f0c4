/**
 * DefiLlama's public data as the cross-check reads it (shapes from DefiLlama's own code: defillama-server
 * `getOverviewProcess` (overview body: `protocols[]` with `name`, `module`, `slug`, `total24h`), the api-docs OpenAPI
 * (`/summary/derivatives/{protocol}` → `total24h`, `/overview/open-interest`), yield-server `perpetuals/*` +
 * `queries/perp.js` (`/perps` rows: marketplace, market, baseAsset, fundingRate, fundingRatePrevious, openInterest,
 * indexPrice)). Every figure DefiLlama omits stays null with the reason; nothing is guessed.
 *
 * Current docs list `/overview/derivatives`, `/summary/derivatives/*` and `/perps` under the Pro API
 * (pro-api.llama.fi/<key>/api/… and …/yields/perps); the free host may answer them with an error, which shows as
 * "no reference" with the HTTP status.
 */
import { z } from 'zod';
import type { FetchFn } from '../core/connector.js';

/** The network is unreachable (DNS, refused, reset, timeout): the cross-check cannot run at all. */
export class NoNetworkError extends Error {
  override readonly name = 'NoNetworkError';
}

/** The most specific reason a fetch failed: the socket error code (ECONNREFUSED, ENOTFOUND…) where there is one. */
export function networkCause(err: unknown): string {
  type C = { code?: string; message?: string; errors?: C[] };
  const cause = (err as { cause?: C }).cause;
  return cause?.code ?? cause?.errors?.[0]?.code ?? cause?.message ?? (err as Error).message;
}

const num = z.number().finite().nullable().optional();

const summarySchema = z.looseObject({ total24h: num });
const overviewSchema = z.looseObject({
  protocols: z.array(z.looseObject({ name: z.string(), module: z.string().optional(), slug: z.string().optional(), total24h: num })),
});
const perpsSchema = z.looseObject({
  data: z.array(
    z.looseObject({
      marketplace: z.string(),
      market: z.string(),
      baseAsset: z.string(),
      fundingRate: num,
      fundingRatePrevious: num,
      openInterest: num,
    }),
  ),
});

export type PerpRow = z.infer<typeof perpsSchema>['data'][number];

/** A figure from DefiLlama, or why there is none. */
export type Ref<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface DefiLlamaUrls {
  /** api.llama.fi (or the Pro `/api` base). */
  api: string;
  /** yields.llama.fi (or the Pro `/yields` base). */
  yields: string;
}

const NO_CHARTS = 'excludeTotalDataChart=true&excludeTotalDataChartBreakdown=true';

/** GET JSON; network failures throw NoNetworkError, HTTP and shape errors come back as a reason. */
async function getJson<T>(fetchFn: FetchFn, url: string, schema: z.ZodType<T>, timeoutMs: number): Promise<Ref<T>> {
  let res: Response;
  try {
    res = await fetchFn(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
  } catch (err) {
    throw new NoNetworkError(`${new URL(url).origin}: ${networkCause(err)}`);
  }
  if (!res.ok) return { ok: false, reason: `HTTP ${res.status} from ${new URL(url).pathname}` };
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    return { ok: false, reason: `not JSON from ${new URL(url).pathname}` };
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    return { ok: false, reason: `unexpected shape from ${new URL(url).pathname}: ${parsed.error.issues[0]?.message ?? ''}` };
  return { ok: true, value: parsed.data };
}

const slugOf = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]+/g, '-');

export class DefiLlamaClient {
  private oi: Promise<Ref<z.infer<typeof overviewSchema>>> | null = null;
  private perps: Promise<Ref<PerpRow[]>> | null = null;

  constructor(
    private readonly urls: DefiLlamaUrls,
    private readonly fetchFn: FetchFn = fetch,
    private readonly timeoutMs = 15_000,
  ) {}

  /** A protocol's derivatives volume over the last day, USD (`total24h`). */
  async volume24h(slug: string): Promise<Ref<number>> {
    const r = await getJson(this.fetchFn, `${this.urls.api}/summary/derivatives/${slug}?${NO_CHARTS}`, summarySchema, this.timeoutMs);
    if (!r.ok) return r;
    return typeof r.value.total24h === 'number' ? { ok: true, value: r.value.total24h } : { ok: false, reason: 'total24h not published' };
  }

  /** A protocol's open interest, USD (its `total24h` in the open-interest overview). */
  async openInterest(slug: string): Promise<Ref<number>> {
    this.oi ??= getJson(this.fetchFn, `${this.urls.api}/overview/open-interest?${NO_CHARTS}`, overviewSchema, this.timeoutMs);
    const r = await this.oi;
    if (!r.ok) return r;
    const p = r.value.protocols.find((x) => x.slug === slug || x.module === slug || slugOf(x.name) === slug);
    if (!p) return { ok: false, reason: `no protocol ${slug} in the open-interest overview` };
    return typeof p.total24h === 'number' ? { ok: true, value: p.total24h } : { ok: false, reason: 'total24h not published' };
  }

  /** The `/perps` rows of one marketplace (case-insensitive). */
  async perpRows(marketplace: string): Promise<Ref<PerpRow[]>> {
    this.perps ??= getJson(this.fetchFn, `${this.urls.yields}/perps`, perpsSchema, this.timeoutMs).then((r) =>
      r.ok ? { ok: true as const, value: r.value.data } : r,
    );
    const r = await this.perps;
    if (!r.ok) return r;
    const rows = r.value.filter((x) => x.marketplace.toLowerCase() === marketplace.toLowerCase());
    return rows.length ? { ok: true, value: rows } : { ok: false, reason: `no ${marketplace} rows in /perps` };
  }
}
