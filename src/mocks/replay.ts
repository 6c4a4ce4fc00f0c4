/**
 * Pure replay of a mock dataset at a wall-clock time: which stored row applies, the interpolated mark, a book that
 * changes every depth bucket (deterministic noise), and the FundingRate built by src/core/funding.ts.
 * Replay runs the stored 24 h backwards then forwards (ping-pong) from "now", so values are continuous forever.
 */
import { borrowOnly, continuousFunding, fundingPlusBorrowPctPerHour, periodicFunding } from '../core/funding.js';
import type { DepthLevel, FundingRate, OrderBook, Stamp, Venue } from '../core/types.js';
import { FUNDING_STEP_MS, SNAP_STEP_MS, type Series } from './dataset.js';

const DAY = 86_400_000;

/** Fractional position (ms before the dataset's newest row) for elapsed time since start. */
export function replayOffset(elapsedMs: number): number {
  const p = ((elapsedMs % (2 * DAY)) + 2 * DAY) % (2 * DAY);
  return p < DAY ? p : 2 * DAY - p;
}

function hash(a: number, b: number): number {
  let h = (a * 374761393 + b * 668265263) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

function strHash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

export function markAt(s: Series, offsetMs: number): { mark: number; index: number; oiLong: number; oiShort: number } {
  const last = s.mark.length - 1;
  const pos = Math.max(0, last - offsetMs / SNAP_STEP_MS);
  const i = Math.floor(pos);
  const f = pos - i;
  const j = Math.min(last, i + 1);
  const lerp = (a: number[]) => a[i]! + (a[j]! - a[i]!) * f;
  return { mark: lerp(s.mark), index: lerp(s.index), oiLong: lerp(s.oiLongUsd), oiShort: lerp(s.oiShortUsd) };
}

export function fundingRow(s: Series, offsetMs: number): number[] {
  const last = s.funding.length - 1;
  return s.funding[Math.max(0, last - Math.floor(offsetMs / FUNDING_STEP_MS))]!;
}

export function bookAt(market: string, venue: Venue, s: Series, offsetMs: number, bucket: number, stamp: Stamp): OrderBook {
  const { mark } = markAt(s, offsetMs);
  const row = s.book[Math.max(0, s.book.length - 1 - Math.round(offsetMs / SNAP_STEP_MS))]!;
  const seed = strHash(market);
  const side = (offs: number[], sizes: number[], sign: -1 | 1): DepthLevel[] => {
    let cum = 0;
    return offs.map((o, k) => {
      const u = hash(seed + k * 7 + (sign > 0 ? 101 : 0), bucket);
      const price = Number((mark * (1 + (sign * o * (1 + 0.08 * (u - 0.5))) / 1e4)).toPrecision(10));
      const size = Number((sizes[k]! * (0.9 + 0.2 * u)).toPrecision(8));
      const sizeUsd = price * size * s.quoteUsd;
      cum += sizeUsd;
      return { price, size, sizeUsd, cumulativeSizeUsd: cum };
    });
  };
  const bids = side(row.slice(0, 5), row.slice(5, 10), -1);
  const asks = side(row.slice(10, 15), row.slice(15, 20), 1);
  const mid = (bids[0]!.price + asks[0]!.price) / 2;
  return {
    market,
    venue,
    kind: s.bookKind,
    model: s.bookModel,
    bids,
    asks,
    midPrice: mid,
    spreadBps: ((asks[0]!.price - bids[0]!.price) / mid) * 1e4,
    sequence: String(bucket),
    stamp,
  };
}

export function fundingFrom(
  venue: Venue,
  market: string,
  s: Series,
  row: number[],
  stamp: Stamp,
  nextFundingTime: number | null,
): FundingRate {
  const provenance = 'mock dataset (mocks/perp_feeds), replayed';
  switch (venue) {
    case 'aster':
      return periodicFunding({
        market,
        venue,
        stamp,
        provenance,
        rate: row[0]!,
        intervalHours: s.intervalHours,
        intervalSource: 'VENUE_API',
        nextFundingTime,
        capRate: s.intervalHours === 4 ? 0.02 : 0.03,
        floorRate: s.intervalHours === 4 ? -0.02 : -0.03,
      });
    case 'avantis':
      return fundingPlusBorrowPctPerHour({
        market,
        venue,
        stamp,
        provenance,
        longFundingPct: row[0]!,
        shortFundingPct: row[1]!,
        longBorrowPct: row[2]!,
        shortBorrowPct: row[3]!,
      });
    case 'jupiter':
      return borrowOnly({ market, venue, stamp, provenance, longBorrowPerHour: row[0]!, shortBorrowPerHour: row[1]! });
    case 'synfutures':
      return continuousFunding({
        market,
        venue,
        stamp,
        provenance,
        rate: row[0]!,
        intervalHours: s.intervalHours,
        intervalSource: 'VENUE_API',
        longPerInterval: row[1]!,
        shortPerInterval: row[2]!,
      });
  }
}
