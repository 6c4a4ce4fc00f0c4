import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { VENUES } from '../../src/venues/registry.js';
import { datasetPath, parseDataset } from '../../src/mocks/dataset.js';
import { generateDataset, serializeDataset } from '../../scripts/mocks/generate.js';
import { generateMockDatasets } from '../../scripts/generate-mocks.js';

describe('mock dataset generator', () => {
  it('is deterministic: two runs give identical bytes, and it never calls Math.random', async () => {
    const random = vi.spyOn(Math, 'random');
    try {
      for (const venue of VENUES) {
        const a = serializeDataset(await generateDataset(venue, { hours: 2 }));
        const b = serializeDataset(await generateDataset(venue, { hours: 2 }));
        expect(a).toBe(b);
      }
      expect(random).not.toHaveBeenCalled();
    } finally {
      random.mockRestore();
    }
  });

  it.each(VENUES)('%s: the committed dataset is exactly what the generator produces (the files cannot drift)', async (venue) => {
    expect(readFileSync(datasetPath(venue), 'utf8')).toBe(serializeDataset(await generateDataset(venue)));
  });

  it('the script checks the committed files without writing, and reports progress per market', async () => {
    const lines: string[] = [];
    const res = await generateMockDatasets({ venues: ['jupiter'], check: true, log: (l) => lines.push(l) });
    expect(res).toEqual([
      { venue: 'jupiter', path: datasetPath('jupiter'), bytes: readFileSync(datasetPath('jupiter')).length, upToDate: true },
    ]);
    expect(lines).toEqual([
      '  [jupiter 1/3] jupiter:SOL-USD-PERP',
      '  [jupiter 2/3] jupiter:ETH-USD-PERP',
      '  [jupiter 3/3] jupiter:BTC-USD-PERP',
      `[1/1] jupiter: ${(res[0]!.bytes / 1024).toFixed(0)} KB up to date`,
    ]);
  });

  it('a shorter horizon keeps the cadences: funding every minute, snapshots every 5 minutes, 10 levels', async () => {
    const d = parseDataset(serializeDataset(await generateDataset('synfutures', { hours: 2 })), 'in-memory');
    const s = d.series['synfutures:BTC-USD-PERP']!;
    expect([d.hours, d.fundingStepMs, d.snapStepMs, d.levels]).toEqual([2, 60_000, 300_000, 10]);
    expect(s.funding.rate).toHaveLength(120);
    expect(s.mark).toHaveLength(24);
    expect(s.book.bidSize).toHaveLength(24 * 10 * s.book.sizeWidth);
  });

  it('writes pure ASCII (non-ASCII text is \\u-escaped) and stays well under 3 MB per venue', () => {
    for (const venue of VENUES) {
      const bytes = readFileSync(datasetPath(venue));
      expect(
        bytes.every((b) => b < 0x80),
        venue,
      ).toBe(true);
      expect(bytes.length, venue).toBeLessThan(3 * 1024 * 1024);
    }
    expect(JSON.parse(readFileSync(datasetPath('aster'), 'utf8')).markets[0].risk.insuranceFund.source).toBe(
      'Aster publishes no insurance-fund endpoint (venues/aster.md §0.6, §2.12)',
    );
  });
});

const good = serializeDataset(await generateDataset('aster', { hours: 1 }));
describe('mock dataset loader', () => {
  const tamper = (f: (d: Record<string, unknown>) => void) => {
    const d = JSON.parse(good) as Record<string, unknown>;
    f(d);
    return JSON.stringify(d);
  };
  const series = (d: Record<string, unknown>) => (d.series as Record<string, Record<string, unknown>>)['aster:BTC-USD-PERP']!;

  it('accepts the generated dataset', () => {
    expect(parseDataset(good, 'x').markets.map((m) => m.id)).toContain('aster:BTC-USD-PERP');
  });

  it.each([
    ['a wrong version', (d: Record<string, unknown>) => (d.version = 1), 'x: invalid mock dataset at version'],
    [
      'a non-finite funding value',
      (d: Record<string, unknown>) => ((series(d).funding as Record<string, unknown[]>).rate![3] = null),
      'x: invalid mock dataset at series.aster:BTC-USD-PERP.funding.rate: expected an array of finite numbers',
    ],
    [
      'a missing funding row',
      (d: Record<string, unknown>) => (series(d).funding as Record<string, unknown[]>).rate!.pop(),
      'x: invalid mock dataset: aster:BTC-USD-PERP: funding.rate must have 60 rows',
    ],
    [
      'book offsets that do not increase outwards',
      (d: Record<string, unknown>) => {
        const b = series(d).book as { bidOff: string; offWidth: number };
        const w = b.offWidth;
        b.bidOff = b.bidOff.slice(0, w) + b.bidOff.slice(0, w) + b.bidOff.slice(2 * w);
      },
      'x: invalid mock dataset: aster:BTC-USD-PERP: book offsets must increase outwards (level 1)',
    ],
    [
      'a zero book size',
      (d: Record<string, unknown>) => {
        const b = series(d).book as { askSize: string; sizeWidth: number };
        b.askSize = '0'.repeat(b.sizeWidth) + b.askSize.slice(b.sizeWidth);
      },
      'x: invalid mock dataset: aster:BTC-USD-PERP: book sizes must be positive (level 0)',
    ],
    [
      'a market with an undeclared field',
      (d: Record<string, unknown>) => ((d.markets as Array<Record<string, unknown>>)[0]!.extra = 1),
      'x: invalid mock dataset at markets.0',
    ],
  ])('rejects %s with a message naming the file and the problem', (_what, f, message) => {
    expect(() => parseDataset(tamper(f), 'x')).toThrow(message);
  });
});
