/**
 * Cross-checks against the optional HTTP sources, pure (docs/venues/jupiter.md §3.1, §4). Differences are recorded in
 * health; the on-chain values are what is served.
 */
import type { Custody } from './layout.js';
import { hourlyBorrowRate } from './rates.js';

/** pool-info rates are % per hour rounded to 4 dp: a difference up to half a unit of the 4th decimal is rounding. */
export const POOL_INFO_TOLERANCE_PCT = 0.00005;

export interface BorrowRow {
  id: string;
  long: Custody;
  short: Custody | null;
  info: { longPctPerHour: number; shortPctPerHour: number };
}

/** On-chain hourly rate (1e9 scale) in % per hour = hourly / 1e7, against pool-info's `*BorrowRatePercent`. */
export function borrowCrossCheck(rows: readonly BorrowRow[]): { worstPct: number; notes: string[] } {
  let worstPct = 0;
  const notes: string[] = [];
  for (const r of rows) {
    for (const [side, c, theirs] of [
      ['long', r.long, r.info.longPctPerHour],
      ['short', r.short, r.info.shortPctPerHour],
    ] as const) {
      if (!c) continue;
      const ours = Number(hourlyBorrowRate(c)) / 1e7;
      const diff = Math.abs(ours - theirs);
      worstPct = Math.max(worstPct, diff);
      if (diff > POOL_INFO_TOLERANCE_PCT + 1e-12) notes.push(`${r.id} ${side}: on-chain ${ours.toFixed(6)} %/h vs pool-info ${theirs} %/h`);
    }
  }
  return { worstPct, notes };
}

/** Oracle mark vs Price API spot, in bps of spot; markets beyond `limitBps` are named. */
export function priceBand(
  rows: ReadonlyArray<{ id: string; mark: number; spot: number }>,
  limitBps: number,
): { worstBps: number; notes: string[] } {
  let worstBps = 0;
  const notes: string[] = [];
  for (const r of rows) {
    const d = (Math.abs(r.mark - r.spot) / r.spot) * 1e4;
    worstBps = Math.max(worstBps, d);
    if (d > limitBps) notes.push(`${r.id}: oracle ${r.mark} vs spot ${r.spot} (${d.toFixed(1)} bps)`);
  }
  return { worstBps, notes };
}
