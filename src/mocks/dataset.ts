/**
 * The mock dataset format (mocks/perp_feeds/<venue>.24h.json), its zod schema, loader and rebasing.
 *
 * Columnar and compact: times are implicit (row i of `funding` is `endTime − (rows − 1 − i) × fundingStepMs`, the same
 * for snapshots with `snapStepMs`); the loader never rewrites them, `rebase` maps them so the newest row is "now".
 * Funding columns hold the venue's raw carry inputs; which columns, and how they become a FundingRate, is the venue's
 * own `mock.ts` (`VenueMock.fundingColumns`, converted only by src/core/funding.ts through the venue's code).
 * Books hold `levels` levels per snapshot, snapshot-major, as non-negative integers: offsets from the reference price,
 * strictly increasing outwards (price ticks for ORDER_BOOK: bids from floor(mark / tick), asks from that + 1 tick;
 * hundredths of a bp for SYNTHETIC) and sizes (size steps for ORDER_BOOK, USD notional for SYNTHETIC). They are
 * stored as fixed-width base-36 strings (`offWidth` / `sizeWidth` digits per integer, per series): JSON.parse reads a
 * string far faster than 300 000 numbers, and a level is read in place (`bookInt`), which keeps the cold start cheap.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { MarketMeta, Venue } from '../core/types.js';
import { VENUES } from '../core/venues.js';

export const DATASET_DIR = fileURLToPath(new URL('../../mocks/perp_feeds/', import.meta.url));
export const DATASET_VERSION = 2;

/** A dense array of finite numbers, checked in one loop (zod per element is too slow for the cold-start budget). */
const nums = z.custom<number[]>(
  (v) => Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x)),
  'expected an array of finite numbers',
);
/** Like `nums`, with null rows: a value the recording did not capture (served as null on replay, never as 0). */
const nullableNums = z.custom<Array<number | null>>(
  (v) => Array.isArray(v) && v.every((x) => x === null || (typeof x === 'number' && Number.isFinite(x))),
  'expected an array of finite numbers or nulls',
);
/** Base-36 digit strings; the digits are checked by `checkBook` in the same pass that decodes them (a regex costs more). */
const base36 = z.string();

/** Encode a non-negative integer in `width` base-36 digits (throws if it does not fit). */
export function encodeBookInt(n: number, width: number): string {
  const s = n.toString(36);
  if (!Number.isInteger(n) || n < 0 || s.length > width) throw new Error(`book integer ${n} does not fit ${width} base-36 digits`);
  return s.padStart(width, '0');
}

/** The i-th integer of a fixed-width base-36 string. */
export function bookInt(s: string, i: number, width: number): number {
  let v = 0;
  for (let p = i * width, end = p + width; p < end; p++) {
    const c = s.charCodeAt(p);
    v = v * 36 + (c <= 57 ? c - 48 : c - 87);
  }
  return v;
}
const n = z.number();
const nn = z.number().nullable();

export const marketMetaSchema = z.strictObject({
  id: z.string(),
  venue: z.enum(VENUES),
  symbol: z.string(),
  venueSymbol: z.string(),
  baseAsset: z.string(),
  quoteAsset: z.string(),
  variant: z.string().nullable(),
  marginAssets: z.array(z.string()).min(1),
  fees: z.strictObject({
    maker: nn,
    taker: nn,
    source: z.enum(['VENUE_API', 'ACCOUNT', 'DEFAULT_SCHEDULE', 'MOCK']),
    note: z.string().nullable(),
  }),
  marketHours: z.strictObject({ isOpen: z.boolean(), nextOpen: nn, nextClose: nn }),
  tickSize: nn,
  stepSize: nn,
  minNotional: nn,
  maxLeverage: nn,
  leverageTiers: z
    .array(z.strictObject({ notionalFloor: n, notionalCap: nn, maxLeverage: n.positive(), maintenanceMarginRate: nn }))
    .nullable(),
  risk: z.strictObject({
    initialMarginRate: nn,
    maintenanceMarginRate: nn,
    liquidationThreshold: nn,
    liquidationCollateralLossFraction: nn.optional(),
    insuranceFund: z.strictObject({
      balanceUsd: nn,
      status: z.enum(['AVAILABLE', 'NOT_PUBLISHED', 'UNAVAILABLE']),
      source: z.string(),
    }),
  }),
  flags: z.array(z.string()),
  missing: z.array(z.string()),
}) satisfies z.ZodType<MarketMeta>;

export const seriesSchema = z.strictObject({
  intervalHours: n.positive(),
  capRate: nn,
  floorRate: nn,
  /** USD value of one quote unit (1 for USD stablecoins, the ETH price for WETH-quoted markets). */
  quoteUsd: n.positive(),
  /** ORDER_BOOK price tick; null for SYNTHETIC books. */
  tick: n.positive().nullable(),
  /** ORDER_BOOK size step; null for SYNTHETIC books. */
  step: n.positive().nullable(),
  bookKind: z.enum(['ORDER_BOOK', 'SYNTHETIC']),
  bookModel: z.string().nullable(),
  /** FX/commodity weekly session (closed Fri 22:00 → Sun 22:00 UTC); null = around the clock. */
  schedule: z.literal('WEEKLY_FX').nullable(),
  funding: z.record(z.string(), nums),
  mark: nums,
  /** null = the index is the mark (venues priced by one oracle price). */
  index: nums.nullable(),
  oiLongUsd: nums,
  oiShortUsd: nums,
  /** null rows: the venue did not serve its 24 h volume when the row was recorded (replayed as null). */
  volume24hUsd: nullableNums,
  /**
   * Static raw fields of the venue's own wire payload that no column carries (e.g. a catalog entry's fee and depth
   * parameters), read only by that venue's mock. Absent when the venue's mock needs none.
   */
  params: z.record(z.string(), z.union([z.number(), z.string()])).optional(),
  book: z.strictObject({
    offWidth: z.number().int().min(1).max(8),
    sizeWidth: z.number().int().min(1).max(8),
    bidOff: base36,
    bidSize: base36,
    askOff: base36,
    askSize: base36,
  }),
});
export type Series = z.infer<typeof seriesSchema>;

export const datasetSchema = z.strictObject({
  venue: z.enum(VENUES),
  version: z.literal(DATASET_VERSION),
  seed: z.number().int(),
  /** Time of the newest row when generated (epoch ms). */
  endTime: z.number().int(),
  hours: z.number().int().positive(),
  /**
   * Span the rows cover (ms), when it is not `hours` × 1 h: a recording (`npm run record`) stores what it recorded,
   * a whole number of steps, with `hours` its ceiling. Absent in generated datasets.
   */
  spanMs: z.number().int().positive().optional(),
  fundingStepMs: z.number().int().positive(),
  snapStepMs: z.number().int().positive(),
  levels: z.number().int().positive(),
  markets: z.array(marketMetaSchema).min(1),
  series: z.record(z.string(), seriesSchema),
});
export type Dataset = z.infer<typeof datasetSchema>;

export function datasetPath(venue: Venue, dir = DATASET_DIR): string {
  return `${dir.replace(/\/?$/, '/')}${venue}.24h.json`;
}

/** The span the rows cover, ms: `spanMs` when present (a recording), else `hours` × 1 h. */
export const spanOf = (d: Pick<Dataset, 'hours' | 'spanMs'>): number => d.spanMs ?? d.hours * 3_600_000;

/** Book strings: exact lengths, offsets strictly increasing within a snapshot, sizes > 0. One pass, no allocation. */
function checkBook(b: Series['book'], n: number, levels: number): string | null {
  const { offWidth: ow, sizeWidth: sw } = b;
  if (b.bidOff.length !== n * ow || b.askOff.length !== n * ow) return `book offsets must hold ${n} levels of ${ow} digits`;
  if (b.bidSize.length !== n * sw || b.askSize.length !== n * sw) return `book sizes must hold ${n} levels of ${sw} digits`;
  for (const off of [b.bidOff, b.askOff]) {
    let prev = -1;
    for (let i = 0, p = 0; i < n; i++) {
      let v = 0;
      for (const end = p + ow; p < end; p++) {
        const c = off.charCodeAt(p);
        if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 122))) return `book offsets: not a base-36 digit at ${p}`;
        v = v * 36 + (c <= 57 ? c - 48 : c - 87);
      }
      if (i % levels !== 0 && v <= prev) return `book offsets must increase outwards (level ${i})`;
      prev = v;
    }
  }
  for (const size of [b.bidSize, b.askSize]) {
    for (let p = 0; p < size.length; p += sw) {
      let zero = true;
      for (let q = p; q < p + sw; q++) {
        const c = size.charCodeAt(q);
        if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 122))) return `book sizes: not a base-36 digit at ${q}`;
        if (c !== 48) zero = false;
      }
      if (zero) return `book sizes must be positive (level ${p / sw})`;
    }
  }
  return null;
}

/** Structural checks zod cannot express: row counts, one series per market, monotone book offsets. */
export function checkDataset(d: Dataset): string | null {
  const fundingRows = spanOf(d) / d.fundingStepMs;
  const snaps = spanOf(d) / d.snapStepMs;
  if (!Number.isInteger(fundingRows) || !Number.isInteger(snaps)) return 'the span must be a whole number of funding and snapshot steps';
  const ids = new Set(d.markets.map((m) => m.id));
  if (ids.size !== d.markets.length) return 'duplicate market ids';
  if (Object.keys(d.series).length !== ids.size) return 'series and markets differ';
  for (const m of d.markets) {
    const s = d.series[m.id];
    if (!s) return `${m.id}: no series`;
    if (m.venue !== d.venue) return `${m.id}: venue ${m.venue} in a ${d.venue} dataset`;
    const cols = Object.keys(s.funding);
    if (cols.length === 0) return `${m.id}: no funding columns`;
    for (const c of cols) if (s.funding[c]!.length !== fundingRows) return `${m.id}: funding.${c} must have ${fundingRows} rows`;
    for (const k of ['mark', 'oiLongUsd', 'oiShortUsd', 'volume24hUsd'] as const)
      if (s[k].length !== snaps) return `${m.id}: ${k} must have ${snaps} rows`;
    if (s.index && s.index.length !== snaps) return `${m.id}: index must have ${snaps} rows`;
    if ((s.bookKind === 'ORDER_BOOK') !== (s.tick !== null && s.step !== null)) return `${m.id}: tick/step iff ORDER_BOOK`;
    const problem = checkBook(s.book, snaps * d.levels, d.levels);
    if (problem) return `${m.id}: ${problem}`;
  }
  return null;
}

/** Parse and validate a dataset's JSON text; throws an Error naming the file and the first problem. */
export function parseDataset(text: string, where: string): Dataset {
  const res = datasetSchema.safeParse(JSON.parse(text));
  if (!res.success) {
    const i = res.error.issues[0];
    throw new Error(`${where}: invalid mock dataset at ${i?.path.join('.') ?? '?'}: ${i?.message ?? 'unknown'}`);
  }
  const problem = checkDataset(res.data);
  if (problem) throw new Error(`${where}: invalid mock dataset: ${problem}`);
  return res.data;
}

/** Parsed datasets by path: the files are immutable at run time, and re-parsing would cost the cold-start budget. */
const parsed = new Map<string, Dataset>();

/**
 * Parse a shipped dataset without the zod pass: the shipped files are validated in full (`parseDataset`) by the test
 * suite, which also proves they are exactly what the generator writes, so at start-up only the identity is checked.
 * Keeps the zod and structural walk over ~2 MB of rows off the cold-start path.
 */
export function parseShippedDataset(text: string, where: string): Dataset {
  const d = JSON.parse(text) as Dataset;
  if (d?.version !== DATASET_VERSION) throw new Error(`${where}: mock dataset version ${String(d?.version)}, expected ${DATASET_VERSION}`);
  return d;
}

/**
 * Load a venue's dataset (parsed once per process and path). A dataset from another directory is validated in full;
 * the shipped ones are trusted (see `parseShippedDataset`). `validate` forces the full check.
 */
export function loadDataset(venue: Venue, dir = DATASET_DIR, validate = dir !== DATASET_DIR): Dataset {
  const p = datasetPath(venue, dir);
  let d = parsed.get(p);
  if (!d) {
    const text = readFileSync(p, 'utf8');
    d = validate ? parseDataset(text, p) : parseShippedDataset(text, p);
    if (d.venue !== venue) throw new Error(`${p}: holds ${d.venue}, expected ${venue}`);
    parsed.set(p, d);
  }
  return d;
}

/** The funding columns a venue's mock reads must be in every series (a dataset from another generator may lack them). */
export function checkFundingColumns(d: Dataset, columns: readonly string[]): void {
  for (const [id, s] of Object.entries(d.series))
    for (const c of columns) if (!s.funding[c]) throw new Error(`${d.venue} mock dataset: ${id} has no funding column ${c}`);
}

/** A dataset's stored times mapped so the newest row is `now`. */
export interface Rebased {
  /** Added to every stored time. */
  shiftMs: number;
  /** Span covered by the rows, newest − oldest (ms). */
  spanMs: number;
  /** Rebased time of funding row i. */
  fundingTime(i: number): number;
  /** Rebased time of snapshot i. */
  snapTime(i: number): number;
}

export function rebase(d: Dataset, now: number): Rebased {
  const rows = spanOf(d) / d.fundingStepMs;
  const snaps = spanOf(d) / d.snapStepMs;
  return {
    shiftMs: now - d.endTime,
    spanMs: (rows - 1) * d.fundingStepMs,
    fundingTime: (i) => now - (rows - 1 - i) * d.fundingStepMs,
    snapTime: (i) => now - (snaps - 1 - i) * d.snapStepMs,
  };
}
