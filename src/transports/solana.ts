/**
 * Solana codecs shared by chain connectors: base58 public keys on the maintained `@solana/codecs` package (Bitcoin
 * alphabet, 32 bytes ↔ 32–44 characters), with typed errors for bad input. Account field codecs: solana-codecs.ts.
 */
import { getBase58Decoder, getBase58Encoder } from '@solana/codecs';
import { DataError } from '../core/errors.js';

const toBase58 = getBase58Decoder();
const fromBase58 = getBase58Encoder();

export function base58Encode(bytes: Uint8Array): string {
  return toBase58.decode(bytes);
}

export function base58Decode(s: string): Uint8Array {
  try {
    return new Uint8Array(fromBase58.encode(s));
  } catch {
    const bad = [...s].find((c) => !/[1-9A-HJ-NP-Za-km-z]/.test(c));
    throw new DataError('INVALID_ARGUMENT', `base58: unexpected character ${JSON.stringify(bad ?? '')} in ${JSON.stringify(s)}`);
  }
}

/** A 32-byte public key from base58, or a typed error. */
export function pubkeyBytes(s: string): Uint8Array {
  const b = base58Decode(s);
  if (b.length !== 32) throw new DataError('INVALID_ARGUMENT', `pubkey: expected 32 bytes, got ${b.length} from ${JSON.stringify(s)}`);
  return b;
}

export const isPubkey = (s: string): boolean => {
  try {
    return pubkeyBytes(s).length === 32;
  } catch {
    return false;
  }
};
