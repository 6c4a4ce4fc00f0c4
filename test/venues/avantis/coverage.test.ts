/**
 * Avantis coverage (issue 19 item 4, docs/venues/avantis.md §7): every listed pair has funding (per-side funding +
 * margin fee), open interest (catalog, both sides) and a book (SYNTHETIC, from the one-percent depth and spread at the
 * oracle price). What cannot have one, and why: a pair priced only by a Pyth Lazer feed (all-zero Hermes id) has no
 * oracle price the gateway reads, so no mark and no book (funding and OI still come from the catalog); on the legacy
 * catalog fallback funding is null (that catalog has no funding fields).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../../contract/connector.contract.js';
import { coverageGaps, fullyCovered } from '../../contract/every-market.js';
import { avantisUnderTest } from './setup.js';

type T = Awaited<ReturnType<typeof avantisUnderTest>>;
let t: T | null = null;
afterEach(async () => {
  await t?.connector.dispose();
  await t?.fake.close();
  t = null;
});

type Obj = Record<string, unknown>;

describe('Avantis: funding, open interest and a book for every listed market', () => {
  it('every pair the fake lists (crypto, FX, a variant) has all three', async () => {
    t = await avantisUnderTest();
    await t.connector.start({ emit: () => undefined });
    await until(() => fullyCovered(t!.connector, 5), 'funding, OI and a book for every listed market', 10_000);
    const ids = [...(await coverageGaps(t.connector)).keys()].sort();
    expect(ids).toEqual([
      'avantis:BTC-USD-PERP',
      'avantis:ETH-USD-PERP',
      'avantis:ETH-USD-PERP-UPSIDE',
      'avantis:EUR-USD-PERP',
      'avantis:SOL-USD-PERP',
    ]);
  });

  it('a pair priced only by a Lazer feed has funding and OI but no book (no oracle price to centre it on)', async () => {
    t = await avantisUnderTest(
      {},
      {
        before: (f) => {
          const pairs = f.catalog.pairInfos as Record<string, Obj>;
          const btc = structuredClone(pairs['1']!);
          pairs['7'] = {
            ...btc,
            index: 7,
            from: 'HYPE',
            feed: { feedId: `0x${'0'.repeat(64)}`, attributes: (btc.feed as Obj).attributes },
          };
        },
      },
    );
    await t.connector.start({ emit: () => undefined });
    await until(async () => {
      const g = await coverageGaps(t!.connector);
      return g.size === 6 && [...g].every(([id, m]) => (id === 'avantis:HYPE-USD-PERP' ? m.join() === 'book' : m.length === 0));
    }, 'the Lazer-only pair lacks only its book');
    const [s] = await t.connector.getStats(['avantis:HYPE-USD-PERP']);
    expect(s).toMatchObject({ markPrice: null, openInterest: { long: 1_800_000, short: 2_700_000 } });
  });

  it('on the legacy catalog fallback funding is null (the legacy catalog has no funding fields); OI and books stay', async () => {
    t = await avantisUnderTest();
    t.fake.data.fault('/v2/trading', { kind: 'status', status: 503 }, Infinity);
    await t.connector.start({ emit: () => undefined });
    await until(async () => {
      const g = await coverageGaps(t!.connector);
      return g.size === 5 && [...g.values()].every((m) => m.join() === 'funding.costPerHour' || m.join() === 'funding');
    }, 'every market lacks funding only');
  });
});
