/**
 * Decoders for the accounts in layout.ts. Each checks the 8-byte Anchor discriminator and the minimum length (the
 * documented prefix), reads fixed offsets and ignores trailing bytes; a short buffer or a wrong discriminator is a
 * typed DataError (SCHEMA), never a half-decoded record. Integers of 64 bits and more are bigint.
 */
import { DataError } from '../../core/errors.js';
import { base58Encode } from './base58.js';
import {
  AG_PRICE_FEED_LAYOUT,
  CUSTODY_LAYOUT,
  FIELD_SIZE,
  POOL_LAYOUT,
  type AccountLayout,
  type AgPriceFeed,
  type Custody,
  type Decoded,
  type FieldDef,
  type FieldTypes,
  type Pool,
} from './layout.js';

function checkHeader(buf: Buffer, name: string, discriminator: string, minLength: number): void {
  if (buf.length < Math.max(8, minLength)) {
    throw new DataError('SCHEMA', `${name}: expected at least ${minLength} bytes, got ${buf.length}`);
  }
  const d = buf.subarray(0, 8).toString('hex');
  if (d !== discriminator) throw new DataError('SCHEMA', `${name}: expected discriminator ${discriminator}, got ${d}`);
}

function readField(buf: Buffer, f: FieldDef): FieldTypes[FieldDef['type']] {
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
      return base58Encode(buf.subarray(o, o + 32));
  }
}

/** Decode a fixed-offset account with its layout (discriminator, min length, then every field). */
export function decodeFixed<F extends readonly FieldDef[]>(layout: AccountLayout<F>, buf: Buffer): Decoded<F> {
  checkHeader(buf, layout.name, layout.discriminator, layout.minLength);
  const out: Record<string, unknown> = {};
  for (const f of layout.fields) {
    if (f.offset + FIELD_SIZE[f.type] > buf.length)
      throw new DataError('SCHEMA', `${layout.name}.${f.field}: beyond the end of the buffer`);
    out[f.field] = readField(buf, f);
  }
  return out as Decoded<F>;
}

export const decodeCustody = (buf: Buffer): Custody => decodeFixed(CUSTODY_LAYOUT, buf);
export const decodeAgPriceFeed = (buf: Buffer): AgPriceFeed => decodeFixed(AG_PRICE_FEED_LAYOUT, buf);

/** Pool: Borsh, sequential (§5.4). Every read is bounds-checked; the name is capped to keep a corrupt length harmless. */
export function decodePool(buf: Buffer): Pool {
  const name = POOL_LAYOUT.name;
  checkHeader(buf, name, POOL_LAYOUT.discriminator, 8 + 4 + 4 + 16);
  let o = 8;
  const need = (n: number, what: string) => {
    if (o + n > buf.length) throw new DataError('SCHEMA', `${name}.${what}: needs ${n} bytes at offset ${o}, buffer has ${buf.length}`);
  };
  need(4, 'name');
  const nameLen = buf.readUInt32LE(o);
  o += 4;
  if (nameLen > 256) throw new DataError('SCHEMA', `${name}.name: length ${nameLen} exceeds 256`);
  need(nameLen, 'name');
  const poolName = buf.subarray(o, o + nameLen).toString('utf8');
  o += nameLen;
  need(4, 'custodies');
  const count = buf.readUInt32LE(o);
  o += 4;
  if (count > 64) throw new DataError('SCHEMA', `${name}.custodies: count ${count} exceeds 64`);
  need(32 * count, 'custodies');
  const custodies: string[] = [];
  for (let i = 0; i < count; i++, o += 32) custodies.push(base58Encode(buf.subarray(o, o + 32)));
  need(16, 'aumUsd');
  const aumUsd = buf.readBigUInt64LE(o) | (buf.readBigUInt64LE(o + 8) << 64n);
  return { name: poolName, custodies, aumUsd };
}

/**
 * A non-negative integer at a decimal scale (10^-decimals) as a JS number, through its exact decimal string, so no
 * precision is lost before the one final rounding to a double. `decimals` may be negative (a positive exponent).
 */
export function scaled(v: bigint, decimals: number): number {
  if (decimals <= 0) return Number(v * 10n ** BigInt(-decimals));
  const neg = v < 0n;
  const s = (neg ? -v : v).toString().padStart(decimals + 1, '0');
  const n = Number(`${s.slice(0, s.length - decimals)}.${s.slice(s.length - decimals)}`);
  return neg ? -n : n;
}

/** Oracle value: price × 10^expo (§5.6), bigint-safe. */
export const oraclePrice = (f: Pick<AgPriceFeed, 'price' | 'expo'>): number => scaled(f.price, -f.expo);
