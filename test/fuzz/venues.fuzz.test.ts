/**
 * Property tests over the Avantis and Jupiter decoders and normalizers, fed the way their connectors feed them
 * (fixed seed): random catalogs and RES:DATA diffs, Hermes updates, account buffers and pub/sub frames must never
 * throw untyped errors, never yield NaN/Infinity, and never yield a crossed or unsorted book.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Stamp } from '../../src/core/types.js';
import { CatalogState } from '../../src/venues/avantis/catalog.js';
import { parseUpdate } from '../../src/oracles/pyth.js';
import { funding, marketMeta, marketStats, pairId, syntheticBook } from '../../src/venues/avantis/normalize.js';
import { decodeAgPriceFeed, decodeCustody, decodePool, oraclePrice } from '../../src/venues/jupiter/decode.js';
import { CUSTODY_LAYOUT } from '../../src/venues/jupiter/layout.js';
import { jupFunding, marketBook, marketStats as jupStats } from '../../src/venues/jupiter/normalize.js';
import { hourlyBorrowRate } from '../../src/venues/jupiter/rates.js';
import { parsePubsub } from '../../src/venues/jupiter/protocol.js';
import { avantisFixture } from '../fakes/avantis/fixtures.js';
import { encodeFixed } from '../fakes/solana/encode.js';
import { CUSTODIES, custodyValues } from '../fakes/solana/scenario.js';
import { anyValue, expectSaneBook, findNonFinite, numberish, params, typedOrValue } from './arb.js';

const stamp: Stamp = { asOf: 0, slaMs: 1000, source: 'LIVE' };
const num = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: -1e9, max: 1e12, noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: numberish },
  { weight: 1, arbitrary: anyValue },
);
const side = fc.record({ long: num, short: num }, { requiredKeys: [] });
/** A pair diff: some of the fields RES:DATA carries, with hostile values now and then. */
const pairDiff = fc.record(
  {
    openInterest: side,
    coinOI: side,
    fundingRate: side,
    marginFee: side,
    spreadP: num,
    pairParams: fc.record({ onePercentDepthAbove: num, onePercentDepthBelow: num }, { requiredKeys: [] }),
    liquidity: fc.record({ buy: num, sell: num }, { requiredKeys: [] }),
    leverages: fc.record({ maxLeverage: num, pnlMaxLeverage: num }, { requiredKeys: [] }),
    feed: fc.record({ attributes: fc.record({ isOpen: fc.oneof(fc.boolean(), anyValue), nextOpen: num }, { requiredKeys: [] }) }),
    from: fc.oneof(fc.constantFrom('ETH', 'BTC_DEGEN', 'X.Y', ''), fc.string({ maxLength: 5 })),
  },
  { requiredKeys: [] },
);
const diff = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ pairInfos: fc.dictionary(fc.constantFrom('0', '1', '2', '3', '4', '9'), pairDiff, { maxKeys: 3 }) }),
  },
  { weight: 1, arbitrary: anyValue },
);

describe('Avantis under random catalogs and diffs (fixed seed)', () => {
  it('merging any diff sequence keeps every served record finite, typed on failure, books sane', () => {
    fc.assert(
      fc.property(fc.array(diff, { maxLength: 6 }), fc.double({ min: 1e-6, max: 1e6, noNaN: true }), (diffs, oracle) => {
        const s = new CatalogState();
        s.load(avantisFixture(), 'v2', 1);
        for (const d of diffs) typedOrValue(() => s.apply(d, 2));
        for (const [, p] of s.pairs) {
          const id = pairId(p);
          if (!id) continue;
          for (const src of ['v2', 'legacy'] as const) {
            const meta = typedOrValue(() => marketMeta(p, id, src, s.group(p.groupIndex)));
            const f = typedOrValue(() => funding(p, id, src, stamp));
            const st = typedOrValue(() => marketStats(p, { price: oracle, conf: 0, publishTime: 0 }, null));
            expect(findNonFinite([meta, f, st])).toBeNull();
          }
          const b = typedOrValue(() => syntheticBook(p, id, oracle, stamp));
          if (b) expectSaneBook(b);
        }
      }),
      params(300),
    );
  });

  it('a random catalog body is loaded or refused with a typed error', () => {
    fc.assert(
      fc.property(
        fc.oneof(anyValue, fc.record({ pairInfos: fc.dictionary(fc.string({ maxLength: 2 }), pairDiff) }), fc.record({ data: anyValue })),
        (body) => {
          const s = new CatalogState();
          const r = typedOrValue(() => s.load(body, 'v2', 1));
          if (r) for (const x of r.rejected) expect(x.error.code).toBe('SCHEMA');
        },
      ),
      params(300),
    );
  });

  it('Hermes updates: finite prices or a typed error', () => {
    const price = fc.record({
      price: fc.oneof(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String), fc.string({ maxLength: 4 })),
      conf: fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 20n }).map(String), anyValue),
      expo: fc.oneof(fc.integer({ min: -40, max: 40 }), anyValue),
      publish_time: fc.oneof(fc.integer({ min: 0, max: 2 ** 40 }), anyValue),
    });
    fc.assert(
      fc.property(fc.oneof(fc.record({ parsed: fc.array(fc.record({ id: fc.string(), price }), { maxLength: 3 }) }), anyValue), (u) => {
        const m = typedOrValue(() => parseUpdate(u));
        if (m) expect(findNonFinite([...m.values()])).toBeNull();
      }),
      params(300),
    );
  });
});

describe('Jupiter under random account bytes and frames (fixed seed)', () => {
  const base = encodeFixed(CUSTODY_LAYOUT, custodyValues(Object.values(CUSTODIES)[0]!), 1117);

  it('random buffers: a decoded record or a typed error, never a half record', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1200 }), fc.boolean(), (bytes, keepDiscriminator) => {
        const buf = Buffer.from(bytes);
        if (keepDiscriminator && buf.length >= 8) base.copy(buf, 0, 0, 8);
        typedOrValue(() => decodeCustody(buf));
        typedOrValue(() => decodeAgPriceFeed(buf));
        typedOrValue(() => decodePool(buf));
      }),
      params(300),
    );
  });

  it('a custody with random field bytes: finite borrow rates, stats and a sane book, or a typed error', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 8, max: 1116 }), fc.integer({ min: 0, max: 255 })), { maxLength: 40 }),
        fc.double({ min: 1e-6, max: 1e7, noNaN: true }),
        (pokes, mark) => {
          const buf = Buffer.from(base);
          for (const [at, v] of pokes) buf[at] = v;
          const c = typedOrValue(() => decodeCustody(buf));
          if (!c) return;
          const rate = typedOrValue(() => hourlyBorrowRate(c));
          if (rate !== undefined) expect(rate >= 0n).toBe(true);
          const f = typedOrValue(() => jupFunding('jupiter:SOL-USD-PERP', c, c, stamp));
          const s = typedOrValue(() => jupStats(c, mark, null));
          expect(findNonFinite([f, s])).toBeNull();
          const b = typedOrValue(() => marketBook('jupiter:SOL-USD-PERP', c, c, mark, 1, stamp, '1'));
          if (b) expectSaneBook(b);
        },
      ),
      params(300),
    );
  });

  it('pub/sub frames: classified, never thrown', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          anyValue.map((v) => JSON.stringify({ jsonrpc: '2.0', method: 'accountNotification', params: v })),
        ),
        (t) => {
          const f = parsePubsub(typeof t === 'string' ? t : String(t));
          expect(['ack', 'notification', 'error', 'malformed', 'other']).toContain(f.kind);
        },
      ),
      params(300),
    );
  });

  it('oracle prices from random feeds are finite or typed', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.integer({ min: -128, max: 127 }), (price, expo) => {
        const v = typedOrValue(() => oraclePrice({ price, expo }));
        if (v !== undefined) expect(Number.isFinite(v)).toBe(true);
      }),
      params(300),
    );
  });
});

describe('Avantis and Jupiter: fuzz findings (fixed; kept as regression tests)', () => {
  const eth = () => structuredClone((avantisFixture().pairInfos as Record<string, Record<string, unknown>>)['0']!);

  it('A: spreadP 0 and dust side capacity never lock the book at the oracle (found: bid = ask = 1e-6)', () => {
    const p = { ...eth(), spreadP: 0, liquidity: { buy: 5e-324, sell: 5e-324 } };
    const s = new CatalogState();
    s.load({ pairInfos: { '0': p } }, 'v2', 1);
    const b = syntheticBook(s.pairs.get('0')!, 'avantis:ETH-USD-PERP', 0.000001, stamp)!;
    expect(b.bids).toEqual([]);
    expect(b.asks).toEqual([]);
  });

  it('B: a negative spreadP is a typed error and no book, funding still served (found: a crossed book)', () => {
    const s = new CatalogState();
    s.load({ pairInfos: { '0': { ...eth(), spreadP: -0.001 } } }, 'v2', 1);
    const p = s.pairs.get('0')!;
    expect(() => syntheticBook(p, 'avantis:ETH-USD-PERP', 0.1, stamp)).toThrow(expect.objectContaining({ code: 'INVALID_NUMBER' }));
    expect(funding(p, 'avantis:ETH-USD-PERP', 'v2', stamp).longRatePerHour).toBeCloseTo(-0.000025, 15);
  });

  it('C: where the Jupiter impact fee is capped, levels stay sorted (found: a bid 2 ulp above the one before)', () => {
    const c = decodeCustody(encodeFixed(CUSTODY_LAYOUT, custodyValues(Object.values(CUSTODIES)[0]!), 1117));
    expectSaneBook(marketBook('jupiter:SOL-USD-PERP', c, c, 0.012469445068664181, 1, stamp, '1'));
  });
});
