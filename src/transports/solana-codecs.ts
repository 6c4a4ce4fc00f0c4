/**
 * Solana account field codecs on the maintained `@solana/codecs` package (Anza's kit): little-endian integers
 * (u8 … u128, i8 … i64, f32), booleans and 32-byte base58 public keys, composed into struct decoders. Shared by chain
 * connectors that read Anchor/Borsh accounts; a venue keeps only its layout (field, type, offset).
 */
import {
  fixDecoderSize,
  getBase58Decoder,
  getF32Decoder,
  getI64Decoder,
  getI8Decoder,
  getStructDecoder,
  getU128Decoder,
  getU32Decoder,
  getU64Decoder,
  getU8Decoder,
  padLeftDecoder,
  transformDecoder,
  type Decoder,
} from '@solana/codecs';

/** The field types an account layout may use, and what each decodes to (64 bits and more: bigint). */
export interface FieldTypes {
  u8: number;
  bool: boolean;
  i8: number;
  u32: number;
  f32: number;
  u64: bigint;
  i64: bigint;
  u128: bigint;
  pubkey: string;
}
export type FieldType = keyof FieldTypes;

/** A 32-byte public key as base58 (Bitcoin alphabet). */
export const pubkeyDecoder: Decoder<string> = fixDecoderSize(getBase58Decoder(), 32);

/** One decoder per field type. `bool` is any non-zero byte (as the program reads it), not only 1. */
export const FIELD_DECODERS: { readonly [T in FieldType]: Decoder<FieldTypes[T]> } = {
  u8: getU8Decoder(),
  bool: transformDecoder(getU8Decoder(), (v) => v !== 0),
  i8: getI8Decoder(),
  u32: getU32Decoder(),
  f32: getF32Decoder(),
  u64: getU64Decoder(),
  i64: getI64Decoder(),
  u128: getU128Decoder(),
  pubkey: pubkeyDecoder,
};

/** Byte size of each field type. */
export const FIELD_SIZE: Readonly<Record<FieldType, number>> = {
  u8: 1,
  bool: 1,
  i8: 1,
  u32: 4,
  f32: 4,
  u64: 8,
  i64: 8,
  u128: 16,
  pubkey: 32,
};

export interface FieldDef {
  readonly field: string;
  readonly type: FieldType;
  readonly offset: number;
}

/**
 * A struct decoder over fields at fixed offsets (ascending, non-overlapping), starting after `start` bytes: each
 * field's decoder is padded by the gap since the previous field's end, so unread spans are skipped. Throws at
 * construction if the offsets are not ascending, so a layout error shows at load, not on the first account.
 */
export function fixedStructDecoder(fields: readonly FieldDef[], start: number): Decoder<Record<string, unknown>> {
  let end = start;
  const parts: Array<[string, Decoder<unknown>]> = fields.map((f) => {
    if (f.offset < end) throw new Error(`layout: field ${f.field} at ${f.offset} overlaps the previous field (ends at ${end})`);
    const gap = f.offset - end;
    end = f.offset + FIELD_SIZE[f.type];
    const d = FIELD_DECODERS[f.type] as Decoder<unknown>;
    return [f.field, gap ? padLeftDecoder(d, gap) : d];
  });
  return padLeftDecoder(getStructDecoder(parts), start) as Decoder<Record<string, unknown>>;
}
