/**
 * The account decoders run on `@solana/codecs`; this checks them against an independent reader written with Node's
 * Buffer methods at the layout's literal offsets (what the decoder did before), over random account bytes, and the
 * base58 codec against the `bs58` package: the values must be identical, field by field.
 */
import bs58 from 'bs58';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base58Decode, base58Encode } from '../../../src/venues/jupiter/base58.js';
import { decodeAgPriceFeed, decodeCustody } from '../../../src/venues/jupiter/decode.js';
import { AG_PRICE_FEED_LAYOUT, CUSTODY_LAYOUT, type AccountLayout, type FieldDef } from '../../../src/venues/jupiter/layout.js';

function bufferRead(buf: Buffer, f: FieldDef): unknown {
  const o = f.offset;
  switch (f.type) {
    case 'u8':
      return buf.readUInt8(o);
    case 'i8':
      return buf.readInt8(o);
    case 'bool':
      return buf.readUInt8(o) !== 0;
    case 'u32':
      return buf.readUInt32LE(o);
    case 'f32':
      return buf.readFloatLE(o);
    case 'u64':
      return buf.readBigUInt64LE(o);
    case 'i64':
      return buf.readBigInt64LE(o);
    case 'u128':
      return buf.readBigUInt64LE(o) | (buf.readBigUInt64LE(o + 8) << 64n);
    case 'pubkey':
      return bs58.encode(buf.subarray(o, o + 32));
  }
}

const account = (layout: AccountLayout, extra: number) =>
  fc.uint8Array({ minLength: layout.minLength - 8 + extra, maxLength: layout.minLength - 8 + extra }).map((body) => {
    const b = Buffer.alloc(layout.minLength + extra);
    Buffer.from(layout.discriminator, 'hex').copy(b, 0);
    Buffer.from(body).copy(b, 8);
    return b;
  });

describe('@solana/codecs decoders give the same values as a Buffer reader at the layout offsets', () => {
  it.each([
    ['Custody', CUSTODY_LAYOUT, decodeCustody],
    ['AgPriceFeed', AG_PRICE_FEED_LAYOUT, decodeAgPriceFeed],
  ] as const)('%s, random bytes (trailing bytes ignored)', (_name, layout, decode) => {
    fc.assert(
      fc.property(account(layout, 0), fc.nat({ max: 64 }), (buf, extra) => {
        const longer = Buffer.concat([buf, Buffer.alloc(extra, 0xab)]);
        const got = decode(longer) as Record<string, unknown>;
        const want = Object.fromEntries(layout.fields.map((f) => [f.field, bufferRead(buf, f)]));
        expect(got).toEqual(want);
      }),
      { numRuns: 200 },
    );
  });

  it('base58 matches bs58 both ways (leading zero bytes included)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 40 }), fc.nat({ max: 4 }), (bytes, zeros) => {
        const b = Uint8Array.from([...new Array<number>(zeros).fill(0), ...bytes]);
        const s = base58Encode(b);
        expect(s).toBe(bs58.encode(b));
        expect([...base58Decode(s)]).toEqual([...bs58.decode(s)]);
      }),
      { numRuns: 300 },
    );
  });
});
