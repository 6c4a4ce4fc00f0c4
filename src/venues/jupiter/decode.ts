/**
 * Decoders for the accounts in layout.ts, on `@solana/codecs` (src/transports/solana-codecs.ts): a struct decoder
 * per fixed layout (u8 … u128, f32, bool and base58 public keys at the layout's offsets) and the codecs' sequential
 * reads for the Borsh Pool. Each checks the 8-byte Anchor discriminator and the minimum length (the documented
 * prefix) first and ignores trailing bytes; a short buffer or a wrong discriminator is a typed DataError (SCHEMA),
 * never a half-decoded record. Integers of 64 bits and more are bigint.
 */
import { getU128Decoder, getU32Decoder, getUtf8Decoder } from '@solana/codecs';
import { DataError } from '../../core/errors.js';
import { FIELD_SIZE, fixedStructDecoder, pubkeyDecoder } from '../../transports/solana-codecs.js';
import {
  AG_PRICE_FEED_LAYOUT,
  CUSTODY_LAYOUT,
  POOL_LAYOUT,
  type AccountLayout,
  type AgPriceFeed,
  type Custody,
  type Decoded,
  type FieldDef,
  type Pool,
} from './layout.js';

function checkHeader(buf: Uint8Array, name: string, discriminator: string, minLength: number): void {
  if (buf.length < Math.max(8, minLength)) {
    throw new DataError('SCHEMA', `${name}: expected at least ${minLength} bytes, got ${buf.length}`);
  }
  const d = Buffer.from(buf.buffer, buf.byteOffset, 8).toString('hex');
  if (d !== discriminator) throw new DataError('SCHEMA', `${name}: expected discriminator ${discriminator}, got ${d}`);
}

/** A fixed layout's struct decoder (built once per layout); every field must end within the documented prefix. */
const structs = new WeakMap<AccountLayout, ReturnType<typeof fixedStructDecoder>>();
function structOf(layout: AccountLayout): ReturnType<typeof fixedStructDecoder> {
  let d = structs.get(layout);
  if (!d) {
    const beyond = layout.fields.find((f: FieldDef) => f.offset + FIELD_SIZE[f.type] > layout.minLength);
    if (beyond) throw new Error(`${layout.name}.${beyond.field}: beyond the documented prefix (${layout.minLength} bytes)`);
    d = fixedStructDecoder(layout.fields, 8);
    structs.set(layout, d);
  }
  return d;
}

/** Decode a fixed-offset account with its layout (discriminator, min length, then every field). */
export function decodeFixed<F extends readonly FieldDef[]>(layout: AccountLayout<F>, buf: Uint8Array): Decoded<F> {
  const struct = structOf(layout);
  checkHeader(buf, layout.name, layout.discriminator, layout.minLength);
  return struct.decode(buf) as Decoded<F>;
}

export const decodeCustody = (buf: Uint8Array): Custody => decodeFixed(CUSTODY_LAYOUT, buf);
export const decodeAgPriceFeed = (buf: Uint8Array): AgPriceFeed => decodeFixed(AG_PRICE_FEED_LAYOUT, buf);

const u32 = getU32Decoder();
const u128 = getU128Decoder();
// As the program wrote it: a leading BOM and NUL characters are kept (the decoder strips both by default).
const utf8 = getUtf8Decoder({ ignoreBOM: true, removeNullCharacters: false });

/** Pool: Borsh, sequential (§5.4). Every read is bounds-checked; the name is capped to keep a corrupt length harmless. */
export function decodePool(buf: Uint8Array): Pool {
  const name = POOL_LAYOUT.name;
  checkHeader(buf, name, POOL_LAYOUT.discriminator, 8 + 4 + 4 + 16);
  let o = 8;
  const need = (n: number, what: string) => {
    if (o + n > buf.length) throw new DataError('SCHEMA', `${name}.${what}: needs ${n} bytes at offset ${o}, buffer has ${buf.length}`);
  };
  need(4, 'name');
  const [nameLen] = u32.read(buf, o);
  o += 4;
  if (nameLen > 256) throw new DataError('SCHEMA', `${name}.name: length ${nameLen} exceeds 256`);
  need(nameLen, 'name');
  const poolName = utf8.decode(buf.subarray(o, o + nameLen));
  o += nameLen;
  need(4, 'custodies');
  const [count] = u32.read(buf, o);
  o += 4;
  if (count > 64) throw new DataError('SCHEMA', `${name}.custodies: count ${count} exceeds 64`);
  need(32 * count, 'custodies');
  const custodies: string[] = [];
  for (let i = 0; i < count; i++) [custodies[i], o] = pubkeyDecoder.read(buf, o);
  need(16, 'aumUsd');
  const [aumUsd] = u128.read(buf, o);
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
