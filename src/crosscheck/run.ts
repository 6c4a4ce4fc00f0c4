/**
 * The outside cross-check (`npm run crosscheck`): the gateway's 24 h volume and open interest per venue, and its
 * 24 h funding sample for the top pairs per venue, against DefiLlama's public figures for the same venues. One row
 * per comparison with a tolerance verdict; without network one clear line and a non-zero exit.
 *
 * Exit codes: 0 every compared row within tolerance; 1 at least one row beyond tolerance; 2 no network (nothing compared).
 */
import type { FetchFn } from '../core/connector.js';
import type { Venue } from '../core/types.js';
import { venueFacts } from '../venues/facts.js';
import { DefiLlamaClient, NoNetworkError, type DefiLlamaUrls, type Ref } from './defillama.js';
import { fundingSamples, gatewayMarkets, type GatewayMarket } from './gateway.js';

export type Quantity = 'VOLUME_24H' | 'OPEN_INTEREST' | 'FUNDING';
/** OK / DIFF: compared (within / beyond tolerance); NO_REFERENCE: DefiLlama has no figure; NO_VALUE: the gateway has none. */
export type Verdict = 'OK' | 'DIFF' | 'NO_REFERENCE' | 'NO_VALUE';

export interface Row {
  venue: Venue;
  quantity: Quantity;
  /** `venue total` or the market id. */
  subject: string;
  gateway: number | null;
  reference: number | null;
  /** (gateway − reference) / |reference|; null when either is missing or the reference is 0. */
  relDiff: number | null;
  tolerance: number;
  verdict: Verdict;
  note: string;
}

export interface CrosscheckOptions {
  gatewayUrl: string;
  defillama: DefiLlamaUrls;
  venues: Venue[];
  /** Relative tolerance per quantity (default 0.03 each). */
  tolerance?: Partial<Record<Quantity, number>>;
  /** Funding differences below this absolute value (fraction per interval) pass whatever the relative one. Default 1e-6. */
  fundingAbsFloor?: number;
  /** Pairs per venue for the funding comparison. Default 10. */
  top?: number;
  fetch?: FetchFn;
  now?: () => number;
}

export interface CrosscheckResult {
  exitCode: 0 | 1 | 2;
  rows: Row[];
  lines: string[];
}

function judge(base: Omit<Row, 'relDiff' | 'verdict' | 'reference' | 'note'>, ref: Ref<number>, note: string, absFloor = 0): Row {
  if (!ref.ok) return { ...base, reference: null, relDiff: null, verdict: 'NO_REFERENCE', note: ref.reason };
  const reference = ref.value;
  if (base.gateway === null) return { ...base, reference, relDiff: null, verdict: 'NO_VALUE', note };
  const relDiff = reference !== 0 ? (base.gateway - reference) / Math.abs(reference) : null;
  const within = Math.abs(base.gateway - reference) <= Math.max(base.tolerance * Math.abs(reference), absFloor);
  return { ...base, reference, relDiff, verdict: within ? 'OK' : 'DIFF', note };
}

/** Σ of a figure over the venue's markets; null (with why) if any market lacks it: a partial sum would be an undercount. */
function venueSum(ms: GatewayMarket[], get: (m: GatewayMarket) => number | null, what: string): { value: number | null; note: string } {
  const missing = ms.filter((m) => get(m) === null).length;
  if (ms.length === 0) return { value: null, note: 'the gateway lists no market' };
  if (missing > 0) return { value: null, note: `${missing} of ${ms.length} markets publish no ${what}` };
  return { value: ms.reduce((s, m) => s + get(m)!, 0), note: `Σ over ${ms.length} markets` };
}

async function venueRows(
  o: Required<Omit<CrosscheckOptions, 'tolerance'>> & { tol: Record<Quantity, number> },
  llama: DefiLlamaClient,
  venue: Venue,
  all: GatewayMarket[],
): Promise<Row[]> {
  const facts = venueFacts(venue).defillama;
  const ms = all.filter((m) => m.venue.toLowerCase() === venue);
  const mock = ms.some((m) => m.dataSource === 'MOCK') ? ' (gateway serves MOCK data)' : '';
  const none: Ref<number> = { ok: false, reason: 'DefiLlama lists no protocol for this venue' };
  const vol = venueSum(ms, (m) => m.volume24hUsd, '24 h volume');
  const oi = venueSum(ms, (m) => m.openInterest.usd, 'open interest');
  const rows: Row[] = [
    judge(
      { venue, quantity: 'VOLUME_24H', subject: 'venue total', gateway: vol.value, tolerance: o.tol.VOLUME_24H },
      facts ? await llama.volume24h(facts.slug) : none,
      vol.note + mock,
    ),
    judge(
      { venue, quantity: 'OPEN_INTEREST', subject: 'venue total', gateway: oi.value, tolerance: o.tol.OPEN_INTEREST },
      facts ? await llama.openInterest(facts.slug) : none,
      oi.note + mock,
    ),
  ];
  const samples = await fundingSamples(o.fetch, o.gatewayUrl, ms, o.now(), o.top);
  const perps = facts ? await llama.perpRows(facts.marketplace) : { ok: false as const, reason: none.reason };
  for (const s of samples) {
    const base = s.market.baseAsset.toUpperCase();
    let ref: Ref<number>;
    if (!perps.ok) ref = perps;
    else {
      const row = perps.value.find((r) => r.baseAsset.toUpperCase() === base);
      ref = !row
        ? { ok: false, reason: `no ${base} row in /perps` }
        : typeof row.fundingRate === 'number'
          ? { ok: true, value: row.fundingRate }
          : { ok: false, reason: 'fundingRate not published' };
    }
    const note =
      s.latest === null
        ? 'no funding rate in the 24 h sample (borrow-fee venue or no sample)'
        : `latest of ${s.points} samples; 24 h mean ${s.mean24h!.toExponential(3)}${mock}`;
    rows.push(
      judge(
        { venue, quantity: 'FUNDING', subject: s.market.id, gateway: s.latest, tolerance: o.tol.FUNDING },
        ref,
        note,
        o.fundingAbsFloor,
      ),
    );
  }
  return rows;
}

const fmt = (x: number | null, q: Quantity): string =>
  x === null ? '—' : q === 'FUNDING' ? x.toExponential(3) : Math.round(x).toLocaleString('en-US');
const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));

/** The table of differences, one row per comparison. */
export function renderTable(rows: Row[]): string[] {
  const head = ['venue', 'quantity', 'subject', 'gateway', 'defillama', 'diff', 'tolerance', 'verdict', 'note'];
  const body = rows.map((r) => [
    r.venue,
    r.quantity,
    r.subject,
    fmt(r.gateway, r.quantity),
    fmt(r.reference, r.quantity),
    r.relDiff === null ? '—' : `${(r.relDiff * 100).toFixed(2)} %`,
    `±${(r.tolerance * 100).toFixed(1)} %`,
    r.verdict,
    r.note,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)];
}

export async function runCrosscheck(opts: CrosscheckOptions): Promise<CrosscheckResult> {
  const o = {
    gatewayUrl: opts.gatewayUrl.replace(/\/+$/, ''),
    defillama: opts.defillama,
    venues: opts.venues,
    tol: { VOLUME_24H: 0.03, OPEN_INTEREST: 0.03, FUNDING: 0.03, ...opts.tolerance },
    fundingAbsFloor: opts.fundingAbsFloor ?? 1e-6,
    top: opts.top ?? 10,
    fetch: opts.fetch ?? fetch,
    now: opts.now ?? Date.now,
  };
  const llama = new DefiLlamaClient(o.defillama, o.fetch);
  try {
    const markets = await gatewayMarkets(o.fetch, o.gatewayUrl, o.venues);
    const rows: Row[] = [];
    for (const v of o.venues) rows.push(...(await venueRows(o, llama, v, markets)));
    const diffs = rows.filter((r) => r.verdict === 'DIFF').length;
    const compared = rows.filter((r) => r.verdict === 'OK' || r.verdict === 'DIFF').length;
    const summary = `crosscheck: ${compared} of ${rows.length} rows compared with DefiLlama (${new URL(o.defillama.api).origin}); ${diffs} beyond tolerance`;
    return { exitCode: diffs > 0 ? 1 : 0, rows, lines: [...renderTable(rows), '', summary] };
  } catch (err) {
    if (err instanceof NoNetworkError)
      return { exitCode: 2, rows: [], lines: [`crosscheck: no network: cannot reach ${err.message}; nothing was compared.`] };
    throw err;
  }
}
