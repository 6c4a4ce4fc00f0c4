/**
 * The SynFutures subgraph (docs/venues/synfutures.md §6): hourly AMM rows give 24h volume and the funding history.
 * `first/lastFundingIndex` pack the long index in the low 128 bits and the short index in the high 128 bits, each a
 * signed int128; per side, rate = −Δindex / mark (a falling index is a payment). Rows are `HourlyAmmData`
 * (`SynFutures/oyster-subgraph:schema.graphql`): { timestamp (hour start, s), volume (quote WAD), first/lastFundingIndex,
 * lastMarkPrice (WAD), amm { id = "<instrument>-<expiry>" } }.
 */
import type { HistoryWriter } from '../../core/connector.js';
import { VenueError } from '../../core/errors.js';
import { perHour } from '../../core/funding.js';
import type { HttpClient } from '../../core/http.js';
import type { RateLimiter } from '../../core/rate-limit.js';
import type { FundingPoint } from '../../core/types.js';
import type { Logger } from '../../telemetry/logger.js';
import { BACKFILL_DAYS, PERP_EXPIRY, SUBGRAPH_PAGE } from './constants.js';
import { wadToNumber, WAD } from './wad.js';
import { HourlyResponse, type HourlyRow } from './wire.js';

const HOUR_S = 3600;
const QUERY = `query($amms: [String!]!, $from: BigInt!, $to: BigInt!, $first: Int!) {
  hourlyAmmDatas(first: $first, orderBy: timestamp, orderDirection: asc,
    where: { amm_in: $amms, timestamp_gte: $from, timestamp_lte: $to }) {
    timestamp volume firstFundingIndex lastFundingIndex lastMarkPrice amm { id }
  }
}`;

/** Subgraph id of an instrument's perpetual AMM. */
export const ammId = (instrument: string): string => `${instrument.toLowerCase()}-${PERP_EXPIRY}`;

export class Subgraph {
  constructor(private readonly o: { http: HttpClient; url: string }) {}

  /** One page (≤ 1000 rows, ascending by hour) for `amms` between two times (unix seconds, inclusive). */
  async hourly(amms: string[], fromS: number, toS: number, signal?: AbortSignal): Promise<HourlyRow[]> {
    const r = await this.o.http.json(this.o.url, HourlyResponse, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: QUERY, variables: { amms, from: String(fromS), to: String(toS), first: SUBGRAPH_PAGE } }),
      ...(signal ? { signal } : {}),
    });
    if (r.errors?.length || !r.data) {
      throw new VenueError('synfutures', 'UNAVAILABLE', `subgraph: ${r.errors?.[0]?.message ?? 'no data in the answer'}`);
    }
    return r.data.hourlyAmmDatas;
  }

  /** Quote volume (WAD sum) per AMM id over the last 24 h; AMMs in chunks of 40 so one page holds 24 rows each. */
  async volumes24h(amms: string[], nowMs: number, signal?: AbortSignal): Promise<Map<string, bigint>> {
    const out = new Map<string, bigint>(amms.map((a) => [a, 0n]));
    const toS = Math.floor(nowMs / 1000);
    for (let i = 0; i < amms.length; i += 40) {
      for (const row of await this.hourly(amms.slice(i, i + 40), toS - 24 * HOUR_S, toS, signal)) {
        out.set(row.amm.id, (out.get(row.amm.id) ?? 0n) + BigInt(row.volume));
      }
    }
    return out;
  }
}

const MASK128 = (1n << 128n) - 1n;
const toInt128 = (x: bigint): bigint => (x >= 1n << 127n ? x - (1n << 128n) : x);

/** Unpack a subgraph funding index: long = low 128 bits, short = high 128 bits, each a signed int128. */
export function unpackIndex(packed: string): { long: bigint; short: bigint } {
  let v = BigInt(packed);
  if (v < 0n) v += 1n << 256n;
  return { long: toInt128(v & MASK128), short: toInt128((v >> 128n) & MASK128) };
}

/**
 * Hourly rows of ONE AMM (ascending) → FundingPoints (VENUE_HISTORY). Each row's change is measured from the previous
 * row's lastFundingIndex (the first row from its own firstFundingIndex) over the hours in between, per side:
 * cost per period = −Δindex · fundingHour / (mark · hours), in WAD, converted once; per hour through core/funding.
 * ratePerHour is the payer's rate signed the DESIGN way (positive = longs pay).
 */
export function historyPoints(rows: readonly HourlyRow[], fundingHour: number): FundingPoint[] {
  const out: FundingPoint[] = [];
  rows.forEach((r, i) => {
    const mark = BigInt(r.lastMarkPrice);
    if (mark <= 0n) return;
    const prev = rows[i - 1];
    const from = unpackIndex(prev ? prev.lastFundingIndex : r.firstFundingIndex);
    const to = unpackIndex(r.lastFundingIndex);
    const hours = prev ? Math.max(1, Math.round((Number(r.timestamp) - Number(prev.timestamp)) / HOUR_S)) : 1;
    const perPeriod = (d: bigint) => wadToNumber((-d * WAD * BigInt(fundingHour)) / (mark * BigInt(hours)), 'fundingHistory');
    const longRate = perPeriod(to.long - from.long);
    const shortRate = perPeriod(to.short - from.short);
    const rate = longRate > 0 ? longRate : shortRate > 0 ? -shortRate : 0;
    out.push({
      time: Number(r.timestamp) * 1000,
      rate,
      intervalHours: fundingHour,
      ratePerHour: perHour(rate, fundingHour),
      longCostPerHour: perHour(longRate, fundingHour),
      shortCostPerHour: perHour(shortRate, fundingHour),
      longBorrowPerHour: null,
      shortBorrowPerHour: null,
      source: 'VENUE_HISTORY',
    });
  });
  return out;
}

/** Rows for one AMM between two times (ms), paging by timestamp; includes one earlier row as the Δ base. */
export async function hourlyRange(
  sg: Subgraph,
  amm: string,
  fromMs: number,
  toMs: number,
  maxPages: number,
  signal?: AbortSignal,
): Promise<{ rows: HourlyRow[]; complete: boolean }> {
  const rows: HourlyRow[] = [];
  let from = Math.floor(fromMs / 1000) - HOUR_S;
  const to = Math.floor(toMs / 1000);
  for (let p = 0; p < maxPages; p++) {
    const page = await sg.hourly([amm], from, to, signal);
    rows.push(...page);
    if (page.length < SUBGRAPH_PAGE) return { rows, complete: true };
    from = Number(page[page.length - 1]!.timestamp) + 1;
  }
  return { rows, complete: false };
}

/**
 * 90-day backfill into the history store, resuming from the latest stored VENUE_HISTORY point, spending only spare
 * budget (stops below 30 % remaining) and at most `maxPages` pages per run. Logs progress per finished market.
 */
export async function backfill(o: {
  subgraph: Subgraph;
  history: HistoryWriter;
  markets: ReadonlyArray<{ id: string; address: string; fundingHour: number }>;
  done: Set<string>;
  now: number;
  limiter: RateLimiter;
  logger: Logger;
  signal: AbortSignal;
  maxPages?: number;
}): Promise<number> {
  let pages = 0;
  for (const m of o.markets) {
    if (o.done.has(m.id)) continue;
    if (pages >= (o.maxPages ?? 2)) break;
    const st = o.limiter.status();
    if (st.throttled || st.remaining < st.budgetPerMinute * 0.3) break;
    const latest = await o.history.latestTime(m.id, 'VENUE_HISTORY');
    const start = latest === null ? o.now - BACKFILL_DAYS * 86_400_000 : latest + 1;
    const { rows, complete } = await hourlyRange(o.subgraph, ammId(m.address), start, o.now, 1, o.signal);
    pages++;
    const points = historyPoints(rows, m.fundingHour).filter((p) => p.time >= start);
    if (points.length > 0) await o.history.write(m.id, points);
    if (complete) {
      o.done.add(m.id);
      o.logger.info('funding history backfill', {
        venue: 'synfutures',
        progress: `${o.done.size}/${o.markets.length}`,
        market: m.id,
        points: points.length,
      });
    } else {
      o.logger.info('funding history backfill page', {
        venue: 'synfutures',
        market: m.id,
        points: points.length,
        upTo: points.at(-1)?.time ?? null,
      });
    }
  }
  return pages;
}
