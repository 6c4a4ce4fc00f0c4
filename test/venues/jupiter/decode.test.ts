/**
 * Decoders on golden buffers written by hand at the documented offsets (docs/venues/jupiter.md §5.3, §5.4, §5.6), with
 * Buffer.write* at literal offsets: not through the layout table, so these tests are not circular.
 */
import { describe, expect, it } from 'vitest';
import { DataError } from '../../../src/core/errors.js';
import { base58Decode, base58Encode } from '../../../src/venues/jupiter/base58.js';
import { decodeAgPriceFeed, decodeCustody, decodePool, oraclePrice, scaled } from '../../../src/venues/jupiter/decode.js';

const SOL_MINT = 'So11111111111111111111111111111111111111112';
const POOL = '5BUwFW4nRbftYTDMbgxykoFWqWHPzahFSNAaaaJtVKsq';
const AG_SOL = 'FYq2BWQ1V5P1WFBqr3qB2Kb5yHVvSv7upzKodgQE5zXh';

/** A Custody of `size` bytes with values at literal offsets (§5.3). */
function goldenCustody(size: number): Buffer {
  const b = Buffer.alloc(size);
  Buffer.from('01b830515d833f91', 'hex').copy(b, 0);
  Buffer.from(base58Decode(POOL)).copy(b, 8);
  Buffer.from(base58Decode(SOL_MINT)).copy(b, 40);
  b.writeUInt8(9, 104); // decimals
  b.writeUInt8(0, 105); // isStable
  b.writeUInt32LE(45, 147); // oracle.maxPriceAgeSec
  b.writeBigUInt64LE(1_250_000_000_000_000n, 151); // tradeImpactFeeScalar
  b.writeBigUInt64LE(5_000_000n, 175); // maxLeverage
  b.writeBigUInt64LE(77_000_000_000_000n, 191); // maxGlobalShortSizes
  b.writeUInt8(1, 202); // allowIncreasePosition
  b.writeBigUInt64LE(12_345_678_901_234_567n, 222); // owned
  b.writeBigUInt64LE(6_172_839_450_617_283n, 230); // locked
  b.writeBigUInt64LE(61_500_000_000_000n, 246); // globalShortSizes
  // cumulativeInterestRate u128 = 2^64 + 5 at 262: low word 5, high word 1
  b.writeBigUInt64LE(5n, 262);
  b.writeBigUInt64LE(1n, 270);
  b.writeBigInt64LE(-2n, 278); // lastUpdate (i64, sign checked)
  b.writeBigUInt64LE(6n, 296); // increasePositionBps
  b.writeBigUInt64LE(7n, 304); // decreasePositionBps
  b.writeBigUInt64LE(1_000n, 352); // minRateBps
  b.writeBigUInt64LE(23_000n, 360); // maxRateBps
  b.writeBigUInt64LE(6_000n, 368); // targetRateBps
  b.writeBigUInt64LE(800_000_000n, 376); // targetUtilizationRate
  Buffer.from(base58Decode(AG_SOL)).copy(b, 384); // dovesAgOracle
  b.writeFloatLE(1.5, 912); // priceImpactBuffer.exponent
  b.writeBigUInt64LE(150n, 924); // maxFeeBps
  b.writeBigUInt64LE(3n, 1004); // debt low word
  b.writeBigUInt64LE(2n, 1020); // borrowLendInterestsAccured low word
  b.writeBigUInt64LE(99n, 1052); // minInterestFeeGracePeriodSeconds (last field of the 1060-byte prefix)
  if (size > 1060) b.fill(0xab, 1060); // appended fields of newer layouts: ignored
  return b;
}

describe('base58', () => {
  it('encodes known vectors and round-trips a public key', () => {
    expect(base58Encode(Buffer.from('hello world'))).toBe('StV1DL6CwTryKyV');
    expect(base58Encode(new Uint8Array(32))).toBe('11111111111111111111111111111111');
    expect(base58Encode(base58Decode(SOL_MINT))).toBe(SOL_MINT);
    expect(base58Decode(SOL_MINT)).toHaveLength(32);
    expect(() => base58Decode('0OIl')).toThrow(DataError);
  });
});

describe('Custody decoder', () => {
  for (const size of [1060, 1117]) {
    it(`reads the values written at the documented offsets from a ${size}-byte account`, () => {
      const c = decodeCustody(goldenCustody(size));
      expect(c.pool).toBe(POOL);
      expect(c.mint).toBe(SOL_MINT);
      expect(c.decimals).toBe(9);
      expect(c.isStable).toBe(false);
      expect(c.maxPriceAgeSec).toBe(45);
      expect(c.tradeImpactFeeScalar).toBe(1_250_000_000_000_000n);
      expect(c.maxLeverage).toBe(5_000_000n);
      expect(c.maxGlobalShortSizes).toBe(77_000_000_000_000n);
      expect(c.allowIncreasePosition).toBe(true);
      expect(c.allowSwap).toBe(false);
      expect(c.owned).toBe(12_345_678_901_234_567n);
      expect(c.locked).toBe(6_172_839_450_617_283n);
      expect(c.globalShortSizes).toBe(61_500_000_000_000n);
      expect(c.cumulativeInterestRate).toBe(18_446_744_073_709_551_621n);
      expect(c.lastUpdate).toBe(-2n);
      expect(c.increasePositionBps).toBe(6n);
      expect(c.decreasePositionBps).toBe(7n);
      expect([c.minRateBps, c.maxRateBps, c.targetRateBps, c.targetUtilizationRate]).toEqual([1_000n, 23_000n, 6_000n, 800_000_000n]);
      expect(c.dovesAgOracle).toBe(AG_SOL);
      expect(c.priceImpactExponent).toBe(1.5);
      expect(c.maxFeeBps).toBe(150n);
      expect(c.debt).toBe(3n);
      expect(c.borrowLendInterestsAccured).toBe(2n);
      expect(c.minInterestFeeGracePeriodSeconds).toBe(99n);
      expect(c.hourlyFundingDbps).toBe(0n);
    });
  }

  it('rejects a buffer shorter than the 1060-byte prefix with a typed SCHEMA error', () => {
    const err = (() => {
      try {
        decodeCustody(goldenCustody(1060).subarray(0, 1059));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).code).toBe('SCHEMA');
    expect((err as DataError).message).toMatch(/at least 1060 bytes, got 1059/);
  });

  it('rejects a wrong discriminator (e.g. a Pool) with a typed SCHEMA error', () => {
    const b = goldenCustody(1060);
    Buffer.from('f19a6d0411b16dbc', 'hex').copy(b, 0);
    expect(() => decodeCustody(b)).toThrow(/expected discriminator 01b830515d833f91, got f19a6d0411b16dbc/);
    expect(() => decodeCustody(b)).toThrow(DataError);
  });
});

describe('Doves AgPriceFeed decoder', () => {
  function golden(): Buffer {
    const b = Buffer.alloc(210); // 202-byte prefix + padding
    Buffer.from('70f98bd9d7d0f936', 'hex').copy(b, 0);
    Buffer.from(base58Decode(SOL_MINT)).copy(b, 8);
    b.writeBigUInt64LE(19_125_432_100n, 168); // price
    b.writeInt8(-8, 176); // expo
    b.writeBigInt64LE(1_764_000_000n, 177); // timestamp
    b.writeUInt32LE(60, 185); // config.maxAgPriceAgeSec
    b.writeUInt32LE(30, 189);
    b.writeBigUInt64LE(250n, 193); // maxPriceDiffBps
    b.writeUInt8(254, 201); // bump
    return b;
  }
  it('reads price, expo, timestamp and config at the documented offsets; price × 10^expo', () => {
    const f = decodeAgPriceFeed(golden());
    expect(f.mint).toBe(SOL_MINT);
    expect(f.price).toBe(19_125_432_100n);
    expect(f.expo).toBe(-8);
    expect(f.timestamp).toBe(1_764_000_000n);
    expect([f.maxAgPriceAgeSec, f.maxPriceFeedAgeSec, f.maxPriceDiffBps, f.bump]).toEqual([60, 30, 250n, 254]);
    expect(oraclePrice(f)).toBe(191.254321);
  });
  it('rejects a short buffer and a legacy PriceFeed discriminator', () => {
    expect(() => decodeAgPriceFeed(golden().subarray(0, 201))).toThrow(/at least 202 bytes/);
    const b = golden();
    Buffer.from('bd67fc179823f39c', 'hex').copy(b, 0);
    expect(() => decodeAgPriceFeed(b)).toThrow(/expected discriminator 70f98bd9d7d0f936/);
  });
});

describe('Pool decoder (Borsh, sequential)', () => {
  it('reads name, custodies and aumUsd after a variable-length name', () => {
    const custodies = ['7xS2gz2bTp3fwCC7knJvUWTEU9Tycczu6VhJYKgi1wdz', 'G18jKKXQwBbrHeiK3C9MRXhkHsLHf7XgCSisykV46EZa'];
    const b = Buffer.alloc(8 + 4 + 9 + 4 + 64 + 16 + 40);
    Buffer.from('f19a6d0411b16dbc', 'hex').copy(b, 0);
    b.writeUInt32LE(9, 8);
    b.write('Pool JLP!', 12, 'utf8');
    b.writeUInt32LE(2, 21);
    Buffer.from(base58Decode(custodies[0]!)).copy(b, 25);
    Buffer.from(base58Decode(custodies[1]!)).copy(b, 57);
    b.writeBigUInt64LE(1_500_000_000_000_000n, 89); // aumUsd low word
    const p = decodePool(b);
    expect(p).toEqual({ name: 'Pool JLP!', custodies, aumUsd: 1_500_000_000_000_000n });
  });
  it('rejects a truncated custody list with a typed error', () => {
    const b = Buffer.alloc(8 + 4 + 4 + 40);
    Buffer.from('f19a6d0411b16dbc', 'hex').copy(b, 0);
    b.writeUInt32LE(0, 8);
    b.writeUInt32LE(3, 12); // 3 custodies announced, 40 bytes left
    expect(() => decodePool(b)).toThrow(/Pool.custodies: needs 96 bytes/);
  });
});

describe('scaled', () => {
  it('converts at a decimal scale through the exact decimal string', () => {
    expect(scaled(12_345_678_901_234_567n, 9)).toBe(12_345_678.901234567);
    expect(scaled(5n, 6)).toBe(0.000005);
    expect(scaled(61_500_000_000_000n, 6)).toBe(61_500_000);
    expect(scaled(7n, -2)).toBe(700);
  });
});
