/**
 * Layout-driven ENCODER, used only by the fake node: writes a record at the offsets of the connector's layout table
 * (src/venues/jupiter/layout.ts). Decoder tests do not use it (they write golden buffers by hand).
 */
import { base58Decode } from '../../../src/venues/jupiter/base58.js';
import type { AccountLayout, FieldDef, FieldTypes } from '../../../src/venues/jupiter/layout.js';
import { POOL_LAYOUT } from '../../../src/venues/jupiter/layout.js';

export type Values = Record<string, FieldTypes[keyof FieldTypes]>;

export function encodeFixed(layout: AccountLayout, values: Values, size = layout.minLength): Buffer {
  const b = Buffer.alloc(size);
  Buffer.from(layout.discriminator, 'hex').copy(b, 0);
  for (const f of layout.fields as readonly FieldDef[]) {
    const v = values[f.field];
    if (v === undefined) continue;
    const o = f.offset;
    switch (f.type) {
      case 'u8':
        b.writeUInt8(v as number, o);
        break;
      case 'i8':
        b.writeInt8(v as number, o);
        break;
      case 'bool':
        b.writeUInt8(v ? 1 : 0, o);
        break;
      case 'u32':
        b.writeUInt32LE(v as number, o);
        break;
      case 'f32':
        b.writeFloatLE(v as number, o);
        break;
      case 'u64':
        b.writeBigUInt64LE(v as bigint, o);
        break;
      case 'i64':
        b.writeBigInt64LE(v as bigint, o);
        break;
      case 'u128':
        b.writeBigUInt64LE((v as bigint) & 0xffff_ffff_ffff_ffffn, o);
        b.writeBigUInt64LE((v as bigint) >> 64n, o + 8);
        break;
      case 'pubkey':
        Buffer.from(base58Decode(v as string)).copy(b, o);
        break;
    }
  }
  return b;
}

export function encodePool(name: string, custodies: readonly string[], aumUsd: bigint): Buffer {
  const nameBytes = Buffer.from(name, 'utf8');
  const b = Buffer.alloc(8 + 4 + nameBytes.length + 4 + 32 * custodies.length + 16 + 64);
  let o = 0;
  Buffer.from(POOL_LAYOUT.discriminator, 'hex').copy(b, o);
  o += 8;
  b.writeUInt32LE(nameBytes.length, o);
  o += 4;
  nameBytes.copy(b, o);
  o += nameBytes.length;
  b.writeUInt32LE(custodies.length, o);
  o += 4;
  for (const c of custodies) {
    Buffer.from(base58Decode(c)).copy(b, o);
    o += 32;
  }
  b.writeBigUInt64LE(aumUsd & 0xffff_ffff_ffff_ffffn, o);
  b.writeBigUInt64LE(aumUsd >> 64n, o + 8);
  return b;
}
