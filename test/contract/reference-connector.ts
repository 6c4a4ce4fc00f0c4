/**
 * A small reference connector over the generic fake: the simplest correct use of the connector template, so the
 * contract suite (and the runtime) are proven independently of any real venue's quirks.
 * Wire format (invented, REST only): GET /markets, GET /funding, GET /book?symbol=.
 */
import { z } from 'zod';
import type { Connector, ConnectorIO } from '../../src/core/connector.js';
import { DEFAULT_TIMINGS, type Timings } from '../../src/core/cadence.js';
import { periodicFunding } from '../../src/core/funding.js';
import { defineConnector, type ConnectorContext } from '../../src/core/template.js';
import { num } from '../../src/core/numbers.js';
import { marketId } from '../../src/core/symbols.js';
import type { MarketMeta, OrderBook, Venue } from '../../src/core/types.js';
import { VENUES } from '../../src/venues/registry.js';
import type { FakeServer } from '../fakes/server.js';

const Markets = z.array(z.object({ symbol: z.string(), base: z.string(), quote: z.string() }));
const Funding = z.array(z.object({ symbol: z.string(), rate: z.string(), intervalHours: z.number(), mark: z.string() }));
const Book = z.object({
  seq: z.number(),
  bids: z.array(z.tuple([z.string(), z.string()])),
  asks: z.array(z.tuple([z.string(), z.string()])),
});

export function seedReferenceFake(fake: FakeServer): void {
  let seq = 1;
  fake.route('GET', '/markets', () => [
    { symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT' },
    { symbol: 'ETHUSDT', base: 'ETH', quote: 'USDT' },
  ]);
  fake.route('GET', '/funding', () => [
    { symbol: 'BTCUSDT', rate: '0.00010000', intervalHours: 8, mark: '100000.5' },
    { symbol: 'ETHUSDT', rate: '-0.00002000', intervalHours: 4, mark: '3500.25' },
  ]);
  fake.route('GET', '/book', (req) => {
    const mid = req.query.get('symbol') === 'BTCUSDT' ? 100000 : 3500;
    seq++;
    return {
      seq,
      bids: [
        [String(mid - 1), '1.5'],
        [String(mid - 2), '2'],
      ],
      asks: [
        [String(mid + 1), '1'],
        [String(mid + 2), '3'],
      ],
    };
  });
}

export function createReferenceConnector(opts: {
  io: ConnectorIO;
  baseUrl: string;
  budgetPerMinute: number;
  timings?: Partial<Timings>;
  timeoutMs?: number;
  /** The venue id it serves as. Default: the registry's first venue (tests stand it in for a real venue's slot). */
  venue?: Venue;
}): Connector {
  const timings = { ...DEFAULT_TIMINGS, ...opts.timings };
  const venue = opts.venue ?? VENUES[0];
  return defineConnector(
    {
      venue,
      io: opts.io,
      budgetPerMinute: opts.budgetPerMinute,
      preferredTransport: 'REST',
      timings,
      http: { timeoutMs: opts.timeoutMs ?? 1000, retries: 0 },
    },
    (kit) => ({ jobs: referenceJobs(kit, venue, opts.baseUrl, opts.io, timings) }),
  );
}

function referenceJobs(kit: ConnectorContext, venue: Venue, baseUrl: string, io: ConnectorIO, timings: Timings) {
  const opts = { baseUrl, io };
  const symbols = new Map<string, string>();
  const stamp = (channel: 'FUNDING' | 'DEPTH') => ({ asOf: opts.io.now(), slaMs: timings[channel].slaMs, source: 'LIVE' as const });

  const metadata = kit.job('metadata', 'METADATA', async (signal) => {
    const rows = await kit.http.json(`${opts.baseUrl}/markets`, Markets, { signal });
    const markets: MarketMeta[] = rows.map((r) => {
      const id = marketId(venue, r.base, r.quote);
      symbols.set(id, r.symbol);
      return {
        id,
        venue,
        symbol: id.split(':')[1]!.replace(/-PERP.*$/, ''),
        venueSymbol: r.symbol,
        baseAsset: r.base,
        quoteAsset: 'USD',
        variant: null,
        marginAssets: [r.quote],
        fees: { maker: null, taker: null, source: 'VENUE_API', note: null },
        marketHours: { isOpen: true, nextOpen: null, nextClose: null },
        tickSize: null,
        stepSize: null,
        minNotional: null,
        maxLeverage: null,
        leverageTiers: null,
        risk: {
          initialMarginRate: null,
          maintenanceMarginRate: null,
          liquidationThreshold: null,
          insuranceFund: { balanceUsd: null, status: 'NOT_PUBLISHED', source: 'reference venue' },
        },
        flags: [],
        missing: ['fees', 'tickSize', 'stepSize'],
      };
    });
    kit.emit({ type: 'metadata', venue, markets, asOf: opts.io.now(), source: 'LIVE' });
  });
  const funding = kit.job('funding', 'FUNDING', async (signal) => {
    const rows = await kit.http.json(`${opts.baseUrl}/funding`, Funding, { signal });
    for (const r of rows) {
      const id = [...symbols].find(([, s]) => s === r.symbol)?.[0];
      if (!id) continue;
      kit.emit({
        type: 'funding',
        venue,
        funding: periodicFunding({
          market: id,
          venue,
          stamp: stamp('FUNDING'),
          rate: num(r.rate, 'rate'),
          intervalHours: r.intervalHours,
          intervalSource: 'VENUE_API',
        }),
      });
      const mark = num(r.mark, 'mark');
      kit.emit({
        type: 'stats',
        venue,
        market: id,
        asOf: opts.io.now(),
        source: 'LIVE',
        stats: {
          markPrice: mark,
          indexPrice: null,
          priceSource: 'reference',
          volume24hUsd: null,
          openInterest: { base: null, usd: null, long: null, short: null, longBase: null, shortBase: null, provenance: null },
        },
      });
    }
  });
  const depth = kit.job('depth', 'DEPTH', async (signal) => {
    for (const [id, sym] of symbols) {
      const b = await kit.http.json(`${opts.baseUrl}/book?symbol=${sym}`, Book, { signal });
      const side = (lv: Array<[string, string]>) => {
        let cum = 0;
        return lv.map(([p, s]) => {
          const price = num(p, 'price');
          const size = num(s, 'size');
          cum += price * size;
          return { price, size, sizeUsd: price * size, cumulativeSizeUsd: cum };
        });
      };
      const bids = side(b.bids);
      const asks = side(b.asks);
      const mid = (bids[0]!.price + asks[0]!.price) / 2;
      const book: OrderBook = {
        market: id,
        venue,
        kind: 'ORDER_BOOK',
        model: null,
        pricesIncludeFees: false,
        bids,
        asks,
        midPrice: mid,
        spreadBps: ((asks[0]!.price - bids[0]!.price) / mid) * 1e4,
        sequence: String(b.seq),
        stamp: stamp('DEPTH'),
      };
      kit.emit({ type: 'book', venue, book });
    }
  });

  return [metadata, funding, depth];
}
