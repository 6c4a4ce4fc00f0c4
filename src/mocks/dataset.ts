/**
 * The 24 h mock dataset format (mocks/perp_feeds/<venue>.24h.json), its zod schema and loader. Times are stored
 * relative to `endTime`; the loader rebases so the newest snapshot is "now".
 *
 * funding[i] (one row per minute) holds the venue's raw carry inputs, converted only by src/core/funding.ts:
 *   aster       [ratePerInterval]                                   (PERIODIC_FUNDING, `intervalHours`)
 *   avantis     [longFundingPct, shortFundingPct, longBorrowPct, shortBorrowPct]   (% per hour)
 *   jupiter     [longBorrowPerHour, shortBorrowPerHour]             (fraction per hour)
 *   synfutures  [ratePerInterval, longPerInterval, shortPerInterval] (`intervalHours` = fundingHour)
 * snapshots every 5 minutes: mark, index, OI long/short (USD) and a top-5 book as
 *   [bid offsets bps ×5, bid sizes base ×5, ask offsets bps ×5, ask sizes base ×5].
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { MarketMeta, Venue } from '../core/types.js';

export const DATASET_DIR = fileURLToPath(new URL('../../mocks/perp_feeds/', import.meta.url));
export const FUNDING_STEP_MS = 60_000;
export const SNAP_STEP_MS = 300_000;

const nums = z.array(z.number());
export const seriesSchema = z.object({
  intervalHours: z.number().positive(),
  volume24hUsd: z.number().nullable(),
  funding: z.array(nums),
  mark: nums,
  index: nums,
  oiLongUsd: nums,
  oiShortUsd: nums,
  book: z.array(nums.length(20)),
  /** Offset of the first settlement after endTime, ms (periodic venues). */
  nextFundingOffsetMs: z.number().nullable(),
  bookKind: z.enum(['ORDER_BOOK', 'SYNTHETIC']),
  bookModel: z.string().nullable(),
  quoteUsd: z.number().positive(),
});
export type Series = z.infer<typeof seriesSchema>;

export const datasetSchema = z.object({
  venue: z.enum(['aster', 'avantis', 'jupiter', 'synfutures']),
  version: z.literal(1),
  seed: z.number().int(),
  endTime: z.number().int(),
  markets: z.array(z.custom<MarketMeta>((v) => typeof v === 'object' && v !== null && 'id' in v)),
  series: z.record(z.string(), seriesSchema),
});
export type Dataset = z.infer<typeof datasetSchema>;

const cache = new Map<string, Dataset>();

export function datasetPath(venue: Venue, dir = DATASET_DIR): string {
  return `${dir.replace(/\/?$/, '/')}${venue}.24h.json`;
}

/** Load and validate a venue's dataset (parsed once per process). */
export function loadDataset(venue: Venue, dir = DATASET_DIR): Dataset {
  const p = datasetPath(venue, dir);
  let d = cache.get(p);
  if (!d) {
    const res = datasetSchema.safeParse(JSON.parse(readFileSync(p, 'utf8')));
    if (!res.success) throw new Error(`${p}: invalid mock dataset: ${res.error.issues[0]?.message ?? 'unknown'}`);
    d = res.data;
    for (const [id, s] of Object.entries(d.series)) {
      if (s.funding.length !== 1440 || s.mark.length !== 288) throw new Error(`${p}: ${id} must have 1440 funding rows and 288 snapshots`);
    }
    cache.set(p, d);
  }
  return d;
}
