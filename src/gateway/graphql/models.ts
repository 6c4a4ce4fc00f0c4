import type { MarketMeta, Venue } from '../../core/types.js';
import type { Plane } from '../../store/latest.js';

/** What a PerpMarket resolver receives: the metadata and which plane serves it. Field resolvers read the rest through loaders. */
export interface MarketModel {
  meta: MarketMeta;
  plane: Plane;
  venue: Venue;
  /** Resolved by a single-market query (Query.market): asking for its depth adds live book demand. */
  single?: boolean;
}

export interface MarkPriceModel {
  market: string;
  venue: Venue;
  markPrice: number | null;
  indexPrice: number | null;
  asOf: number;
  slaMs: number;
  source: 'LIVE' | 'CACHED' | 'MOCK';
}
