/**
 * Mock mode and live mode serve the same shape: for each venue, the mock connector (dataset rows through the venue's
 * own normalizers) and the live connector over its fake venue server emit, for a market both list, the same non-null
 * fields, the same flags (up to per-market values such as addresses), the same depth kind and model, and the same
 * number of levels. Values differ (the dataset is not the fake's scenario); the shape may not.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Timings } from '../../src/core/cadence.js';
import type { Connector } from '../../src/core/connector.js';
import type { ConnectorEvent, FundingRate, MarketMeta, MarketStats, OrderBook, Venue } from '../../src/core/types.js';
import { registry } from '../../src/venues/registry.js';
import { createMockConnector } from '../../src/mocks/connector.js';
import { until } from '../contract/connector.contract.js';
import { asterUnderTest } from '../venues/aster/setup.js';
import { avantisUnderTest } from '../venues/avantis/setup.js';
import { jupUnderTest } from '../venues/jupiter/setup.js';
import { synUnderTest } from '../venues/synfutures/setup.js';
import { hyperliquidUnderTest } from '../venues/hyperliquid/setup.js';

const FAST: Timings = {
  FUNDING: { cadenceMs: 200, slaMs: 3000 },
  MARK: { cadenceMs: 200, slaMs: 3000 },
  DEPTH: { cadenceMs: 200, slaMs: 3000 },
  METADATA: { cadenceMs: 1000, slaMs: 10_000 },
};

interface Seen {
  /** Events seen per market (a live venue fills optional sources over its first cadences). */
  count: Map<string, number>;
  meta: Map<string, MarketMeta>;
  funding: Map<string, FundingRate>;
  stats: Map<string, MarketStats>;
  books: Map<string, OrderBook>;
}

function recorder(): { seen: Seen; emit: (e: ConnectorEvent) => void } {
  const seen: Seen = { count: new Map(), meta: new Map(), funding: new Map(), stats: new Map(), books: new Map() };
  const emit = (e: ConnectorEvent): void => {
    if (e.type === 'metadata') for (const m of e.markets) seen.meta.set(m.id, m);
    if (e.type === 'funding') seen.funding.set(e.funding.market, e.funding);
    if (e.type === 'stats') {
      seen.stats.set(e.market, e.stats);
      seen.count.set(e.market, (seen.count.get(e.market) ?? 0) + 1);
    }
    if (e.type === 'book') seen.books.set(e.book.market, e.book);
  };
  return { seen, emit };
}

/** Paths of the non-null leaves (arrays: their first element's paths, or `[]` when empty). */
function nonNull(v: unknown, path = ''): string[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v.length ? nonNull(v[0], `${path}[]`) : [`${path}[]empty`];
  if (typeof v === 'object')
    return Object.entries(v)
      .flatMap(([k, x]) => nonNull(x, path ? `${path}.${k}` : k))
      .sort();
  return [path];
}

/** A flag without its per-market value (an address, a mint): the flag's family. */
const family = (flag: string): string => flag.replace(/_[A-Za-z0-9]{24,}$/, '_<key>');

/** Every record of the market seen, after a few stats cadences (optional live sources such as 24 h volume arrive late). */
const ready = (s: Seen, id: string) => s.meta.has(id) && s.funding.has(id) && s.books.has(id) && (s.count.get(id) ?? 0) >= 4;

async function compare(venue: Venue, live: Connector, prefer: string): Promise<void> {
  const l = recorder();
  const m = recorder();
  const mock = createMockConnector(venue, { now: Date.now, timings: FAST, mock: registry[venue].mock });
  try {
    await live.start({ emit: l.emit });
    await mock.start({ emit: m.emit });
    await until(() => ready(l.seen, prefer) && ready(m.seen, prefer), `${venue}: ${prefer} from both planes`, 8000);
    // Optional live sources (e.g. a 24 h volume API) may answer a few cadences after the first record: give them time.
    const filled = () => nonNull(l.seen.stats.get(prefer)).length >= nonNull(m.seen.stats.get(prefer)).length;
    await until(filled, `${venue}: live stats filled`, 10_000).catch(() => undefined);
    const pick = <T>(x: Map<string, T>, y: Map<string, T>) => [x.get(prefer)!, y.get(prefer)!] as const;
    const [lm, mm] = pick(l.seen.meta, m.seen.meta);
    expect(nonNull(mm), 'metadata non-null fields').toEqual(nonNull(lm));
    expect([...mm.missing].sort(), 'metadata missing').toEqual([...lm.missing].sort());
    expect(mm.flags.map(family).sort(), 'flags').toEqual(lm.flags.map(family).sort());
    const [lf, mf] = pick(l.seen.funding, m.seen.funding);
    expect(nonNull({ ...mf, stamp: null, provenance: null }), 'funding non-null fields').toEqual(
      nonNull({ ...lf, stamp: null, provenance: null }),
    );
    expect(mf.model).toBe(lf.model);
    const [ls, ms] = pick(l.seen.stats, m.seen.stats);
    // The oracle cross-check (src/oracles/deviation.ts) reads public oracles live; the dataset carries none, so mock
    // mode serves oracle null by design (docs/venues/synfutures.md §8a).
    expect(nonNull({ ...ms, oracle: null }), 'stats non-null fields').toEqual(nonNull({ ...ls, oracle: null }));
    const [lb, mb] = pick(l.seen.books, m.seen.books);
    expect([mb.kind, mb.model, mb.bids.length, mb.asks.length], 'depth kind, model, levels').toEqual([
      lb.kind,
      lb.model,
      lb.bids.length,
      lb.asks.length,
    ]);
    expect(nonNull({ ...mb, stamp: null, bids: null, asks: null }), 'book non-null fields').toEqual(
      nonNull({ ...lb, stamp: null, bids: null, asks: null }),
    );
  } finally {
    await mock.dispose();
  }
}

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0)) await f();
});

describe('mock mode serves what live mode serves (same shape per venue)', () => {
  it('aster', async () => {
    const t = await asterUnderTest();
    cleanup.push(
      () => t.connector.dispose(),
      () => t.fake.close(),
    );
    await compare('aster', t.connector, 'aster:BTC-USD-PERP');
  });
  it('avantis', async () => {
    const t = await avantisUnderTest();
    cleanup.push(
      () => t.connector.dispose(),
      () => t.fake.close(),
    );
    await compare('avantis', t.connector, 'avantis:ETH-USD-PERP');
  });
  it('jupiter', async () => {
    const t = await jupUnderTest();
    cleanup.push(
      () => t.connector.dispose(),
      () => t.fake.close(),
    );
    await compare('jupiter', t.connector, 'jupiter:SOL-USD-PERP');
  });
  it('synfutures', async () => {
    const t = await synUnderTest();
    cleanup.push(
      () => t.connector.dispose(),
      () => t.fake.close(),
    );
    await compare('synfutures', t.connector, 'synfutures:BTC-USD-PERP');
  });
  it('hyperliquid', async () => {
    const t = await hyperliquidUnderTest();
    cleanup.push(
      () => t.connector.dispose(),
      () => t.fake.close(),
    );
    await compare('hyperliquid', t.connector, 'hyperliquid:BTC-USD-PERP');
  });
});
