import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('sample_feeds.json', () => {
  it('is exactly the REST payload the gateway builds over the shipped datasets (mode=mock, fixed clock)', async () => {
    const { buildSampleFeeds, SAMPLE_PATH } = await import('../../scripts/generate-sample-feeds.js');
    expect(readFileSync(SAMPLE_PATH, 'utf8')).toBe(await buildSampleFeeds());
  });
});
