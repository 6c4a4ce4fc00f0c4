/**
 * Latest-state store: per plane ('live' = venue connectors, 'mock' = shipped datasets) and venue, the latest
 * metadata, stats, funding and book per market, plus each venue's health. Fed only by bus events, so a gateway
 * replica in scale-out keeps the same state as the collector. `version` increments on every change (response
 * caches key on it).
 */
import type { ConnectorHealth, FundingRate, MarketMeta, MarketStats, OrderBook, Venue } from '../core/types.js';
import type { BusEvent, Plane } from '../core/ports.js';

export type { BusEvent, Plane } from '../core/ports.js';

export interface VenueState {
  markets: Map<string, MarketMeta>;
  stats: Map<string, MarketStats & { asOf: number; source: 'LIVE' | 'CACHED' | 'MOCK' }>;
  funding: Map<string, FundingRate>;
  books: Map<string, OrderBook>;
  health: ConnectorHealth | null;
  metadataAt: number | null;
}

function emptyVenue(): VenueState {
  return { markets: new Map(), stats: new Map(), funding: new Map(), books: new Map(), health: null, metadataAt: null };
}

export class LatestStore {
  private readonly planes: Record<Plane, Map<Venue, VenueState>> = { live: new Map(), mock: new Map() };
  /** Monotonic change counter (per plane and overall). */
  version = 0;
  readonly planeVersion: Record<Plane, number> = { live: 0, mock: 0 };

  venue(plane: Plane, venue: Venue): VenueState {
    let v = this.planes[plane].get(venue);
    if (!v) {
      v = emptyVenue();
      this.planes[plane].set(venue, v);
    }
    return v;
  }

  apply(e: BusEvent): void {
    const v = this.venue(e.plane, e.venue);
    switch (e.type) {
      case 'metadata':
        v.markets = new Map(e.markets.map((m) => [m.id, m]));
        v.metadataAt = e.asOf;
        // Drop state of delisted markets.
        for (const map of [v.stats, v.funding, v.books] as Array<Map<string, unknown>>)
          for (const id of map.keys()) if (!v.markets.has(id)) map.delete(id);
        break;
      case 'stats':
        v.stats.set(e.market, { ...e.stats, asOf: e.asOf, source: e.source });
        break;
      case 'funding':
        v.funding.set(e.funding.market, e.funding);
        break;
      case 'book':
        v.books.set(e.book.market, e.book);
        break;
      case 'health':
        v.health = e.health;
        break;
    }
    this.version++;
    this.planeVersion[e.plane]++;
  }

  /** Full snapshot of one plane, as events (for late-joining replicas). */
  snapshot(plane: Plane): BusEvent[] {
    const out: BusEvent[] = [];
    for (const [venue, v] of this.planes[plane]) {
      if (v.metadataAt !== null)
        out.push({
          type: 'metadata',
          venue,
          markets: [...v.markets.values()],
          asOf: v.metadataAt,
          source: plane === 'mock' ? 'MOCK' : 'LIVE',
          plane,
        });
      for (const [market, s] of v.stats) {
        const { asOf, source, ...stats } = s;
        out.push({ type: 'stats', venue, market, stats, asOf, source, plane });
      }
      for (const f of v.funding.values()) out.push({ type: 'funding', venue, funding: f, plane });
      for (const b of v.books.values()) out.push({ type: 'book', venue, book: b, plane });
      if (v.health) out.push({ type: 'health', venue, health: v.health, plane });
    }
    return out;
  }
}
