/**
 * The fake's USER_DATA routes (`commissionRate`, `leverageBracket`), verifying both of Aster's signature schemes the
 * way the venue documents them: V1 (`/fapi/v1`): `X-MBX-APIKEY` must be the configured key and `signature` the hex
 * HMAC-SHA256 of the rest of the query, `timestamp` within `recvWindow`; V3 (`/fapi/v3`): the EIP-712 signature over
 * the URL-encoded parameters (domain AsterSignTransaction v1, chain 1666, type Message {msg: string}) must recover
 * to `signer`, the agent registered for `user`, with a fresh microsecond `nonce` never used before.
 * Rejections use the venue's codes: -2015 (unknown key or agent, HTTP 401), -1022 (bad signature), -4225 (nonce).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { recoverTypedDataAddress } from 'viem';
import type { FakeRequest, FakeServer } from '../server.js';

export interface FakeAuth {
  /** The venue's clock minus ours, ms (its `/time` and its timestamp/nonce checks use it). */
  clockOffsetMs: number;
  /** V1 HMAC key pair the fake accepts; null = none. */
  v1: { apiKey: string; secret: string } | null;
  /** V3 API wallet: the main wallet and its registered agent (signer) address; null = none. */
  v3: { user: string; signer: string; chainId: number } | null;
}

export interface SignedData {
  commission: { maker: string; taker: string };
  brackets: Array<{ symbol: string; brackets: Array<Record<string, number>> }>;
}

type Rejection = { status: number; body: { code: number; msg: string } };
const reject = (status: number, code: number, msg: string): Rejection => ({ status, body: { code, msg } });
const BAD_SIG = reject(400, -1022, 'Signature for this request is not valid.');
const BAD_KEY = reject(401, -2015, 'Invalid API-key, IP, or permissions for action.');

/** The query without `signature`, encoded as the client encoded it. */
function unsigned(req: FakeRequest): string {
  const q = new URLSearchParams(req.query);
  q.delete('signature');
  return q.toString();
}

function verifyV1(req: FakeRequest, auth: FakeAuth): Rejection | null {
  if (!auth.v1 || req.headers['x-mbx-apikey'] !== auth.v1.apiKey) return BAD_KEY;
  const expected = createHmac('sha256', auth.v1.secret).update(unsigned(req)).digest();
  const got = Buffer.from(req.query.get('signature') ?? '', 'hex');
  if (got.length !== expected.length || !timingSafeEqual(got, expected)) return BAD_SIG;
  const ts = Number(req.query.get('timestamp'));
  const window = Number(req.query.get('recvWindow') ?? 5000);
  const now = Date.now() + auth.clockOffsetMs;
  if (!(ts < now + 1000 && now - ts <= window)) return reject(400, -1021, 'Timestamp for this request is outside of the recvWindow.');
  return null;
}

async function verifyV3(req: FakeRequest, auth: FakeAuth, nonces: Set<string>): Promise<Rejection | null> {
  const user = req.query.get('user') ?? '';
  const signer = req.query.get('signer') ?? '';
  if (!auth.v3 || user.toLowerCase() !== auth.v3.user.toLowerCase() || signer.toLowerCase() !== auth.v3.signer.toLowerCase())
    return BAD_KEY;
  let recovered: string;
  try {
    recovered = await recoverTypedDataAddress({
      domain: {
        name: 'AsterSignTransaction',
        version: '1',
        chainId: auth.v3.chainId,
        verifyingContract: '0x0000000000000000000000000000000000000000',
      },
      types: { Message: [{ name: 'msg', type: 'string' }] },
      primaryType: 'Message',
      message: { msg: unsigned(req) },
      signature: (req.query.get('signature') ?? '0x') as `0x${string}`,
    });
  } catch {
    return BAD_SIG;
  }
  if (recovered.toLowerCase() !== signer.toLowerCase()) return BAD_SIG;
  const nonce = req.query.get('nonce') ?? '';
  const ageUs = (Date.now() + auth.clockOffsetMs) * 1000 - Number(nonce);
  if (nonces.has(nonce) || !(Math.abs(ageUs) <= 10_000_000)) return reject(400, -4225, 'Nonce Expired');
  nonces.add(nonce);
  return null;
}

/** Register the signed routes; `verified` counts accepted requests per scheme. */
export function installSigned(server: FakeServer, auth: FakeAuth, data: SignedData, verified: { v1: number; v3: number }): void {
  const nonces = new Set<string>();
  for (const v of ['v1', 'v3'] as const) {
    const guard = async (req: FakeRequest) => (v === 'v1' ? verifyV1(req, auth) : verifyV3(req, auth, nonces));
    server.route('GET', `/fapi/${v}/commissionRate`, async (req) => {
      const r = await guard(req);
      if (r) return r;
      verified[v]++;
      const symbol = req.query.get('symbol') ?? '';
      return { symbol, makerCommissionRate: data.commission.maker, takerCommissionRate: data.commission.taker };
    });
    server.route('GET', `/fapi/${v}/leverageBracket`, async (req) => {
      const r = await guard(req);
      if (r) return r;
      verified[v]++;
      return data.brackets;
    });
  }
}
