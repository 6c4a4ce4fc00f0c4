/**
 * Deterministic generator of the mock datasets: funding inputs every minute, mark/index/OI/volume and a top-10 book
 * every 5 minutes, per venue. It names no venue: each registry entry's `seed` (the venue's `mock-seed.ts`) holds the
 * venue's reference markets and builds its series with the venue-agnostic kit in src/mocks/seed.ts; reference prices
 * per base asset are shared (src/mocks/reference-prices.ts). See src/mocks/seed.ts for the determinism rules.
 */
import type { Venue } from '../../src/core/types.js';
import { DATASET_VERSION, type Dataset, type Series } from '../../src/mocks/dataset.js';
import { FUNDING_STEP_MS, GENERATION_END, LEVELS, prng, SNAP_STEP_MS, type MockSeed, type Shape } from '../../src/mocks/seed.js';
import { registry } from '../../src/venues/registry.js';

export { GENERATION_END } from '../../src/mocks/seed.js';

export interface GenerateOptions {
  /** Horizon in whole hours. Default 24 (the shipped files); tests use less. */
  hours?: number;
  /** Progress callback, once per market. */
  onMarket?: (id: string, index: number, count: number) => void;
}

/** The venue's generator seed, from its registry entry. */
export async function seedOf(venue: Venue): Promise<MockSeed> {
  const entry = registry[venue] as { seed?: () => Promise<MockSeed> };
  if (!entry.seed) throw new Error(`${venue}: its registry entry has no mock seed`);
  return entry.seed();
}

/** A venue's dataset in memory from its seed (pure: the same seed and options give the same value, everywhere). */
export function datasetFromSeed(venue: Venue, seed: MockSeed, opts: GenerateOptions = {}): Dataset {
  const hours = opts.hours ?? 24;
  if (!Number.isInteger(hours) || hours < 1) throw new Error(`hours must be a whole number ≥ 1, got ${hours}`);
  const shape: Shape = { hours, snaps: hours * (3_600_000 / SNAP_STEP_MS), rows: hours * (3_600_000 / FUNDING_STEP_MS) };
  const pairs = seed.markets({ rnd: prng(seed.seed), shape, end: GENERATION_END });
  const series: Record<string, Series> = {};
  pairs.forEach(([m, s], i) => {
    series[m.id] = s;
    opts.onMarket?.(m.id, i, pairs.length);
  });
  return {
    venue,
    version: DATASET_VERSION,
    seed: seed.seed,
    endTime: GENERATION_END,
    hours,
    fundingStepMs: FUNDING_STEP_MS,
    snapStepMs: SNAP_STEP_MS,
    levels: LEVELS,
    markets: pairs.map(([m]) => m),
    series,
  };
}

/** Generate a registered venue's dataset in memory. */
export async function generateDataset(venue: Venue, opts: GenerateOptions = {}): Promise<Dataset> {
  return datasetFromSeed(venue, await seedOf(venue), opts);
}

/**
 * The exact bytes written to mocks/perp_feeds/<venue>.24h.json: compact JSON, non-ASCII characters escaped so the
 * file is pure ASCII (decoding then takes V8's one-byte fast path, a few ms instead of tens).
 */
export function serializeDataset(d: Dataset): string {
  return JSON.stringify(d).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n';
}
