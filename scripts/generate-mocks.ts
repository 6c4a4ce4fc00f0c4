/**
 * `npm run mocks:generate`: writes the deterministic 24 h datasets (mocks/perp_feeds/<venue>.24h.json, seeded, see
 * scripts/mocks/generate.ts), then the baseline REST payload mocks/perp_feeds/sample_feeds.json built by the gateway over
 * them (scripts/generate-sample-feeds.ts). Flags: `--datasets-only` skips the payload; `--check` writes nothing and
 * fails if a committed dataset differs from what the generator produces.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { type Venue } from '../src/core/types.js';
import { VENUES } from '../src/venues/registry.js';
import { DATASET_DIR, datasetPath } from '../src/mocks/dataset.js';
import { generateDataset, serializeDataset } from './mocks/generate.js';

export interface MockDatasetOptions {
  /** Output directory. Default: the shipped mocks/perp_feeds. */
  dir?: string;
  /** Venues to generate. Default: every registered venue with a seed. */
  venues?: readonly Venue[];
  /** Horizon in whole hours. Default 24 (what the app ships and the tests compare against). */
  hours?: number;
  /** Compare with the files on disk instead of writing them. Default false. */
  check?: boolean;
  /** Progress lines. Default: stdout. */
  log?: (line: string) => void;
}

export interface MockDatasetResult {
  venue: Venue;
  path: string;
  bytes: number;
  /** false only in check mode, when the file on disk differs. */
  upToDate: boolean;
}

/** Generate (or check) every venue's dataset file, printing progress per market and per file. */
export async function generateMockDatasets(o: MockDatasetOptions = {}): Promise<MockDatasetResult[]> {
  const dir = o.dir ?? DATASET_DIR;
  const log = o.log ?? ((line: string) => process.stdout.write(line + '\n'));
  const venues = o.venues ?? VENUES;
  if (!o.check) mkdirSync(dir, { recursive: true });
  const results: MockDatasetResult[] = [];
  for (const [v, venue] of venues.entries()) {
    const text = serializeDataset(
      await generateDataset(venue, {
        ...(o.hours === undefined ? {} : { hours: o.hours }),
        onMarket: (id, i, n) => log(`  [${venue} ${i + 1}/${n}] ${id}`),
      }),
    );
    const path = datasetPath(venue, dir);
    let upToDate = true;
    if (o.check) {
      let old = '';
      try {
        old = readFileSync(path, 'utf8');
      } catch {
        old = '';
      }
      upToDate = old === text;
    } else {
      writeFileSync(path, text);
    }
    log(
      `[${v + 1}/${venues.length}] ${venue}: ${(text.length / 1024).toFixed(0)} KB ${o.check ? (upToDate ? 'up to date' : 'DIFFERS') : `→ ${path}`}`,
    );
    results.push({ venue, path, bytes: text.length, upToDate });
  }
  return results;
}

/**
 * Extension point for the baseline payload: mocks/perp_feeds/sample_feeds.json is the REST payload
 * (GET /api/perp-connectors?mode=mock) that the gateway builds over the datasets just written; the builder lives in
 * scripts/generate-sample-feeds.ts (gateway-owned).
 */
export async function generateBaselinePayload(log: (line: string) => void = (l) => process.stdout.write(l + '\n')): Promise<void> {
  const { buildSampleFeeds, SAMPLE_PATH } = await import('./generate-sample-feeds.js');
  const text = await buildSampleFeeds();
  writeFileSync(SAMPLE_PATH, text);
  log(`[done] ${SAMPLE_PATH}: ${(text.length / 1024).toFixed(0)} KB`);
}

/** Everything `npm run mocks:generate` does. */
export async function generateMocks(o: MockDatasetOptions & { datasetsOnly?: boolean } = {}): Promise<boolean> {
  const results = await generateMockDatasets(o);
  if (o.check) return results.every((r) => r.upToDate);
  if (!o.datasetsOnly) await generateBaselinePayload(o.log);
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const ok = await generateMocks({ check: process.argv.includes('--check'), datasetsOnly: process.argv.includes('--datasets-only') });
  if (!ok) process.stderr.write('mock datasets are out of date: run npm run mocks:generate\n');
  process.exit(ok ? 0 : 1);
}
