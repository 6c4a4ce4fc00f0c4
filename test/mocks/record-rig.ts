/**
 * The recorder tests' rig: a fake Aster and a fake Avantis on 127.0.0.1, a temporary output folder, and the
 * `record()` options that point the live connectors at the fakes (fast cadences, a wide rate budget).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordOptions } from '../../scripts/record.js';
import { createAsterConnector } from '../../src/venues/aster/index.js';
import { createAvantisConnector } from '../../src/venues/avantis/index.js';
import { FakeAster } from '../fakes/aster/index.js';
import { FakeAvantis } from '../fakes/avantis/index.js';
import { FAST as ASTER_FAST } from '../venues/aster/setup.js';
import { FAST as AVANTIS_FAST } from '../venues/avantis/setup.js';

export interface RecordRig {
  aster: FakeAster;
  avantis: FakeAvantis;
  out: string;
  opts: Omit<RecordOptions, 'hours' | 'progress'>;
  close(): Promise<void>;
}

export async function startRecordRig(intervalMs: number): Promise<RecordRig> {
  const aster = await FakeAster.start();
  const avantis = await FakeAvantis.start({ graphql: false });
  const out = mkdtempSync(join(tmpdir(), 'record-'));
  const opts: RecordRig['opts'] = {
    venues: ['aster', 'avantis'],
    intervalMs,
    out,
    env: {
      ASTER_REST_URL: aster.restUrl,
      ASTER_WS_URL: aster.wsUrl,
      ASTER_RATE_LIMIT_PER_MIN: '6000',
      ...avantis.env(),
      AVANTIS_RATE_LIMIT_PER_MIN: '6000',
    },
    factories: {
      aster: (a) => createAsterConnector({ ...a, timings: ASTER_FAST, watchdogMs: 800, timeoutMs: 500 }),
      avantis: (a) => createAvantisConnector({ ...a, timings: AVANTIS_FAST, watchdogMs: 1500, timeoutMs: 500 }),
    },
    firstDataMs: 15_000,
  };
  return {
    aster,
    avantis,
    out,
    opts,
    async close() {
      await aster.server.close();
      await avantis.close();
      rmSync(out, { recursive: true, force: true });
    },
  };
}
