import { describe, expect, it } from 'vitest';
import { HOT_FACTOR, oiPlan } from '../../../src/venues/aster/oi.js';

const MIN = 60_000;
// The defaults: 60 requests/min, 10 depth symbols, metadata every 10 min (3 reads + the clock + 10 snapshots).
const base = { budget: 60, windowMs: MIN, hot: 10, cold: 390, floorMs: MIN };

describe('Aster open-interest rotation plan (the periods the README states)', () => {
  it('stream up: 34 requests/min, the depth set every 3.2 min, all 400 symbols within 14 min', () => {
    const p = oiPlan({ ...base, reserved: (14 * MIN) / (10 * MIN) });
    expect(p.perWindow).toBe(34);
    expect(p.hotMs / MIN).toBeCloseTo(3.16, 2);
    expect(p.coldMs / MIN).toBeCloseTo(12.65, 2);
    expect(p.coldMs).toBeLessThanOrEqual(14 * MIN);
    // The plan spends exactly its share: hot/hotMs + cold/coldMs requests per window.
    expect((base.hot / p.hotMs + base.cold / p.coldMs) * MIN).toBeCloseTo(34, 9);
  });

  it('stream down (REST funding + depth fallbacks reserved): 16 requests/min, 26.9 min for 400', () => {
    const p = oiPlan({ ...base, reserved: 1.4 + 1 + 5 * 6 });
    expect(p.perWindow).toBe(16);
    expect(p.coldMs / MIN).toBeCloseTo(26.875, 3);
  });

  it('never below one request per window, and a small listing is not refreshed faster than the floor', () => {
    expect(oiPlan({ ...base, reserved: 200 }).perWindow).toBe(1);
    const small = oiPlan({ ...base, reserved: 1.4, hot: 3, cold: 0 });
    expect(small.hotMs).toBe(MIN);
    expect(small.coldMs).toBe(HOT_FACTOR * MIN);
  });
});
