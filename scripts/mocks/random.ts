/**
 * Deterministic randomness for the mock generator: one seeded PRNG, and only arithmetic that IEEE 754 rounds
 * identically on every platform (+ − × ÷ and sqrt; no exp/log/sin/pow, whose last bits may differ between engines).
 */

/** mulberry32: small, fast, deterministic uniform [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rnd = () => number;
const SQRT3 = Math.sqrt(3);
/** ≈ standard normal (Irwin–Hall n = 4, variance 1). */
export const normal = (rnd: Rnd): number => (rnd() + rnd() + rnd() + rnd() - 2) * SQRT3;
export const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/** Mean-reverting series (Ornstein–Uhlenbeck, Euler steps) with stationary std-dev `sd`. */
export function ou(rnd: Rnd, n: number, mean: number, sd: number, theta: number): number[] {
  const sigma = sd * Math.sqrt(2 * theta - theta * theta);
  const out: number[] = [];
  let x = mean;
  for (let i = 0; i < n; i++) {
    x += theta * (mean - x) + sigma * normal(rnd);
    out.push(x);
  }
  return out;
}
