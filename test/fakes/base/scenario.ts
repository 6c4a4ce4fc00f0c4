/** The default fake Base state from test/fixtures/synfutures/instruments.json (docs/venues/synfutures.md §3). */
import { readFileSync } from 'node:fs';
import { getAddress } from 'viem';
import { BASE, type FakeBase } from './index.js';
import { buildAmm, wad, type FakeInstrument } from './amm.js';
import type { HourlySeries } from './subgraph.js';

export interface FixtureRow {
  address: `0x${string}`;
  symbol: string;
  quote: 'USDC' | 'WETH';
  fair: number;
  rate: number;
  fundingHour: number | null;
  imrBps: number;
  mmrBps: number;
  tradingFeeRatio: number;
  protocolFeeRatio: number;
  minMargin: number;
  insurance: number;
  totalLong: number;
  totalShort: number;
  bandBase: number;
  orders: Array<[number, number]>;
  spot: number;
  volumePerHour: number;
  condition: number;
  placePaused: boolean;
  expiry: number | null;
  later?: boolean;
}

export const FIXTURE: FixtureRow[] = (
  JSON.parse(readFileSync(new URL('../../fixtures/synfutures/instruments.json', import.meta.url), 'utf8')) as { instruments: FixtureRow[] }
).instruments;

export const row = (symbol: string): FixtureRow => {
  const r = FIXTURE.find((x) => x.symbol === symbol);
  if (!r) throw new Error(`no fixture row ${symbol}`);
  return r;
};

/** Build a fake instrument from a fixture row (overrides allowed). */
export function instrumentOf(r: FixtureRow, nowS = Math.floor(Date.now() / 1000)): FakeInstrument {
  return {
    address: getAddress(r.address.toLowerCase()),
    symbol: r.symbol,
    quote: r.quote === 'USDC' ? { address: BASE.usdc, decimals: 6, stable: true } : { address: BASE.weth, decimals: 18, stable: false },
    imrBps: r.imrBps,
    mmrBps: r.mmrBps,
    tradingFeeRatio: r.tradingFeeRatio,
    protocolFeeRatio: r.protocolFeeRatio,
    minMarginAmount: wad(r.minMargin),
    spot: wad(r.spot),
    condition: r.condition,
    fundingHour: r.fundingHour,
    placePaused: r.placePaused,
    amms: [
      buildAmm(
        {
          fair: r.fair,
          rate: r.rate,
          totalLong: r.totalLong,
          totalShort: r.totalShort,
          insurance: r.insurance,
          bandBase: r.bandBase,
          orders: r.orders,
          ...(r.expiry ? { expiry: r.expiry } : {}),
        },
        nowS,
      ),
    ],
  };
}

/** Hourly subgraph series matching a row: the payer pays |rate|/fundingHour per hour, the receiver gets it scaled by OI. */
export function seriesOf(r: FixtureRow): HourlySeries {
  const fh = r.fundingHour || 24;
  const payer = Math.abs(r.rate) / fh;
  const longPays = r.rate > 0;
  const recv = longPays ? (payer * r.totalLong) / r.totalShort : (payer * r.totalShort) / r.totalLong;
  return {
    mark: r.fair / (1 + r.rate),
    longCostPerHour: longPays ? payer : -recv,
    shortCostPerHour: longPays ? -recv : payer,
    volumePerHour: r.volumePerHour,
  };
}

/** Seed every fixture instrument except the `later` ones. */
export function seedDefault(fake: FakeBase): FakeBase {
  for (const r of FIXTURE) if (!r.later) fake.add(instrumentOf(r), seriesOf(r));
  return fake;
}
