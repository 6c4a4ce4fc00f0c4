/**
 * The default fake venue: the mainnet pool, six custodies and five Doves AG oracles at their real addresses
 * (docs/venues/jupiter.md §1), with round numbers so tests can compute expected values by hand:
 *   SOL  custody: 9 dp, owned 10 000 000 SOL, locked 5 600 000 (util 56 %), shorts 61.5 M USD, oracle 191.25
 *   ETH  custody: 8 dp, owned 100 000 ETH, locked 47 000 (47 %), shorts 30 M USD, oracle 3409.1
 *   BTC  custody (WBTC): 8 dp, owned 5 000, locked 2 050 (41 %), shorts 40 M USD, oracle 97 240
 *   USDC custody: 6 dp, owned 400 M, locked 252 M (63 %), oracle 1.0001; USDT, JupUSD: stable, util 0
 * Every custody: open/close 6 bps, maxLeverage 5 000 000 (500x), tradeImpactFeeScalar 1e15 (1 bp per $100k),
 * maxFeeBps 150, jump-rate curve of the docs example (10 % / 60 % at 80 % / 230 %).
 */
import {
  DEFAULT_AG_ORACLES,
  DEFAULT_CUSTODIES,
  DEFAULT_POOL,
  DOVES_PROGRAM,
  PERPETUALS_PROGRAM,
} from '../../../src/venues/jupiter/constants.js';
import { AG_PRICE_FEED_LAYOUT, CUSTODY_LAYOUT } from '../../../src/venues/jupiter/layout.js';
import { encodeFixed, encodePool, type Values } from './encode.js';
import type { FakeSolana } from './index.js';

export const [SOL_CUSTODY, ETH_CUSTODY, BTC_CUSTODY, USDC_CUSTODY, USDT_CUSTODY, JUPUSD_CUSTODY] = DEFAULT_CUSTODIES;
export const [SOL_ORACLE, ETH_ORACLE, BTC_ORACLE, USDC_ORACLE, USDT_ORACLE] = DEFAULT_AG_ORACLES;
export const MINTS = {
  SOL: 'So11111111111111111111111111111111111111112',
  ETH: '7vfCXTUXx5WJV5JADk17DUJ4ksgau7utNKj4b963voxs',
  WBTC: '3NZ9JMVBmGAqocybic2c7LQCJScmgsAZ6vQqTDzcqmJh',
  USDC: 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v',
  USDT: 'Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB',
} as const;
/** A mint for JupUSD (not published in the venue notes): any key works for the fake. */
export const JUPUSD_MINT = 'JuprjznTrTSp2UFa3ZBUFgwdAmtZCq4MQCwysN55USD';

export interface CustodySpec {
  mint: string;
  decimals: number;
  stable: boolean;
  owned: bigint;
  locked: bigint;
  shortsUsd6: bigint;
  oracle: string;
}

export const CUSTODIES: Record<string, CustodySpec> = {
  [SOL_CUSTODY]: {
    mint: MINTS.SOL,
    decimals: 9,
    stable: false,
    owned: 10_000_000n * 10n ** 9n,
    locked: 5_600_000n * 10n ** 9n,
    shortsUsd6: 61_500_000_000_000n,
    oracle: SOL_ORACLE,
  },
  [ETH_CUSTODY]: {
    mint: MINTS.ETH,
    decimals: 8,
    stable: false,
    owned: 100_000n * 10n ** 8n,
    locked: 47_000n * 10n ** 8n,
    shortsUsd6: 30_000_000_000_000n,
    oracle: ETH_ORACLE,
  },
  [BTC_CUSTODY]: {
    mint: MINTS.WBTC,
    decimals: 8,
    stable: false,
    owned: 5_000n * 10n ** 8n,
    locked: 2_050n * 10n ** 8n,
    shortsUsd6: 40_000_000_000_000n,
    oracle: BTC_ORACLE,
  },
  [USDC_CUSTODY]: {
    mint: MINTS.USDC,
    decimals: 6,
    stable: true,
    owned: 400_000_000n * 10n ** 6n,
    locked: 252_000_000n * 10n ** 6n,
    shortsUsd6: 0n,
    oracle: USDC_ORACLE,
  },
  [USDT_CUSTODY]: {
    mint: MINTS.USDT,
    decimals: 6,
    stable: true,
    owned: 50_000_000n * 10n ** 6n,
    locked: 0n,
    shortsUsd6: 0n,
    oracle: USDT_ORACLE,
  },
  [JUPUSD_CUSTODY]: {
    mint: JUPUSD_MINT,
    decimals: 6,
    stable: true,
    owned: 10_000_000n * 10n ** 6n,
    locked: 0n,
    shortsUsd6: 0n,
    oracle: '11111111111111111111111111111111',
  },
};

export const ORACLES: Record<string, { mint: string; price: bigint }> = {
  [SOL_ORACLE]: { mint: MINTS.SOL, price: 19_125_000_000n },
  [ETH_ORACLE]: { mint: MINTS.ETH, price: 340_910_000_000n },
  [BTC_ORACLE]: { mint: MINTS.WBTC, price: 9_724_000_000_000n },
  [USDC_ORACLE]: { mint: MINTS.USDC, price: 100_010_000n },
  [USDT_ORACLE]: { mint: MINTS.USDT, price: 99_990_000n },
};

export function custodyValues(spec: CustodySpec, over: Values = {}): Values {
  return {
    pool: DEFAULT_POOL,
    mint: spec.mint,
    tokenAccount: '11111111111111111111111111111111',
    decimals: spec.decimals,
    isStable: spec.stable,
    oracleAccount: '11111111111111111111111111111111',
    maxPriceAgeSec: 45,
    tradeImpactFeeScalar: 1_000_000_000_000_000n,
    maxLeverage: 5_000_000n,
    maxGlobalLongSizes: 500_000_000_000_000n,
    maxGlobalShortSizes: 500_000_000_000_000n,
    allowSwap: true,
    allowIncreasePosition: true,
    allowDecreasePosition: true,
    owned: spec.owned,
    locked: spec.locked,
    globalShortSizes: spec.shortsUsd6,
    cumulativeInterestRate: 123_456_789_000n,
    lastUpdate: BigInt(Math.floor(Date.now() / 1000)),
    increasePositionBps: 6n,
    decreasePositionBps: 6n,
    maxPositionSizeUsd: 0n,
    minRateBps: 1_000n,
    maxRateBps: 23_000n,
    targetRateBps: 6_000n,
    targetUtilizationRate: 800_000_000n,
    dovesAgOracle: spec.oracle,
    priceImpactFeeFactor: 100n,
    priceImpactExponent: 1.5,
    deltaImbalanceThresholdDecimal: 1_000_000n,
    maxFeeBps: 150n,
    ...over,
  };
}

export const custodyAccount = (spec: CustodySpec, over: Values = {}, size = 1117) => ({
  owner: PERPETUALS_PROGRAM,
  data: encodeFixed(CUSTODY_LAYOUT, custodyValues(spec, over), size),
});

export const oracleAccount = (mint: string, price: bigint, timestampSec = Math.floor(Date.now() / 1000)) => ({
  owner: DOVES_PROGRAM,
  data: encodeFixed(
    AG_PRICE_FEED_LAYOUT,
    {
      mint,
      price,
      expo: -8,
      timestamp: BigInt(timestampSec),
      maxAgPriceAgeSec: 60,
      maxPriceFeedAgeSec: 30,
      maxPriceDiffBps: 250n,
      bump: 254,
    },
    AG_PRICE_FEED_LAYOUT.minLength + 8,
  ),
});

/** Seed pool, custodies and oracles (silently: nobody is subscribed yet). */
export function seedDefault(f: FakeSolana): FakeSolana {
  f.set(DEFAULT_POOL, { owner: PERPETUALS_PROGRAM, data: encodePool('Pool', DEFAULT_CUSTODIES, 1_500_000_000_000_000n) }, { silent: true });
  // Half the custodies in the older 1060-byte layout, half in the newer 1117-byte one.
  Object.entries(CUSTODIES).forEach(([k, spec], i) => f.set(k, custodyAccount(spec, {}, i % 2 ? 1060 : 1117), { silent: true }));
  for (const [k, o] of Object.entries(ORACLES)) f.set(k, oracleAccount(o.mint, o.price), { silent: true });
  return f;
}

/** A keeper: every `ms`, re-publish every oracle with a fresh timestamp (and notify), like the Doves keeper. */
export function startOracleKeeper(f: FakeSolana, ms: number): void {
  f.startKeeper(ms, () => {
    for (const k of Object.keys(ORACLES)) {
      const cur = f.accounts.get(k);
      if (!cur) continue;
      const data = Buffer.from(cur.data);
      data.writeBigInt64LE(BigInt(Math.floor(Date.now() / 1000)), 177);
      f.set(k, { ...cur, data });
    }
  });
}

/** Re-publish one oracle at a new price (notifies subscribers); returns the slot. */
export function setOraclePrice(
  f: FakeSolana,
  key: string,
  price: bigint,
  o: { silent?: boolean; slot?: number; timestampSec?: number } = {},
): number {
  const spec = ORACLES[key];
  if (!spec) throw new Error(`no fake oracle ${key}`);
  return f.set(key, oracleAccount(spec.mint, price, o.timestampSec), o);
}
