/** fundingHistory: the history store for live data, the mock dataset's rebased history in mock plane. */
import type { FundingHistoryModel } from '../../../store/history.js';
import type { Plane } from '../../../store/latest.js';
import { summarizeHistory } from '../../../store/history.js';
import type { GatewayContext } from '../context.js';
import { fromGqlVenue } from '../edge.js';

const WINDOW_DAYS = { D7: 7, D30: 30, D90: 90 } as const;

export async function historyFor(
  ctx: GatewayContext,
  market: string,
  plane: Plane,
  window: keyof typeof WINDOW_DAYS,
  range?: { from: number; to: number },
  resolution?: string | null,
): Promise<FundingHistoryModel> {
  const to = range?.to ?? ctx.now;
  const from = range?.from ?? to - WINDOW_DAYS[window] * 86_400_000;
  if (plane === 'mock') {
    const venue = fromGqlVenue(market.slice(0, market.indexOf(':')));
    const c = ctx.app.connectorFor(venue, 'mock');
    const pts = (await c?.fundingHistory(market, from, to)) ?? [];
    return summarizeHistory(market, 'MOCK', from, to, pts, resolution);
  }
  if (!ctx.app.history) return summarizeHistory(market, 'GATEWAY_SAMPLED', from, to, [], resolution);
  return ctx.app.history.query(market, from, to, resolution);
}
