/**
 * Per-request context: a fixed `now` (every freshness in one response is computed at the same instant), the
 * default mode, and per-request DataLoaders that batch field reads into ONE store read per (plane, venue).
 */
import DataLoader from 'dataloader';
import { VenueError } from '../../core/errors.js';
import type { FundingRate, MarketStats, Mode, OrderBook, Venue } from '../../core/types.js';
import type { Plane } from '../../store/latest.js';
import type { App } from '../../app/app.js';

export type StatsValue = MarketStats & { asOf: number; source: 'LIVE' | 'CACHED' | 'MOCK' };

export interface Loaders {
  stats: DataLoader<string, StatsValue | null>;
  funding: DataLoader<string, FundingRate | null>;
  books: DataLoader<string, OrderBook | null>;
}

export interface GatewayContext {
  app: App;
  now: number;
  mode: Mode;
  loaders: Loaders;
}

/** Loader key: `${plane}|${marketId}`. */
export const key = (plane: Plane, id: string): string => `${plane}|${id}`;

/** Counts batched store reads (exposed for tests proving one read per venue). */
export const readCounter = { reads: 0 };

function batchBy<V>(app: App, pick: (plane: Plane, venue: Venue, ids: string[]) => Array<V | null>) {
  return (keys: readonly string[]): Promise<Array<V | null | Error>> => {
    const groups = new Map<string, { plane: Plane; venue: Venue; ids: string[]; idx: number[] }>();
    keys.forEach((k, i) => {
      const bar = k.indexOf('|');
      const plane = k.slice(0, bar) as Plane;
      const id = k.slice(bar + 1);
      const venue = id.slice(0, id.indexOf(':')) as Venue;
      const g = groups.get(`${plane}|${venue}`) ?? { plane, venue, ids: [], idx: [] };
      g.ids.push(id);
      g.idx.push(i);
      groups.set(`${plane}|${venue}`, g);
    });
    const out: Array<V | null | Error> = new Array(keys.length).fill(null);
    for (const g of groups.values()) {
      if (!app.venues.includes(g.venue)) {
        g.idx.forEach((i, j) => (out[i] = new VenueError('gateway', 'NOT_FOUND', `${g.ids[j]}: venue ${g.venue} is not enabled`)));
        continue;
      }
      readCounter.reads++;
      const values = pick(g.plane, g.venue, g.ids);
      g.idx.forEach((i, j) => (out[i] = values[j] ?? null));
    }
    return Promise.resolve(out);
  };
}

export function createLoaders(app: App): Loaders {
  return {
    stats: new DataLoader(
      batchBy(app, (plane, venue, ids) => {
        const s = app.store.venue(plane, venue).stats;
        return ids.map((id) => s.get(id) ?? null);
      }),
    ),
    funding: new DataLoader(
      batchBy(app, (plane, venue, ids) => {
        const s = app.store.venue(plane, venue).funding;
        return ids.map((id) => s.get(id) ?? null);
      }),
    ),
    books: new DataLoader(
      batchBy(app, (plane, venue, ids) => {
        const s = app.store.venue(plane, venue).books;
        return ids.map((id) => s.get(id) ?? null);
      }),
    ),
  };
}

/**
 * A long-lived context (a subscription group's) before each frame: the clock read now, and fresh loaders (a loader
 * caches per key, which is right within one response and wrong across frames).
 */
export function refreshContext(ctx: GatewayContext): void {
  ctx.now = ctx.app.now();
  ctx.loaders = createLoaders(ctx.app);
}

export function createContext(app: App, mode?: Mode): GatewayContext {
  return { app, now: app.now(), mode: mode ?? app.config.PERP_CONNECTOR_MODE, loaders: createLoaders(app) };
}
