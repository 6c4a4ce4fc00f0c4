/**
 * Signing of Aster's USER_DATA reads (docs/venues/aster.md §4.2, §4.3). V3 (API wallet, the only kind of key the venue
 * still issues): `user`, `signer` and a microsecond `nonce` are added, the URL-encoded parameter string is signed as
 * EIP-712 typed data (domain AsterSignTransaction v1, chain 1666; type Message {msg: string}) by the signer's key and
 * `signature` is appended. V1 (existing HMAC keys): `timestamp` and `recvWindow` are added and `signature` is the hex
 * HMAC-SHA256 of the query, with the key in `X-MBX-APIKEY`. No secret ever leaves this file: errors name the
 * variable, never its value.
 */
import { createHmac } from 'node:crypto';
import { privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import { VenueError } from '../../core/errors.js';

/** The EIP-712 domain and type of a V3 request (docs/venues/aster.md §4.3). */
export const V3_DOMAIN = {
  name: 'AsterSignTransaction',
  version: '1',
  verifyingContract: '0x0000000000000000000000000000000000000000',
} as const;
export const V3_TYPES = { Message: [{ name: 'msg', type: 'string' }] } as const;

export type Params = Record<string, string | number>;
export interface Signed {
  query: string;
  headers: Record<string, string>;
}

export interface Signer {
  readonly scheme: 'v1' | 'v3';
  sign(params: Params): Promise<Signed>;
}

const encode = (p: Params): string => new URLSearchParams(Object.entries(p).map(([k, v]) => [k, String(v)])).toString();

export function hmacSigner(apiKey: string, secret: string, now: () => number): Signer {
  return {
    scheme: 'v1',
    sign(params) {
      const query = encode({ ...params, timestamp: now(), recvWindow: 5000 });
      const signature = createHmac('sha256', secret).update(query).digest('hex');
      return Promise.resolve({ query: `${query}&signature=${signature}`, headers: { 'X-MBX-APIKEY': apiKey } });
    },
  };
}

export interface V3Keys {
  user: `0x${string}`;
  signer: `0x${string}`;
  key: string;
  chainId: number;
}

/** A V3 signer; a key that is not a 32-byte hex string fails every request as AUTH (reported, never thrown at start). */
export function apiWalletSigner(k: V3Keys, now: () => number): Signer {
  let account: PrivateKeyAccount | null = null;
  try {
    account = privateKeyToAccount((k.key.startsWith('0x') ? k.key : `0x${k.key}`) as `0x${string}`);
  } catch {
    account = null;
  }
  let last = 0n;
  return {
    scheme: 'v3',
    async sign(params) {
      if (!account) throw new VenueError('aster', 'AUTH', 'ASTER_API_SIGNER_KEY is not a 32-byte hex private key (value not shown)');
      // Microseconds, strictly increasing: the venue rejects a reused or stale nonce (docs/venues/aster.md §4.3).
      const micros = BigInt(Math.floor(now())) * 1000n;
      last = micros > last ? micros : last + 1n;
      const msg = encode({ ...params, user: k.user, signer: k.signer, nonce: last.toString() });
      const signature = await account.signTypedData({
        domain: { ...V3_DOMAIN, chainId: k.chainId },
        types: V3_TYPES,
        primaryType: 'Message',
        message: { msg },
      });
      return { query: `${msg}&signature=${signature}`, headers: {} };
    },
  };
}

/** Venue codes that mean the key or the signature was refused (docs/venues/aster.md §4.5). */
const AUTH_CODES = /"code"\s*:\s*-(1002|1022|2014|2015|4225)\b/;

/** A refused key or signature as AUTH; any other error unchanged. */
export function asAuthError(err: unknown): unknown {
  if (!(err instanceof VenueError) || err.code !== 'HTTP_4XX') return err;
  if (!/HTTP 401\b/.test(err.message) && !AUTH_CODES.test(err.message)) return err;
  return new VenueError('aster', 'AUTH', `signed request refused: ${err.message}`, { cause: err, retryable: false });
}
