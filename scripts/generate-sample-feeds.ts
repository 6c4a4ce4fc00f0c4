/**
 * Writes mocks/perp_feeds/sample_feeds.json: the baseline payload in the exact shape of GET /api/perp-connectors
 * (mode=mock), produced by the real gateway code over the shipped 24 h datasets at a fixed clock so the file is
 * reproducible. `--check` fails if the committed file differs (run in the test suite).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { WebSocket } from 'ws';
import { loadConfig } from '../src/config/index.js';
import type { WebSocketCtor } from '../src/core/connector.js';
import { App } from '../src/app/app.js';
import { RestPayloadCache } from '../src/gateway/http/rest.js';
import { buildSchema } from '../src/gateway/graphql/schema.js';
import { topSpreadsSummary } from '../src/gateway/graphql/resolvers/spreads.js';
import { payloadSchema } from '../src/gateway/http/payload-schema.js';
import { silentLogger } from '../src/telemetry/logger.js';

export const SAMPLE_CLOCK = Date.parse('2026-11-01T00:00:00.000Z');
export const SAMPLE_PATH = 'mocks/perp_feeds/sample_feeds.json';

export async function buildSampleFeeds(): Promise<string> {
  const config = loadConfig({ PERP_CONNECTOR_MODE: 'mock', PERP_LOG_LEVEL: 'silent', PERP_DB_PATH: ':memory:' });
  const app = new App({
    config,
    io: { fetch, WebSocket: WebSocket as unknown as WebSocketCtor, now: () => SAMPLE_CLOCK, logger: silentLogger },
  });
  await app.start();
  const rest = new RestPayloadCache(app, buildSchema(), topSpreadsSummary);
  const payload = payloadSchema.parse(await rest.get('mock'));
  await app.dispose();
  return JSON.stringify(payload, null, 2) + '\n';
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const text = await buildSampleFeeds();
  if (process.argv.includes('--check')) {
    if (readFileSync(SAMPLE_PATH, 'utf8') !== text) {
      process.stderr.write(`${SAMPLE_PATH} is out of date: run npm run mocks:generate\n`);
      process.exit(1);
    }
  } else {
    writeFileSync(SAMPLE_PATH, text);
    process.stdout.write(`wrote ${SAMPLE_PATH} (${(text.length / 1024).toFixed(0)} KB)\n`);
  }
  process.exit(0);
}
