/**
 * The history sampler: every minute, the current funding of each venue this process collects goes into the history
 * store (GATEWAY_SAMPLED). Only the collector samples (the lease holder in scale-out), so replicas never
 * double-sample.
 */
import { historyRatePerHour } from '../core/funding.js';
import type { HistoryStore } from '../core/ports.js';
import type { Venue } from '../core/types.js';
import type { LatestStore } from '../store/latest.js';

export async function sampleHistory(history: HistoryStore, store: LatestStore, venues: Iterable<Venue>, t: number): Promise<void> {
  for (const venue of venues) {
    for (const f of store.venue('live', venue).funding.values()) {
      const ph = historyRatePerHour(f);
      if (ph === null || t - f.stamp.asOf > f.stamp.slaMs) continue;
      await history.write(f.market, [
        {
          time: t,
          rate: f.rate,
          intervalHours: f.intervalHours,
          ratePerHour: ph,
          longCostPerHour: f.longCostPerHour,
          shortCostPerHour: f.shortCostPerHour,
          longBorrowPerHour: f.longBorrowRatePerHour,
          shortBorrowPerHour: f.shortBorrowRatePerHour,
          source: 'GATEWAY_SAMPLED',
        },
      ]);
    }
  }
}
