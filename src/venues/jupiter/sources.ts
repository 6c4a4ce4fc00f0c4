/**
 * The optional HTTP sources of the Jupiter connector (venues/jupiter.md §3, §4), as scheduler jobs. perps-api:
 * `pool-info` borrow cross-check (differences recorded in `sources`, the on-chain rate is served) and 24 h volume from
 * `market-stats`; Price API v3: a spot sanity band around the oracle. Both fail soft (source UNAVAILABLE, counted).
 */
import type { Config } from '../../config/index.js';
import type { ConnectorKit } from '../../core/template.js';
import type { Job } from '../../core/scheduler.js';
import type { JupiterApi } from './client.js';
import { borrowCrossCheck, priceBand, type BorrowRow } from './checks.js';
import type { JupMarket } from './normalize.js';
import type { VenueState } from './state.js';

export function sourceJobs(o: {
  kit: ConnectorKit;
  config: Config;
  api: JupiterApi;
  state: VenueState;
  /** 24 h volume by market id (written here, read when stats are emitted). */
  volumes: Map<string, number>;
  emitAll: (markets: readonly JupMarket[]) => void;
}): { perps: Job; priceCheck: Job } {
  const { kit, config, api, state, volumes, emitAll } = o;
  const io = kit.io;
  const count = (name: string, by = 1) => kit.health.count(name, by);
  const secondaryFailed = (name: string, err: unknown): void => void kit.sourceFailed(name, err);

  const perps = kit.job('perps-api', 'FUNDING', async (signal) => {
    if (!config.JUPITER_PERPS_API_ENABLED || state.markets.length === 0) return;
    try {
      // pool-info first (the cross-check), then market-stats (volume): at most 1 request per second on this lane.
      const short = state.shortCustodyKey ? (state.custodies.get(state.shortCustodyKey)?.value ?? null) : null;
      const rows: BorrowRow[] = [];
      for (const m of state.markets) {
        const info = await api.poolInfo(m.mint, signal);
        const long = state.custodies.get(m.custody)?.value;
        if (long) rows.push({ id: m.id, long, short, info });
      }
      const { worstPct, notes } = borrowCrossCheck(rows);
      kit.health.setCounter('crosscheck.borrowDiffPctPerHourE6', Math.round(worstPct * 1e6));
      if (notes.length) count('crosscheck.mismatch', notes.length);
      kit.health.setSource({
        name: 'perps-api',
        status: 'AVAILABLE',
        reason: notes.length
          ? `borrow rate differs from pool-info beyond its 4-dp rounding (the on-chain value is served): ${notes.join('; ')}`
          : 'pool-info agrees with the on-chain borrow rates (within its 4-dp rounding)',
        lastSuccessAt: io.now(),
      });
      for (const m of state.markets) volumes.set(m.id, await api.volume24h(m.mint, signal));
      emitAll(state.markets); // volume into stats
    } catch (err) {
      volumes.clear();
      secondaryFailed('perps-api', err);
    }
  });

  const priceCheck = kit.job('price-api', 'FUNDING', async (signal) => {
    if (!config.JUPITER_PRICE_CHECK_ENABLED || state.markets.length === 0) return;
    try {
      const spot = await api.prices(
        state.markets.map((m) => m.mint),
        signal,
      );
      const rows = state.markets.flatMap((m) => {
        const sp = spot.get(m.mint);
        const mark = kit.stats.get(m.id)?.markPrice;
        return sp !== undefined && mark ? [{ id: m.id, mark, spot: sp }] : [];
      });
      const { worstBps: worst, notes } = priceBand(rows, config.JUPITER_PRICE_DIVERGENCE_BPS);
      kit.health.setCounter('price.divergenceBps', Math.round(worst));
      if (notes.length) count('price.divergence', notes.length);
      kit.health.setSource({
        name: 'price-api',
        status: 'AVAILABLE',
        reason: notes.length
          ? `spot diverges by more than ${config.JUPITER_PRICE_DIVERGENCE_BPS} bps (sanity band only; the oracle is served): ${notes.join('; ')}`
          : `within ${config.JUPITER_PRICE_DIVERGENCE_BPS} bps`,
        lastSuccessAt: io.now(),
      });
    } catch (err) {
      secondaryFailed('price-api', err);
    }
  });

  return { perps, priceCheck };
}
