import { parse, validate, specifiedRules } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '../../src/gateway/graphql/schema.js';
import { DEFAULT_LIMITS, IpRateLimiter, limitsRule } from '../../src/gateway/graphql/limits.js';

const schema = buildSchema();
const check = (q: string, vars: Record<string, unknown> = {}) =>
  validate(schema, parse(q), [...specifiedRules, limitsRule(DEFAULT_LIMITS, () => vars)]).map((e) => e.message);

describe('query limits (refused before execution, with an error naming the limit)', () => {
  it('allows the README queries, including markets over every market with funding and depth', () => {
    expect(
      check(
        '{ markets { id venue markPrice funding { ratePerHour annualizedRate intervalHours model freshness { source } } depth { kind bids { price size } } } }',
      ),
    ).toEqual([]);
    expect(
      check(
        '{ fundingSpreads(base: "BTC", notionalUsd: 10000, holdHours: 24) { long { venue market { id } costPerHour feeRate slippageBps freshness { stale } } short { venue costPerHour } netCarryApr netExpectedPnlUsd breakEvenHours capacityUsd } }',
      ),
    ).toEqual([]);
  });

  it('refuses nested lists that multiply (cost)', () => {
    const errs = check(
      '{ markets { fundingHistory(window: D90) { points { time ratePerHour annualizedRate rate longCostPerHour shortCostPerHour } } } }',
    );
    expect(errs.join()).toMatch(/query cost \d+ exceeds the maximum cost of 100000/);
  });

  it('refuses alias bombs', () => {
    const q = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: schemaVersion`).join(' ')} }`;
    expect(check(q).join()).toContain('query uses 40 aliases; the maximum is 30');
  });

  it('refuses queries deeper than the maximum depth', () => {
    const q = '{ fundingSpreads(base: "BTC") { long { market { funding { freshness { asOf } } } } } }';
    expect(check(q)).toEqual([]);
    const deep = validate(schema, parse(q), [limitsRule({ ...DEFAULT_LIMITS, maxDepth: 4 })]).map((e) => e.message);
    expect(deep.join()).toContain('query depth 6 exceeds the maximum depth of 4');
  });

  it('counts variables for list sizes (levels)', () => {
    const q =
      'query($l: Int) { markets { depth(levels: $l) { bids { price size sizeUsd cumulativeSizeUsd } asks { price size sizeUsd cumulativeSizeUsd } } } }';
    const strict = (vars: Record<string, unknown>) =>
      validate(schema, parse(q), [limitsRule({ ...DEFAULT_LIMITS, maxCost: 50_000 }, () => vars)]).map((e) => e.message);
    expect(strict({ l: 5 })).toEqual([]);
    expect(strict({ l: 50 }).join()).toContain('exceeds the maximum cost of 50000');
  });
});

describe('per-IP HTTP rate limit', () => {
  it('allows N per rolling minute per address, then asks to wait; 0 disables it', () => {
    let t = 0;
    const lim = new IpRateLimiter(3, () => t);
    expect([lim.take('a'), lim.take('a'), lim.take('a')]).toEqual([0, 0, 0]);
    expect(lim.take('a')).toBe(60_000);
    expect(lim.take('b')).toBe(0);
    t = 60_001;
    expect(lim.take('a')).toBe(0);
    const off = new IpRateLimiter(0, () => t);
    for (let i = 0; i < 100; i++) expect(off.take('x')).toBe(0);
  });
});
