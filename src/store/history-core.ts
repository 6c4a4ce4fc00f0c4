/**
 * Funding history, storage-independent part: the store interface, the served model, coverage and summary
 * statistics, resampling to a requested resolution, and the hourly aggregation used past 7 days. Shared by the
 * SQLite store (history.ts), the PostgreSQL store (history-pg.ts) and the mock plane (gateway resolvers).
 *
 * Coverage rule: every point stands for the time *before* it (a funding payment settles the interval that
 * ended at its time; a sample reports the minute since the previous one), capped at what its source can vouch
 * for (a venue payment: its interval; a gateway sample: 5 minutes, so a missed sample or two is tolerated but an
 * outage is a gap). Statistics are weighted by that span, so 23 days of hourly aggregates and 7 days of
 * minute samples in one D30 window weigh by time, not by row count.
 */
import { annualize } from '../core/funding.js';
import type { FundingPoint, HistorySource } from '../core/types.js';
import type { FundingHistoryModel, FundingHistoryPointModel, HistoryStore, HistoryWindow } from '../core/ports.js';

// The store interface and the served model are core ports (src/core/ports.ts); re-exported for existing importers.
export type {
  FundingHistoryModel,
  FundingHistoryPointModel,
  FundingHistorySummaryModel,
  HistoryStore,
  HistoryWindow,
} from '../core/ports.js';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** Raw rows older than this are folded into hourly aggregates by `downsample`. */
export const RAW_RETENTION_MS = 7 * DAY_MS;
/** Everything older than this is deleted by `downsample`. */
export const MAX_RETENTION_MS = 90 * DAY_MS;

export const WINDOW_MS: Record<HistoryWindow, number> = { D7: 7 * DAY_MS, D30: 30 * DAY_MS, D90: 90 * DAY_MS };

/** A point as stored: raw (FundingPoint) or an hourly aggregate carrying its exact coverage. */
export type StoredPoint = Omit<FundingPoint, 'longBorrowPerHour' | 'shortBorrowPerHour'> & {
  /** Aggregates only: ms of time the folded points covered (computed at downsampling with the same rule). */
  coveredMs?: number;
};

/** Gateway samples are taken every minute; a gap up to this long between two still counts as covered. */
const SAMPLE_TOLERANCE_MS = 5 * MINUTE_MS;

/**
 * Ms of time a point covers given the previous point's time (null for the first one seen). A point covers the
 * gap since the previous one when that gap is within its tolerance (a venue payment: its interval, 8 h if
 * unknown; a sample: 5 minutes); otherwise, like the first point of a series, one nominal spacing (its
 * interval, or one sampling minute). Aggregates carry their exact coverage.
 */
export function spanOf(p: StoredPoint, prev: number | null, source: HistorySource): number {
  if (p.coveredMs !== undefined) return prev === null ? p.coveredMs : Math.min(p.coveredMs, Math.max(0, p.time - prev));
  const venue = source === 'VENUE_HISTORY';
  const tolerance = venue ? (p.intervalHours ?? 8) * HOUR_MS : SAMPLE_TOLERANCE_MS;
  const nominal = venue ? tolerance : MINUTE_MS;
  if (prev === null) return nominal;
  const gap = Math.max(0, p.time - prev);
  return gap <= tolerance ? gap : nominal;
}

const RESOLUTION = /^(\d{1,4})(m|h|d)$/i;
const UNIT_MS = { m: MINUTE_MS, h: HOUR_MS, d: DAY_MS } as const;

/** `RAW`/null/undefined → null (native); `15m`, `1h`, `8h`, `1d` … → bucket ms (1 minute to 7 days). */
export function parseResolution(resolution: string | null | undefined): number | null {
  if (resolution === null || resolution === undefined || /^raw$/i.test(resolution)) return null;
  const m = RESOLUTION.exec(resolution.trim());
  const ms = m ? Number(m[1]) * UNIT_MS[m[2]!.toLowerCase() as keyof typeof UNIT_MS] : NaN;
  if (!(ms >= MINUTE_MS && ms <= 7 * DAY_MS)) {
    throw new RangeError(`resolution must be RAW or a bucket from 1m to 7d like 15m, 1h, 8h, 1d; got ${JSON.stringify(resolution)}`);
  }
  return ms;
}

function weightedMedian(xs: Array<{ v: number; w: number }>): number {
  const s = [...xs].sort((a, b) => a.v - b.v);
  const total = s.reduce((a, x) => a + x.w, 0);
  let acc = 0;
  for (let i = 0; i < s.length; i++) {
    acc += s[i]!.w;
    // Exactly half: midpoint with the next value (the unweighted even-count median as a special case).
    if (Math.abs(acc - total / 2) <= total * 1e-12 && i + 1 < s.length) return (s[i]!.v + s[i + 1]!.v) / 2;
    if (acc > total / 2) return s[i]!.v;
  }
  return s[s.length - 1]!.v;
}

const mean = (xs: number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/**
 * Bucket points (ascending) into `bucketMs`, time-weighted; each bucket is stamped with its last point's time.
 * Buckets are (k·b, (k+1)·b], since a point stands for the time before it.
 */
function resample(rows: Array<{ p: FundingHistoryPointModel; w: number }>, bucketMs: number): FundingHistoryPointModel[] {
  const out: FundingHistoryPointModel[] = [];
  let group: Array<{ p: FundingHistoryPointModel; w: number }> = [];
  const flush = () => {
    if (!group.length) return;
    const tw = group.reduce((a, r) => a + r.w, 0);
    const wm = (xs: Array<{ v: number | null; w: number }>): number | null => {
      const ok = xs.filter((x): x is { v: number; w: number } => x.v !== null);
      if (!ok.length) return null;
      const sw = ok.reduce((a, x) => a + x.w, 0);
      return sw > 0 ? ok.reduce((a, x) => a + x.v * x.w, 0) / sw : mean(ok.map((x) => x.v));
    };
    const w = (r: { w: number }) => (tw > 0 ? r.w : 1);
    const ratePerHour = wm(group.map((r) => ({ v: r.p.ratePerHour, w: w(r) })))!;
    const last = group[group.length - 1]!.p;
    out.push({
      time: last.time,
      ratePerHour,
      annualizedRate: annualize(ratePerHour),
      rate: [...group].reverse().find((r) => r.p.rate !== null)?.p.rate ?? null,
      longCostPerHour: wm(group.map((r) => ({ v: r.p.longCostPerHour, w: w(r) }))),
      shortCostPerHour: wm(group.map((r) => ({ v: r.p.shortCostPerHour, w: w(r) }))),
    });
    group = [];
  };
  let bucket: number | null = null;
  for (const r of rows) {
    const b = Math.ceil(r.p.time / bucketMs);
    if (bucket !== null && b !== bucket) flush();
    bucket = b;
    group.push(r);
  }
  flush();
  return out;
}

/**
 * Build the model (coverage + summary, optionally resampled) from stored points of one source. Points outside
 * [from, to] are ignored; order does not matter.
 */
export function summarizeHistory(
  market: string,
  source: HistorySource,
  from: number,
  to: number,
  pts: ReadonlyArray<StoredPoint | FundingPoint>,
  resolution?: string | null,
): FundingHistoryModel {
  const bucketMs = parseResolution(resolution);
  const sorted = pts.filter((p) => p.time >= from && p.time <= to && Number.isFinite(p.ratePerHour)).sort((a, b) => a.time - b.time);
  const rows = sorted.map((p, i) => {
    // Inside the window only: the first point cannot cover time before `from`.
    const span = Math.min(spanOf(p, i === 0 ? null : sorted[i - 1]!.time, source), p.time - from);
    const point: FundingHistoryPointModel = {
      time: p.time,
      ratePerHour: p.ratePerHour,
      annualizedRate: annualize(p.ratePerHour),
      rate: p.rate,
      longCostPerHour: p.longCostPerHour,
      shortCostPerHour: p.shortCostPerHour,
    };
    return { p: point, w: span };
  });
  const covered = rows.reduce((a, r) => a + r.w, 0);
  // Weights are the covered spans; a window whose only point sits at `from` (zero span) falls back to counting.
  const weight = (r: { w: number }) => (covered > 0 ? r.w : 1);
  const tw = rows.reduce((a, r) => a + weight(r), 0);
  const n = rows.length;
  const meanApr = n ? rows.reduce((a, r) => a + r.p.annualizedRate * weight(r), 0) / tw : null;
  return {
    market,
    source,
    coverage: to > from ? Math.min(1, covered / (to - from)) : 0,
    from,
    to,
    points: bucketMs === null ? rows.map((r) => r.p) : resample(rows, bucketMs),
    summary: {
      meanApr,
      medianApr: n ? weightedMedian(rows.map((r) => ({ v: r.p.annualizedRate, w: weight(r) }))) : null,
      stdDevApr:
        n && meanApr !== null ? Math.sqrt(rows.reduce((a, r) => a + weight(r) * (r.p.annualizedRate - meanApr) ** 2, 0) / tw) : null,
      positiveShare: n ? rows.filter((r) => r.p.ratePerHour > 0).reduce((a, r) => a + weight(r), 0) / tw : null,
      realizedFunding: n ? rows.reduce((a, r) => a + r.p.ratePerHour * (r.w / HOUR_MS), 0) : null,
    },
  };
}

/** Column values of one hourly aggregate row, in the order both stores' upserts bind them. */
export function aggregateParams(market: string, source: HistorySource, a: HourlyAggregate): Array<string | number | null> {
  return [
    market,
    a.hour,
    source,
    a.mean,
    a.min,
    a.max,
    a.last,
    a.n,
    a.longCostMean,
    a.shortCostMean,
    a.timeLast,
    a.coveredMs,
    a.rateLast,
    a.intervalHours,
  ];
}

/** One hourly aggregate row (table funding_history_hourly). */
export interface HourlyAggregate {
  /** Start of the hour, epoch ms. */
  hour: number;
  /** Time of the last point folded in. */
  timeLast: number;
  mean: number;
  min: number;
  max: number;
  last: number;
  n: number;
  rateLast: number | null;
  intervalHours: number | null;
  longCostMean: number | null;
  shortCostMean: number | null;
  coveredMs: number;
}

/**
 * Fold ascending raw points of one (market, source) into hourly aggregates. `prevTime` is the time of the point
 * just before the first one (the last aggregate's `timeLast`), so coverage continues across downsampling runs.
 * `existing` aggregates for the same hours (late rows) are merged, not overwritten.
 */
export function aggregateHourly(
  raw: readonly StoredPoint[],
  source: HistorySource,
  prevTime: number | null,
  existing: ReadonlyMap<number, HourlyAggregate> = new Map(),
): HourlyAggregate[] {
  const out = new Map<number, HourlyAggregate & { longN: number; shortN: number }>();
  let prev = prevTime;
  for (const p of raw) {
    const hour = Math.floor(p.time / HOUR_MS) * HOUR_MS;
    const span = spanOf(p, prev, source);
    prev = p.time;
    let a = out.get(hour);
    if (!a) {
      const e = existing.get(hour);
      a = e
        ? { ...e, longN: e.longCostMean === null ? 0 : e.n, shortN: e.shortCostMean === null ? 0 : e.n }
        : {
            hour,
            timeLast: p.time,
            mean: 0,
            min: p.ratePerHour,
            max: p.ratePerHour,
            last: p.ratePerHour,
            n: 0,
            rateLast: null,
            intervalHours: null,
            longCostMean: null,
            shortCostMean: null,
            coveredMs: 0,
            longN: 0,
            shortN: 0,
          };
      out.set(hour, a);
    }
    a.mean = (a.mean * a.n + p.ratePerHour) / (a.n + 1);
    a.n += 1;
    a.min = Math.min(a.min, p.ratePerHour);
    a.max = Math.max(a.max, p.ratePerHour);
    if (p.time >= a.timeLast) {
      a.timeLast = p.time;
      a.last = p.ratePerHour;
      if (p.rate !== null) a.rateLast = p.rate;
      if (p.intervalHours !== null) a.intervalHours = p.intervalHours;
    }
    if (p.longCostPerHour !== null) {
      a.longCostMean = ((a.longCostMean ?? 0) * a.longN + p.longCostPerHour) / (a.longN + 1);
      a.longN += 1;
    }
    if (p.shortCostPerHour !== null) {
      a.shortCostMean = ((a.shortCostMean ?? 0) * a.shortN + p.shortCostPerHour) / (a.shortN + 1);
      a.shortN += 1;
    }
    a.coveredMs = Math.min(a.coveredMs + span, source === 'VENUE_HISTORY' ? Infinity : HOUR_MS);
  }
  return [...out.values()].map(({ longN: _l, shortN: _s, ...a }) => a);
}

/** Hourly aggregate → the point it is served as (time = its last point's time, exact coverage). */
export function aggregateToPoint(a: HourlyAggregate, source: HistorySource): StoredPoint {
  return {
    time: a.timeLast,
    rate: a.rateLast,
    intervalHours: a.intervalHours,
    ratePerHour: a.mean,
    longCostPerHour: a.longCostMean,
    shortCostPerHour: a.shortCostMean,
    source,
    coveredMs: a.coveredMs,
  };
}

/**
 * The query/window/range trio on top of a store's `read` (preferred source + its points in [from, to]).
 * Both stores extend it, so the semantics cannot drift.
 */
export abstract class HistoryStoreBase implements HistoryStore {
  abstract write(market: string, points: FundingPoint[]): Promise<void> | void;
  abstract latestTime(market: string, source: HistorySource): Promise<number | null> | number | null;
  abstract earliestTime(market: string, source: HistorySource): Promise<number | null> | number | null;
  abstract downsample(now: number): Promise<void> | void;
  abstract close(): Promise<void> | void;
  /** The preferred source in [from, to] (VENUE_HISTORY if it has any row there, else GATEWAY_SAMPLED) and its points. */
  protected abstract read(
    market: string,
    from: number,
    to: number,
  ): Promise<{ source: HistorySource; points: StoredPoint[] }> | { source: HistorySource; points: StoredPoint[] };

  async query(market: string, from: number, to: number, resolution?: string | null): Promise<FundingHistoryModel> {
    parseResolution(resolution); // fail before touching the database
    const { source, points } = await this.read(market, from, to);
    return summarizeHistory(market, source, from, to, points, resolution);
  }

  window(market: string, window: HistoryWindow, now: number, resolution?: string | null): Promise<FundingHistoryModel> {
    return this.query(market, now - WINDOW_MS[window], now, resolution);
  }

  range(market: string, from: number, to: number): Promise<FundingHistoryModel> {
    return this.query(market, from, to);
  }
}
