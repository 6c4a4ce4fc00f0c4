/**
 * The scout and the unit fixes through the real gateway in mock mode: Jupiter legs count their fee once, rows say
 * what they miss and their coverage, and the WETH-quoted SynFutures market serves USD prices with the native ones
 * in their own fields.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../src/gateway/server.js';
import { gql, testGateway } from '../gateway/harness.js';

interface Leg {
  venue: string;
  feeRate: number | null;
  feeModel: string;
  slippageBps: number | null;
  incomplete: string[];
  market: { id: string; flags: string[]; depth: { pricesIncludeFees: boolean } | null };
}
interface Row {
  long: Leg;
  short: Leg;
  netExpectedPnlUsd: number | null;
  incomplete: string[];
  spreadSamples7d: number;
  spreadCoverage7d: number;
  spreadMeanApr7d: number | null;
}
const LEG = 'venue feeRate feeModel slippageBps incomplete market { id flags depth { pricesIncludeFees } }';
const spreads = (args: string) =>
  `{ fundingSpreads(base: "BTC", mode: MOCK, limit: 100, ${args}) { long { ${LEG} } short { ${LEG} } netExpectedPnlUsd incomplete spreadSamples7d spreadCoverage7d spreadMeanApr7d } }`;

describe('scout and units in mock mode', () => {
  let gw: Gateway;
  beforeAll(async () => {
    gw = await testGateway({ PERP_CONNECTOR_MODE: 'mock' });
  });
  afterAll(() => gw.close());

  it('for 10 000 USD BTC every Jupiter leg costs its fee once on entry (≈ 6 bps, not 12)', async () => {
    const r = await gql<{ fundingSpreads: Row[] }>(gw.url, spreads('notionalUsd: 10000, includeStale: true, includeIncomplete: true'));
    expect(r.errors).toBeUndefined();
    const legs = r.data!.fundingSpreads.flatMap((s) => [s.long, s.short]).filter((l) => l.venue === 'JUPITER');
    expect(legs.length).toBeGreaterThan(0);
    for (const l of legs) {
      expect(l.market.depth?.pricesIncludeFees).toBe(true);
      expect(l.feeModel).toBe('IN_BOOK');
      expect(l.feeRate).toBe(0.0006);
      const entry = l.feeRate! + l.slippageBps! / 1e4;
      // The mock ladder: 6 bps fee + the ladder's impact (0.1 to 1 bps at this size, with the rolling snapshot), so
      // all-in is 6 to 7 bps; the fee counted twice would be at least 12 bps.
      expect(entry).toBeGreaterThan(0.00055);
      expect(entry).toBeLessThan(0.0009);
    }
    // Other venues' books are priced without the fee.
    for (const l of r.data!.fundingSpreads.flatMap((s) => [s.long, s.short]).filter((x) => x.venue !== 'JUPITER'))
      expect(l.market.depth?.pricesIncludeFees ?? false).toBe(false);
  });

  it('Avantis profit-share legs are PNL_SHARE with a null fee, excluded by default; rows state coverage', async () => {
    const all = await gql<{ fundingSpreads: Row[] }>(gw.url, spreads('includeStale: true, includeIncomplete: true'));
    const def = await gql<{ fundingSpreads: Row[] }>(gw.url, spreads('includeStale: true'));
    expect(all.errors).toBeUndefined();
    const rows = all.data!.fundingSpreads;
    for (const s of rows) {
      for (const l of [s.long, s.short]) {
        const upside = l.market.flags.includes('ZERO_FEE_PNL_SHARE');
        expect(l.feeModel === 'PNL_SHARE').toBe(upside);
        if (upside) expect(l.feeRate).toBeNull();
      }
      expect(s.netExpectedPnlUsd === null).toBe(s.incomplete.length > 0);
      expect(s.spreadCoverage7d).toBeCloseTo(s.spreadSamples7d / 168, 12);
      expect(s.spreadCoverage7d).toBeLessThanOrEqual(1);
    }
    const pnl = rows.flatMap((s) => [s.long, s.short]).filter((l) => l.feeModel === 'PNL_SHARE');
    expect(pnl.map((l) => l.market.id)).toContain('avantis:BTC-USD-PERP-UPSIDE');
    expect(pnl.every((l) => l.incomplete.some((m) => m.includes('ZERO_FEE_PNL_SHARE')))).toBe(true);
    // The mock datasets hold 24 h: at most 25 common hours of the 168, and the API says so.
    expect(Math.max(...rows.map((s) => s.spreadSamples7d))).toBeLessThanOrEqual(25);
    expect(Math.max(...rows.map((s) => s.spreadSamples7d))).toBeGreaterThan(1);
    // Complete rows come first; the default answer holds only them.
    const firstIncomplete = rows.findIndex((s) => s.incomplete.length > 0);
    if (firstIncomplete >= 0) expect(rows.slice(firstIncomplete).every((s) => s.incomplete.length > 0)).toBe(true);
    expect(def.data!.fundingSpreads.every((s) => s.incomplete.length === 0 && s.netExpectedPnlUsd !== null)).toBe(true);
    expect(def.data!.fundingSpreads.length).toBe(rows.filter((s) => s.incomplete.length === 0).length);
  });

  it('synfutures:BTC-ETH-PERP serves a USD markPrice near BTC, the ETH-native price in markPriceQuote', async () => {
    type M = {
      markPrice: number;
      markPriceQuote: number;
      indexPrice: number;
      indexPriceQuote: number;
      quoteUsdPrice: number;
      quoteUsdSource: string;
      quoteUsdAsOf: string;
    };
    const q = (id: string) =>
      `{ market(id: "${id}", mode: MOCK) { markPrice markPriceQuote indexPrice indexPriceQuote quoteUsdPrice quoteUsdSource quoteUsdAsOf } }`;
    const eth = await gql<{ market: M }>(gw.url, q('synfutures:BTC-ETH-PERP'));
    const usd = await gql<{ market: M }>(gw.url, q('synfutures:BTC-USD-PERP'));
    expect(eth.errors).toBeUndefined();
    const m = eth.data!.market;
    const btc = usd.data!.market.markPrice;
    expect(m.markPriceQuote).toBeGreaterThan(20);
    expect(m.markPriceQuote).toBeLessThan(40); // ≈ 28.5 ETH per BTC
    expect(m.markPrice).toBeCloseTo(m.markPriceQuote * m.quoteUsdPrice, 6);
    expect(Math.abs(m.markPrice / btc - 1)).toBeLessThan(0.05); // a USD price near the BTC price
    expect(m.indexPrice).toBeCloseTo(m.indexPriceQuote * m.quoteUsdPrice, 6);
    expect(m.quoteUsdSource).toMatch(/ETH/);
    expect(Number.isFinite(Date.parse(m.quoteUsdAsOf))).toBe(true);
    // A USD-quoted market: the quote price is 1 and the native price is the USD price.
    expect(usd.data!.market.quoteUsdPrice).toBe(1);
    expect(usd.data!.market.markPriceQuote).toBe(btc);
  });
});
