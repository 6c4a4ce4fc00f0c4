/**
 * Cross-check of two public oracles for one market (Chainlink vs Pyth): what a connector stores with the market's
 * stats (an observation, clock-free), and what the API serves from it at response time (ages, staleness, flags).
 *
 * - `deviationBps` = |chainlink − pyth| / pyth × 10 000, null when either price is missing;
 * - flag `ORACLE_DEVIATION` when deviationBps > thresholdBps (ORACLE_DEVIATION_BPS);
 * - flag `ORACLE_STALE` when a reading is older than its feed's heartbeat (Chainlink: the aggregator's heartbeat from
 *   the venue notes; Pyth publishes continuously and has none, so PYTH_MAX_AGE_MS stands in). A reading that failed
 *   has a null price and its error, and no flag of its own (deviationBps is then null).
 */

import type { OracleObservation, OracleReadingObs } from '../core/types.js';

export type { OracleObservation, OracleReadingObs } from '../core/types.js';

export interface OracleReadingView extends OracleReadingObs {
  ageMs: number | null;
  stale: boolean;
}
export interface OracleView extends Omit<OracleObservation, 'readings'> {
  readings: OracleReadingView[];
  flags: string[];
}

/** |a − b| / b in bps; null when either is missing or b is not positive. */
export function deviationBps(a: number | null, b: number | null): number | null {
  if (a === null || b === null || !(b > 0)) return null;
  return (Math.abs(a - b) / b) * 10_000;
}

/** Build the observation from a Chainlink and a Pyth reading. */
export function observeOracles(
  chainlink: OracleReadingObs,
  pyth: OracleReadingObs,
  thresholdBps: number,
  checkedAt: number,
): OracleObservation {
  return { deviationBps: deviationBps(chainlink.price, pyth.price), thresholdBps, readings: [chainlink, pyth], checkedAt };
}

/** The observation as served at `now`: each reading's age and staleness, and the flags. */
export function oracleView(o: OracleObservation, now: number): OracleView {
  const readings = o.readings.map((r): OracleReadingView => {
    const ageMs = r.asOf === null ? null : Math.max(0, now - r.asOf);
    return { ...r, ageMs, stale: ageMs !== null && ageMs > r.heartbeatMs };
  });
  const flags: string[] = [];
  if (o.deviationBps !== null && o.deviationBps > o.thresholdBps) flags.push('ORACLE_DEVIATION');
  if (readings.some((r) => r.stale)) flags.push('ORACLE_STALE');
  return { ...o, readings, flags };
}
