/** Base58 public keys: the shared Solana codec (src/transports/solana.ts), re-exported so the names stay stable. */
export { base58Decode, base58Encode, isPubkey, pubkeyBytes } from '../../transports/solana.js';
