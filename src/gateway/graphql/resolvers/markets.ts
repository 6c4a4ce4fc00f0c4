/** The served markets of the asked venues on the plane each is served from, filtered by base and symbol. */
import type { App } from '../../../app/app.js';
import type { Mode, Venue } from '../../../core/types.js';
import type { MarketModel } from '../models.js';

export function marketsFor(
  app: App,
  mode: Mode,
  venues: Venue[],
  filter?: { bases?: string[] | null; symbols?: string[] | null },
): MarketModel[] {
  const bases = filter?.bases?.map((b) => b.toUpperCase());
  const symbols = filter?.symbols?.map((s) => s.toUpperCase());
  const out: MarketModel[] = [];
  for (const venue of venues) {
    const plane = app.planeFor(mode, venue);
    for (const meta of app.store.venue(plane, venue).markets.values()) {
      if (bases && bases.length && !bases.includes(meta.baseAsset.toUpperCase())) continue;
      if (symbols && symbols.length && !symbols.includes(meta.symbol.toUpperCase())) continue;
      out.push({ meta, plane, venue });
    }
  }
  return out;
}
