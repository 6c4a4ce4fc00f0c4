/**
 * Instrument state for the fake Base node, and the venue-side AMM math it answers with: an exact
 * concentrated-liquidity swap for `Instrument.inquire` (range liquidity solved in closed form inside each tick
 * interval, resting orders filled at their tick), and `Observer.liquidityDetails` from the same pearls. Written
 * independently of the connector's level walk (src/venues/synfutures/depth.ts) so the tolerance test compares two
 * implementations of the documented model (docs/venues/synfutures.md §9).
 */
export const PERP = 0xffffffff;
export const WAD = 10n ** 18n;
const Q96 = 2 ** 96;

export interface Pearl {
  liquidityNet: bigint;
  left: bigint;
}

export interface FakeAmm {
  expiry: number;
  status: number;
  /** Last funding update, unix s. */
  timestamp: number;
  sqrtPX96: bigint;
  /** Active range liquidity at the current price (WAD-scaled L). */
  liquidity: bigint;
  totalLong: bigint;
  totalShort: bigint;
  openInterests: bigint;
  insuranceFund: bigint;
  mark: bigint;
  pearls: Map<number, Pearl>;
}

export interface FakeInstrument {
  address: `0x${string}`;
  symbol: string;
  quote: { address: `0x${string}`; decimals: number; stable: boolean };
  imrBps: number;
  mmrBps: number;
  tradingFeeRatio: number;
  protocolFeeRatio: number;
  minMarginAmount: bigint;
  spot: bigint;
  condition: number;
  /** null: the instrument predates `fundingHour()` and the call reverts. */
  fundingHour: number | null;
  placePaused: boolean;
  amms: FakeAmm[];
  /** The price feeder's Chainlink aggregator and heartbeat (PriceFeeder.aggregator0/heartBeat0); unset = zero address. */
  aggregator?: { address: `0x${string}`; heartbeatS: number };
}

/** Integer sqrt (Newton from above). */
export function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt((n.toString(2).length >> 1) + 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** WAD from a decimal number (exact for the decimal digits given). */
export function wad(x: number | string): bigint {
  const s = typeof x === 'number' ? x.toFixed(12) : x;
  const [i, f = ''] = s.replace('-', '').split('.');
  const v = BigInt(i!) * WAD + BigInt((f + '0'.repeat(18)).slice(0, 18));
  return s.startsWith('-') ? -v : v;
}

export const sqrtX96OfWad = (priceWad: bigint): bigint => isqrt((priceWad << 192n) / WAD);
export const fairWad = (sqrtPX96: bigint): bigint => (sqrtPX96 * sqrtPX96 * WAD) >> 192n;
const sqrtOfTick = (t: number): number => Math.pow(1.0001, t / 2);
/** The tick whose interval holds a sqrt price. */
export function tickOf(sqrtPX96: bigint): number {
  const s = Number(sqrtPX96) / Q96;
  let t = Math.floor((2 * Math.log(s)) / Math.log(1.0001));
  while (sqrtOfTick(t + 1) <= s) t++;
  while (sqrtOfTick(t) > s) t--;
  return t;
}

export interface PerpSpec {
  /** AMM fair price (quote per base). */
  fair: number;
  /** Per-period funding rate (fair − mark)/mark used to derive the mark. */
  rate?: number;
  /** Explicit mark (overrides `rate`). */
  mark?: number;
  totalLong: number;
  totalShort: number;
  insurance: number;
  /** Base amount per 5-tick band of the wide range (sets L). */
  bandBase: number;
  /** Extra resting orders: [tick offset from the aligned current tick, signed base size]. */
  orders?: Array<[number, number]>;
  status?: number;
  expiry?: number;
}

/** Build an AMM: a wide range ±2000 ticks, a narrow one ±40 ticks adding 50 %, plus resting orders. */
export function buildAmm(p: PerpSpec, nowS: number): FakeAmm {
  const sqrtPX96 = sqrtX96OfWad(wad(p.fair.toPrecision(15)));
  const t0 = tickOf(sqrtPX96);
  const s = Number(sqrtPX96) / Q96;
  // bandBase ≈ L · (1/√p − 1/√(p·1.0001^5)) → L.
  const L1 = p.bandBase / ((1 / s) * (1 - 1 / Math.sqrt(1.0001 ** 5)));
  const L1w = BigInt(Math.round(L1 * 1e6)) * 10n ** 12n;
  const L2w = L1w / 2n;
  const pearls = new Map<number, Pearl>();
  const add = (t: number, net: bigint, left = 0n) => {
    const cur = pearls.get(t) ?? { liquidityNet: 0n, left: 0n };
    pearls.set(t, { liquidityNet: cur.liquidityNet + net, left: cur.left + left });
  };
  const aligned = Math.floor(t0 / 5) * 5;
  add(aligned - 2000, L1w);
  add(aligned + 2000, -L1w);
  add(aligned - 40, L2w);
  add(aligned + 40, -L2w);
  for (const [off, size] of p.orders ?? []) add(aligned + off, 0n, wad(size));
  const fair = fairWad(sqrtPX96);
  const mark = p.mark !== undefined ? wad(p.mark.toPrecision(15)) : (fair * WAD) / wad((1 + (p.rate ?? 0)).toFixed(15));
  return {
    expiry: p.expiry ?? PERP,
    status: p.status ?? 1,
    timestamp: nowS,
    sqrtPX96,
    liquidity: L1w + L2w,
    totalLong: wad(p.totalLong),
    totalShort: wad(p.totalShort),
    openInterests: wad(Math.max(p.totalLong, p.totalShort) * 1.7),
    insuranceFund: wad(p.insurance),
    mark,
    pearls,
  };
}

/** `Observer.liquidityDetails`: curve state plus the pearls within ±tickDelta of the current tick. */
export function liquidityDetails(amm: FakeAmm, tickDelta: number) {
  const tick = tickOf(amm.sqrtPX96);
  const tids = [...amm.pearls.keys()].filter((t) => Math.abs(t - tick) <= tickDelta).sort((a, b) => a - b);
  return { amm: { sqrtPX96: amm.sqrtPX96, tick, liquidity: amm.liquidity }, tids, pearls: tids.map((t) => amm.pearls.get(t)!) };
}

export class Revert extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** `Instrument.inquire(expiry, size)`: exact swap of a signed base size (WAD) through ranges and resting orders. */
export function inquire(amm: FakeAmm, size: bigint): { entryNotional: bigint; sqrtPostFairPX96: bigint; postTick: number } {
  const up = size > 0n;
  let rem = Number(size < 0n ? -size : size) / 1e18;
  let s = Number(amm.sqrtPX96) / Q96;
  let L = Number(amm.liquidity) / 1e18;
  let quote = 0;
  const t0 = tickOf(amm.sqrtPX96);
  const ticks = [...amm.pearls.keys()].filter((t) => (up ? t > t0 : t <= t0)).sort((a, b) => (up ? a - b : b - a));
  for (const t of ticks) {
    if (rem <= 0) break;
    const sT = sqrtOfTick(t);
    const avail = L > 0 ? L * Math.abs(1 / s - 1 / sT) : 0;
    if (rem <= avail) {
      const sF = up ? 1 / (1 / s - rem / L) : 1 / (1 / s + rem / L);
      quote += L * Math.abs(sF - s);
      s = sF;
      rem = 0;
      break;
    }
    rem -= avail;
    quote += L * Math.abs(sT - s);
    s = sT;
    const p = amm.pearls.get(t)!;
    const left = Number(p.left) / 1e18;
    if (up ? left < 0 : left > 0) {
      const fill = Math.min(rem, Math.abs(left));
      quote += fill * sT * sT;
      rem -= fill;
    }
    L += (up ? 1 : -1) * (Number(p.liquidityNet) / 1e18);
  }
  if (rem > 1e-12) throw new Revert('insufficient liquidity');
  const post = BigInt(Math.round(s * Q96));
  return { entryNotional: BigInt(Math.round(quote * 1e18)), sqrtPostFairPX96: post, postTick: tickOf(post) };
}
