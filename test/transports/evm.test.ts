/**
 * The shared EVM transport (src/transports/evm.ts) over a fake Base node: viem reads made together travel as one
 * JSON-RPC batch, errors come out typed (transport errors unchanged, sub-call reverts with their reason, undecodable
 * data SCHEMA), and an aborted scope sends nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../../src/core/http.js';
import { RateLimiter } from '../../src/core/rate-limit.js';
import { VenueError } from '../../src/core/errors.js';
import { AGGREGATOR_V3_ABI, readChainlink } from '../../src/oracles/chainlink.js';
import { EvmReader, revertReason } from '../../src/transports/evm.js';
import { JsonRpcClient } from '../../src/transports/jsonrpc.js';
import { BASE, FakeBase } from '../fakes/base/index.js';

const AGG = '0x64c911996D3c6aC71f9b455B1E8E7266BcbD848F';
const OTHER = '0x71041dddad3595F9CEd3DcCFBe3D1F4b0a16Bb70';
let fake: FakeBase;
afterEach(() => fake?.close());

function reader(f: FakeBase): EvmReader {
  const limiter = new RateLimiter({ budgetPerMinute: 1000, now: Date.now });
  const http = new HttpClient({ venue: 'synfutures', fetch, limiter, now: Date.now, timeoutMs: 1000, retries: 0 });
  const rpc = new JsonRpcClient({ venue: 'synfutures', http, url: f.rpcUrl, limiter, count: () => undefined, revertReason });
  return new EvmReader({ venue: 'synfutures', rpc, multicallAddress: BASE.multicall });
}

describe('EVM transport on viem', () => {
  it('reads made together (chain id, code, a contract read, a multicall) go out as one HTTP request, in order', async () => {
    fake = await FakeBase.start();
    fake.aggregator(AGG, 100_000, 1_700_000_000);
    const s = reader(fake).scope();
    const [id, code, dec, multi] = await Promise.all([
      s.chainId(),
      s.hasCode(AGG, 'aggregator'),
      s.read<number>({ address: AGG, abi: AGGREGATOR_V3_ABI, functionName: 'decimals', what: 'decimals' }),
      readChainlink(s, 'synfutures', [{ base: { aggregator: AGG, heartbeatS: 1200 }, quote: null }]),
    ]);
    expect([id, code, dec]).toEqual([8453, true, 8]);
    expect(multi).toEqual([{ price: 100_000, updatedAt: 1_700_000_000_000, heartbeatMs: 1_200_000 }]);
    const rpc = fake.server.requests.filter((r) => r.path === '/rpc');
    expect(rpc).toHaveLength(1);
    expect((JSON.parse(rpc[0]!.body) as Array<{ method: string }>).map((x) => x.method)).toEqual([
      'eth_chainId',
      'eth_getCode',
      'eth_call',
      'eth_call',
    ]);
  });

  it('a feed without code fails alone with a SCHEMA error; the other feed of the same multicall is served', async () => {
    fake = await FakeBase.start();
    fake.aggregator(AGG, 50, 1_700_000_000);
    const out = await readChainlink(reader(fake).scope(), 'synfutures', [
      { base: { aggregator: OTHER, heartbeatS: 1200 }, quote: null },
      { base: { aggregator: AGG, heartbeatS: 1200 }, quote: null },
    ]);
    expect(out[0]).toBeInstanceOf(VenueError);
    expect((out[0] as VenueError).code).toBe('SCHEMA');
    expect(out[1]).toMatchObject({ price: 50 });
  });

  it('a JSON-RPC rate-limit error passes through typed, not wrapped by viem', async () => {
    fake = await FakeBase.start();
    fake.rpcErrors.push({ code: -32005, message: 'request limit exceeded' });
    const err = await reader(fake)
      .scope()
      .chainId()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VenueError);
    expect(err).toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('a scope whose signal is aborted sends nothing and rejects with the abort', async () => {
    fake = await FakeBase.start();
    const ac = new AbortController();
    const p = reader(fake).scope(ac.signal).chainId();
    ac.abort();
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    expect(fake.server.requests.filter((r) => r.path === '/rpc')).toHaveLength(0);
  });
});
