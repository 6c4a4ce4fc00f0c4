/**
 * 7-day stability of a pair's net carry, pure: the hourly net carry APR of the pair over the 7 days before `now`,
 * its mean and standard deviation, and how much of the window those figures rest on (samples, coverage).
 */
import { annualize } from '../core/funding.js';

const HOUR = 3_600_000;
/** The window, in hours: coverage = common hours / WINDOW_HOURS. */
export const WINDOW_HOURS = 7 * 24;
/** A history point stands for the time before it (an 8-hour payment settles the preceding 8 hours), up to this long. */
const FILL_HOURS = 8;

export type CostHistory = ReadonlyArray<{ time: number; longCostPerHour: number | null; shortCostPerHour: number | null }>;

export interface Stability {
  /** Mean of the hourly net carry APR; null with < 2 common hours. */
  mean: number | null;
  /** Population standard deviation of the same; null with < 2 common hours. */
  std: number | null;
  /** Hours of the window in which both legs have a cost (what mean and std rest on). */
  samples: number;
  /** samples / 168: the fraction of the 7-day window covered (0 when either leg has no history). */
  coverage: number;
}

/**
 * Hour index → this leg's mean cost in that hour over the 7 days before `now`; an hour with no point takes the
 * next point's value within 8 h (gaps between points only).
 */
function hourly(h: CostHistory, key: 'longCostPerHour' | 'shortCostPerHour', now: number): Map<number, number> {
  const last = Math.floor(now / HOUR);
  const first = last - WINDOW_HOURS + 1;
  const sums = new Map<number, { s: number; n: number }>();
  for (const p of h) {
    const v = p[key];
    const k = Math.floor(p.time / HOUR);
    if (v === null || k < first || k > last) continue;
    const e = sums.get(k) ?? { s: 0, n: 0 };
    sums.set(k, { s: e.s + v, n: e.n + 1 });
  }
  const out = new Map<number, number>();
  if (sums.size === 0) return out;
  // Never before the first point: a gateway sampler that started an hour ago says nothing about the hours before.
  const start = Math.max(first, Math.min(...sums.keys()));
  let next: { k: number; v: number } | null = null;
  for (let k = last; k >= start; k--) {
    const e = sums.get(k);
    if (e) next = { k, v: e.s / e.n };
    if (next && next.k - k < FILL_HOURS) out.set(k, next.v);
  }
  return out;
}

/** Mean, standard deviation and coverage of the pair's hourly net carry APR over the 7 days (168 hours) up to `now`. */
export function stability(long: CostHistory | undefined, short: CostHistory | undefined, now: number): Stability {
  if (!long?.length || !short?.length) return { mean: null, std: null, samples: 0, coverage: 0 };
  const lc = hourly(long, 'longCostPerHour', now);
  const sc = hourly(short, 'shortCostPerHour', now);
  const aprs: number[] = [];
  for (const [k, v] of lc) {
    const w = sc.get(k);
    if (w !== undefined) aprs.push(annualize(-(v + w)));
  }
  const samples = aprs.length;
  const coverage = samples / WINDOW_HOURS;
  if (samples < 2) return { mean: null, std: null, samples, coverage };
  const mean = aprs.reduce((x, y) => x + y, 0) / samples;
  return { mean, std: Math.sqrt(aprs.reduce((x, y) => x + (y - mean) ** 2, 0) / samples), samples, coverage };
}
