/**
 * `npm run mocks:generate`: writes the deterministic 24 h datasets (mocks/perp_feeds/<venue>.24h.json) and then
 * the baseline REST payload (mocks/perp_feeds/sample_feeds.json) produced by the gateway over them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { VENUES } from '../src/core/types.js';
import { DATASET_DIR, datasetPath } from '../src/mocks/dataset.js';
import { generateDataset, serializeDataset } from '../src/mocks/generate.js';

mkdirSync(DATASET_DIR, { recursive: true });
VENUES.forEach((venue, i) => {
  const text = serializeDataset(generateDataset(venue));
  writeFileSync(datasetPath(venue), text);
  process.stdout.write(`[${i + 1}/${VENUES.length}] ${venue}: ${(text.length / 1024).toFixed(0)} KB\n`);
});
const { buildSampleFeeds, SAMPLE_PATH } = await import('./generate-sample-feeds.js');
const text = await buildSampleFeeds();
writeFileSync(SAMPLE_PATH, text);
process.stdout.write(`[done] ${SAMPLE_PATH}: ${(text.length / 1024).toFixed(0)} KB\n`);
process.exit(0);
