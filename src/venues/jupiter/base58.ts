/** Base58 (Bitcoin alphabet) for Solana public keys: 32 bytes ↔ 32–44 characters. Small and dependency-free. */
import { DataError } from '../../core/errors.js';

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const INDEX = new Map([...ALPHABET].map((c, i) => [c, i]));

export function base58Encode(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  let out = '';
  while (n > 0n) {
    out = ALPHABET[Number(n % 58n)]! + out;
    n /= 58n;
  }
  return '1'.repeat(zeros) + out;
}

export function base58Decode(s: string): Uint8Array {
  let zeros = 0;
  while (zeros < s.length && s[zeros] === '1') zeros++;
  let n = 0n;
  for (const c of s) {
    const v = INDEX.get(c);
    if (v === undefined)
      throw new DataError('INVALID_ARGUMENT', `base58: unexpected character ${JSON.stringify(c)} in ${JSON.stringify(s)}`);
    n = n * 58n + BigInt(v);
  }
  const body: number[] = [];
  while (n > 0n) {
    body.unshift(Number(n & 0xffn));
    n >>= 8n;
  }
  return Uint8Array.from([...new Array<number>(zeros).fill(0), ...body]);
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
