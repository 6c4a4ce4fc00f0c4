/**
 * A v2 `/v2/trading` catalog in the shape of docs/venues/avantis.md §1.2 (numbers chosen by hand so tests can check them):
 * - 0 ETH/USD: both sides open; funding nets to zero by coin OI (longs receive −0.0025 %/h, shorts pay 0.002 %/h);
 * - 1 BTC/USD: both sides open, longs pay;
 * - 2 EUR/USD: FX pair, market closed until `nextOpen`;
 * - 3 SOL/USD: one-sided (only shorts): shorts pay exactly fundingFeePerHourP, longs 0;
 * - 4 ETH_UPSIDE/USD: zero-fee variant sharing ETH's feed;
 * - 5 retired slot (empty from/to), 6 delisted pair: both skipped.
 */
export const FEEDS = {
  ETH: 'ff61491a931112ddf1bd8147cd1b641375f79f5825126d665480874634fd0ace',
  BTC: 'e62df6c8b4a85fe1a67db44dc12de5db330f7ac66b72dc658afedf0f4a415b43',
  SOL: 'ef0d8b6fda2ceba41da15d4095d1da392a0d2f8ed0c6c7bc0f4cfac8c280b56d',
  EUR: 'a995d00bb36a63cef7fd2c287dc105fc8f3d93779f062f09551b0af3e81ec30b',
} as const;

/** A weekday reopening time for the closed FX pair (unix seconds). */
export const EUR_NEXT_OPEN = 1_800_000_000;

const attrs = (symbol: string, assetType: string, isOpen = true, nextOpen = 0, nextClose = 0) => ({
  symbol,
  assetType,
  isOpen,
  nextOpen,
  nextClose,
  schedule: 'America/New_York;O,O,O,O,O,O,O;',
});

function pair(index: number, from: string, to: string, o: Record<string, unknown>) {
  return {
    index,
    from,
    to,
    groupIndex: 0,
    isPairListed: true,
    leverages: { minLeverage: 1, maxLeverage: 75, pnlMinLeverage: 75, pnlMaxLeverage: 500 },
    spreadP: 0.01,
    openFeeP: 0.045,
    closeFeeP: 0.045,
    limitOrderFeeP: 0.01,
    minLevPosUSDC: 100,
    additionalPairParams2: { openMakerFeeP: 0.01, closeMakerFeeP: 0.01, openTakerFeeP: 0.05, closeTakerFeeP: 0.05, closeOnlyMode: false },
    pairMaxOI: 25_000_000,
    liquidity: { buy: 20_000_000, sell: 20_000_000 },
    ...o,
  };
}

export function avantisFixture(): Record<string, unknown> {
  return {
    dataVersion: 3,
    pairCount: 7,
    totalOi: 2_000_000,
    maxOpenInterest: 90_000_000,
    groupInfo: {
      '0': { name: 'CRYPTO1', maxOpenInterestP: 26, isSpreadDynamic: true, groupMaxOI: 26_000_000, groupOI: 2_000_000 },
      '4': { name: 'FOREX', maxOpenInterestP: 10, isSpreadDynamic: false, groupMaxOI: 10_000_000, groupOI: 100_000 },
    },
    pairInfos: {
      '0': pair(0, 'ETH', 'USD', {
        feed: { feedId: `0x${FEEDS.ETH}`, attributes: attrs('Crypto.ETH/USD', 'crypto') },
        openInterest: { long: 350_000, short: 437_500 },
        coinOI: { long: 100, short: 125 },
        pairOI: 787_500,
        marginFee: { long: 0.0011415525114155251, short: 0.0011415525114155251 },
        fundingRate: { long: -0.0025, short: 0.002 },
        fundingFeePerHourP: 0.0022842,
        pairParams: { onePercentDepthAbove: 30_000_000, onePercentDepthBelow: 32_500_000 },
      }),
      '1': pair(1, 'BTC', 'USD', {
        feed: { feedId: `0x${FEEDS.BTC}`, attributes: attrs('Crypto.BTC/USD', 'crypto') },
        openInterest: { long: 1_800_000, short: 2_700_000 },
        coinOI: { long: 20, short: 30 },
        pairOI: 4_500_000,
        marginFee: { long: 0.0015, short: 0.0012 },
        fundingRate: { long: 0.0015, short: -0.001 },
        fundingFeePerHourP: 0.0022842,
        pairParams: { onePercentDepthAbove: 60_000_000, onePercentDepthBelow: 55_000_000 },
      }),
      '2': pair(2, 'EUR', 'USD', {
        groupIndex: 4,
        feed: { feedId: `0x${FEEDS.EUR}`, attributes: attrs('FX.EUR/USD', 'fx', false, EUR_NEXT_OPEN, 0) },
        leverages: { minLeverage: 1, maxLeverage: 100, pnlMinLeverage: 100, pnlMaxLeverage: 500 },
        spreadP: 0.002,
        openInterest: { long: 50_000, short: 50_000 },
        coinOI: { long: 46_082.9493, short: 46_082.9493 },
        pairOI: 100_000,
        marginFee: { long: 0.00057, short: 0.00057 },
        fundingRate: { long: 0, short: 0 },
        fundingFeePerHourP: 0.0005,
        pairParams: { onePercentDepthAbove: 100_000_000, onePercentDepthBelow: 100_000_000 },
      }),
      '3': pair(3, 'SOL', 'USD', {
        feed: { feedId: `0x${FEEDS.SOL}`, attributes: attrs('Crypto.SOL/USD', 'crypto') },
        openInterest: { long: 0, short: 150_000 },
        coinOI: { long: 0, short: 1000 },
        pairOI: 150_000,
        marginFee: { long: 0.002, short: 0.002 },
        fundingRate: { long: 0, short: 0.0022842 },
        fundingFeePerHourP: 0.0022842,
        pairParams: { onePercentDepthAbove: 5_000_000, onePercentDepthBelow: 4_000_000 },
      }),
      '4': pair(4, 'ETH_UPSIDE', 'USD', {
        feed: { feedId: `0x${FEEDS.ETH}`, attributes: attrs('Crypto.ETH/USD', 'crypto') },
        leverages: { minLeverage: 75, maxLeverage: 0, pnlMinLeverage: 75, pnlMaxLeverage: 500 },
        openFeeP: 0,
        closeFeeP: 0,
        additionalPairParams2: { openMakerFeeP: 0, closeMakerFeeP: 0, openTakerFeeP: 0, closeTakerFeeP: 0, closeOnlyMode: false },
        openInterest: { long: 10_000, short: 0 },
        coinOI: { long: 2.857142857, short: 0 },
        pairOI: 10_000,
        marginFee: { long: 0.0011415525114155251, short: 0.0011415525114155251 },
        fundingRate: { long: 0.0022842, short: 0 },
        fundingFeePerHourP: 0.0022842,
        pairParams: { onePercentDepthAbove: 30_000_000, onePercentDepthBelow: 32_500_000 },
      }),
      '5': { index: 5, from: '', to: '', isPairListed: true },
      '6': pair(6, 'LUNA', 'USD', { isPairListed: false, feed: { feedId: '0x' + 'ab'.repeat(32) } }),
    },
  };
}

export interface HermesRow {
  id: string;
  price: { price: string; conf: string; expo: number; publish_time: number };
  ema_price: { price: string; conf: string; expo: number; publish_time: number };
  metadata: { slot: number | null; proof_available_time: number | null; prev_publish_time: number | null };
}

export function hermesPrice(feedId: string, price: string, expo: number, publishTime: number): HermesRow {
  const id = feedId.toLowerCase().replace(/^0x/, '');
  const p = { price, conf: '10', expo, publish_time: publishTime };
  return { id, price: p, ema_price: p, metadata: { slot: null, proof_available_time: null, prev_publish_time: null } };
}
