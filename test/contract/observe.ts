/**
 * Tests read what a connector serves the way the app does: its emitted events feed the app's `LatestStore` (the only
 * latest state), and the DataLoader-shaped readers below look there. `observe(c)` wraps a connector without changing
 * it: `start` tees every event into the store and into `events`, then calls the caller's sink.
 */
import type { Connector, ConnectorStartOptions } from '../../src/core/connector.js';
import { VenueError } from '../../src/core/errors.js';
import type { ConnectorEvent, FundingRate, MarketMeta, MarketStats, OrderBook } from '../../src/core/types.js';
import { LatestStore } from '../../src/store/latest.js';

export interface Observed extends Connector {
  /** Every event the connector emitted, in order. */
  readonly events: ConnectorEvent[];
  readonly store: LatestStore;
  listMarkets(): Promise<MarketMeta[]>;
  getStats(ids: readonly string[]): Promise<Array<MarketStats | Error>>;
  getFunding(ids: readonly string[]): Promise<Array<FundingRate | Error>>;
  getBooks(ids: readonly string[], levels: number): Promise<Array<OrderBook | Error>>;
}

export function observe<C extends Connector>(c: C): C & Observed {
  const store = new LatestStore();
  const events: ConnectorEvent[] = [];
  const state = () => store.venue('live', c.venue);
  const missing = (id: string, what: string): Error =>
    state().markets.has(id)
      ? new VenueError(c.venue, 'UNAVAILABLE', `${id}: no ${what} received yet`)
      : new VenueError(c.venue, 'NOT_FOUND', `${id}: unknown ${c.venue} market`);
  const start = c.start.bind(c);
  const view = {
    events,
    store,
    start(opts: ConnectorStartOptions) {
      return start({
        ...opts,
        emit: (e) => {
          events.push(e);
          store.apply({ ...e, plane: 'live' });
          opts.emit(e);
        },
      });
    },
    listMarkets: () => Promise.resolve([...state().markets.values()]),
    getStats: (ids: readonly string[]) =>
      Promise.resolve(
        ids.map((id): MarketStats | Error => {
          const s = state().stats.get(id);
          if (!s) return missing(id, 'mark/stats');
          const { source: _source, ...stats } = s;
          return stats;
        }),
      ),
    getFunding: (ids: readonly string[]) => Promise.resolve(ids.map((id) => state().funding.get(id) ?? missing(id, 'funding'))),
    getBooks: (ids: readonly string[], levels: number) =>
      Promise.resolve(
        ids.map((id) => {
          const b = state().books.get(id);
          if (!b) return missing(id, 'order book');
          return levels >= b.bids.length && levels >= b.asks.length
            ? b
            : { ...b, bids: b.bids.slice(0, levels), asks: b.asks.slice(0, levels) };
        }),
      ),
  };
  return new Proxy(c, {
    get(target, prop, receiver) {
      if (prop in view) return view[prop as keyof typeof view];
      const v: unknown = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  }) as C & Observed;
}
