/**
 * `npm run record -- --hours 24 --venues <v>,<v> [--interval 60] [--out mocks/recorded]`: records live snapshots
 * through the app's live plane (the same connectors and store the gateway serves) into the mock dataset format, one
 * `<venue>.24h.json` per venue in `--out`, so a recording replays in mock mode (PERP_MOCK_DIR or `datasetDir`) and
 * can replace the shipped mocks (`--out mocks/perp_feeds`).
 *
 * - One row per `--interval` seconds (funding and snapshot step alike), on the wall-clock grid; `--hours` is the
 *   length of the whole recording (fractions allowed; `--seconds` for short ones).
 * - Resumable: the file is rewritten after every row (write then rename), and re-running with the same `--out`
 *   continues that recording up to its length, appending, never duplicating a row (rows are implicit in time, so a
 *   pause between runs is not stored). A finished recording is left as it is.
 * - Progress on stderr: a redrawn bar on a terminal, a line every 10 % otherwise.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { WebSocket } from 'ws';
import { App } from '../src/app/app.js';
import { loadConfig, type Config } from '../src/config/index.js';
import type { WebSocketCtor } from '../src/core/connector.js';
import type { Venue } from '../src/core/types.js';
import { UnavailableConnector } from '../src/core/unavailable.js';
import { datasetPath, parseDataset } from '../src/mocks/dataset.js';
import { VenueRecording } from '../src/mocks/recorder.js';
import type { LiveRecord } from '../src/mocks/venue-mock.js';
import { createLogger, silentLogger } from '../src/telemetry/logger.js';
import type { VenueFactory } from '../src/venues/factory.js';
import { registry, VENUES } from '../src/venues/registry.js';
import { serializeDataset } from './mocks/generate.js';

export interface RecordOptions {
  venues: readonly Venue[];
  /** Length of the whole recording, hours (fractions allowed). */
  hours: number;
  /** Row step, ms. */
  intervalMs: number;
  /** Output directory. */
  out: string;
  /** Environment for the app's config (venue URLs, keys). Default process.env. */
  env?: Record<string, string | undefined>;
  /** Live connector overrides (tests point venues at fakes). */
  factories?: Partial<Record<Venue, VenueFactory<Config>>>;
  /** Progress stream. Default process.stderr. */
  progress?: { isTTY?: boolean; write(s: string): unknown };
  /** Stops the recording early (what was written stays, and resumes). */
  signal?: AbortSignal;
  /** How long to wait for a venue's first complete record, ms. Default 120 000. */
  firstDataMs?: number;
}

export interface RecordResult {
  venue: Venue;
  path: string;
  rows: number;
  appended: number;
  /** Market rows repeated because the record was missing or incomplete at that step. */
  held: number;
  /** Values the venue did not serve, per "market field" (stored as null rows; see src/mocks/recorder.ts). */
  gaps: Record<string, number>;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, Math.max(0, ms));
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

/** What the app's store holds for a venue's markets now, complete records only. */
function recordsOf(app: App, venue: Venue): Map<string, LiveRecord> {
  const v = app.store.venue('live', venue);
  const out = new Map<string, LiveRecord>();
  for (const [id, meta] of v.markets) {
    const funding = v.funding.get(id);
    const stats = v.stats.get(id);
    const book = v.books.get(id);
    if (funding && stats && book) out.set(id, { meta, funding, stats, book });
  }
  return out;
}

function openRecording(venue: Venue, out: string, intervalMs: number): Promise<VenueRecording> {
  const path = datasetPath(venue, out);
  return registry[venue].mock().then((mock) => {
    const existing = existsSync(path) ? parseDataset(readFileSync(path, 'utf8'), path) : null;
    return new VenueRecording(venue, mock, intervalMs, existing);
  });
}

function writeAtomic(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

/** A progress bar on a terminal, a line per 10 % elsewhere. */
function progressBar(stream: NonNullable<RecordOptions['progress']>, total: number) {
  let lastDecile = -1;
  return (done: number, detail: string, final = false) => {
    const f = total > 0 ? Math.min(1, done / total) : 1;
    const pct = Math.floor(f * 100);
    if (stream.isTTY) {
      const w = 30;
      const bar = '#'.repeat(Math.round(f * w)).padEnd(w, '-');
      stream.write(`\r[${bar}] ${String(pct).padStart(3)}% ${done}/${total} rows ${detail}${final ? '\n' : ''}`);
    } else if (Math.floor(pct / 10) > lastDecile || final) {
      lastDecile = Math.floor(pct / 10);
      stream.write(`record: ${pct}% ${done}/${total} rows ${detail}\n`);
    }
  };
}

/** Record the venues' live planes into `out`; resolves when every venue has its rows (or on abort). */
export async function record(o: RecordOptions): Promise<RecordResult[]> {
  const total = Math.round((o.hours * 3_600_000) / o.intervalMs);
  if (!(total >= 1)) throw new Error(`--hours ${o.hours} at --interval ${o.intervalMs / 1000} s is less than one row`);
  mkdirSync(o.out, { recursive: true });
  const recs = await Promise.all(o.venues.map((v) => openRecording(v, o.out, o.intervalMs)));
  const start = new Map(recs.map((r) => [r.venue, r.rowCount]));
  const env = { ...(o.env ?? process.env), PERP_VENUES: o.venues.join(','), PERP_CONNECTOR_MODE: 'live' };
  const config = loadConfig({ PERP_LOG_LEVEL: 'warn', ...env, PERP_DB_PATH: ':memory:' });
  const now = Date.now;
  const app = new App({
    config,
    io: {
      fetch,
      WebSocket: WebSocket as unknown as WebSocketCtor,
      now,
      logger: o.env ? silentLogger : createLogger(config.PERP_LOG_LEVEL, { svc: 'recorder' }),
    },
    ...(o.factories ? { factories: o.factories } : {}),
    history: null,
    mockFactory: (v) => new UnavailableConnector(v, 'recorder: no mock plane', now),
  });
  const bar = progressBar(o.progress ?? process.stderr, total);
  const detail = () => recs.map((r) => `${r.venue}:${r.rowCount}`).join(' ');
  try {
    await app.start();
    const deadline = now() + (o.firstDataMs ?? 120_000);
    bar(Math.min(...recs.map((r) => r.rowCount)), detail());
    while (!o.signal?.aborted && recs.some((r) => r.rowCount < total)) {
      const t = Math.ceil((now() + 1) / o.intervalMs) * o.intervalMs;
      await sleep(t - now(), o.signal);
      if (o.signal?.aborted) break;
      for (const r of recs) {
        const records = recordsOf(app, r.venue);
        for (const id of records.keys()) app.demandBook(r.venue, id); // every market's book stays tracked
        if (r.rowCount < total && r.append(t, records)) writeAtomic(datasetPath(r.venue, o.out), serializeDataset(r.toDataset()!));
        if (r.rowCount === 0 && now() > deadline)
          throw new Error(`${r.venue}: no complete live record within ${o.firstDataMs ?? 120_000} ms`);
      }
      bar(Math.min(...recs.map((r) => r.rowCount)), detail());
    }
    bar(Math.min(...recs.map((r) => r.rowCount)), detail(), true);
  } finally {
    await app.dispose();
  }
  return recs.map((r) => ({
    venue: r.venue,
    path: datasetPath(r.venue, o.out),
    rows: r.rowCount,
    appended: r.rowCount - start.get(r.venue)!,
    held: [...r.held.values()].reduce((a, b) => a + b, 0),
    gaps: Object.fromEntries(r.gaps),
  }));
}

/** `--name value` pairs of argv. */
function args(argv: readonly string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) if (argv[i]!.startsWith('--')) m.set(argv[i]!.slice(2), argv[i + 1] ?? '');
  return m;
}

/** The CLI's options from argv (exported for tests). */
export function parseRecordArgs(argv: readonly string[]): Omit<RecordOptions, 'env' | 'factories' | 'progress' | 'signal'> {
  const a = args(argv);
  const venues = (a.get('venues') ?? '').split(',').filter(Boolean) as Venue[];
  const bad = venues.filter((v) => !(VENUES as readonly string[]).includes(v));
  if (!venues.length || bad.length)
    throw new Error(`--venues must be a comma list of ${VENUES.join(', ')}${bad.length ? `; unknown: ${bad.join(', ')}` : ''}`);
  const seconds = a.has('seconds') ? Number(a.get('seconds')) : Number(a.get('hours') ?? '24') * 3600;
  const interval = Number(a.get('interval') ?? '60');
  if (!(seconds > 0) || !(interval > 0)) throw new Error('--hours (or --seconds) and --interval must be positive numbers');
  return { venues, hours: seconds / 3600, intervalMs: Math.round(interval * 1000), out: a.get('out') || 'mocks/recorded' };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const ac = new AbortController();
  process.once('SIGINT', () => ac.abort());
  try {
    const res = await record({ ...parseRecordArgs(process.argv.slice(2)), signal: ac.signal });
    for (const r of res)
      process.stderr.write(`${r.venue}: ${r.rows} rows (+${r.appended}) → ${r.path}${r.held ? `, ${r.held} held rows` : ''}\n`);
    if (ac.signal.aborted) process.stderr.write('stopped: run the same command again to resume\n');
  } catch (err) {
    process.stderr.write(`record: ${(err as Error).message}\n`);
    process.exit(1);
  }
}
