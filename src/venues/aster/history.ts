/**
 * 90-day funding-history backfill from `fundingRate` (≤ 1000 rows a page, ascending; docs/venues/aster.md §2.4) into
 * the history store, as VENUE_HISTORY. It spends only spare budget (never below 30 % remaining), resumes from the
 * latest stored time (never refetches a stored page), and an empty page never deletes anything. Logs progress.
 */
import type { HistoryWriter } from '../../core/connector.js';
import { num } from '../../core/numbers.js';
import type { RateLimiter } from '../../core/rate-limit.js';
import type { Logger } from '../../telemetry/logger.js';
import type { AsterClient } from './client.js';
import { PATHS } from './constants.js';
import { defaultInterval, intervalFromSpacing, normalizeHistory, type IntervalInfo } from './normalize.js';
import { FundingRateHistory } from './wire.js';

const DAY = 86_400_000;
/** Symbols whose backfill reached "now" in this process. */
const done = new WeakMap<HistoryWriter, Set<string>>();

export async function fundingHistoryPages(o: {
  client: AsterClient;
  history: HistoryWriter;
  markets: Array<[string, string]>;
  intervals: Map<string, IntervalInfo>;
  now: number;
  signal: AbortSignal;
  limiter: RateLimiter;
  logger: Logger;
  onInterval: (symbol: string, hours: number) => void;
  maxPages?: number;
}): Promise<number> {
  const finished = done.get(o.history) ?? new Set<string>();
  done.set(o.history, finished);
  let pages = 0;
  for (const [sym, id] of o.markets) {
    if (finished.has(sym)) continue;
    if (pages >= (o.maxPages ?? 2)) break;
    const st = o.limiter.status();
    if (st.throttled || st.remaining < st.budgetPerMinute * 0.3) break;
    const latest = await o.history.latestTime(id, 'VENUE_HISTORY');
    const start = latest === null ? o.now - 90 * DAY : latest + 1;
    const rows = await o.client.get(
      PATHS.fundingRate,
      FundingRateHistory,
      { symbol: sym, startTime: start, endTime: o.now, limit: 1000 },
      { signal: o.signal },
    );
    pages++;
    if (rows.length > 0) {
      const inferred = intervalFromSpacing(rows.map((r) => num(r.fundingTime, 'fundingTime')));
      if (inferred) o.onInterval(sym, inferred);
      const points = normalizeHistory(
        rows,
        o.intervals.get(sym) ?? (inferred ? { hours: inferred, source: 'HISTORY_SPACING', cap: null, floor: null } : defaultInterval()),
      );
      await o.history.write(id, points);
    }
    if (rows.length < 1000) {
      finished.add(sym);
      o.logger.info('funding history backfill', {
        venue: 'aster',
        progress: `${finished.size}/${o.markets.length}`,
        symbol: sym,
        rows: rows.length,
      });
    }
  }
  return pages;
}
