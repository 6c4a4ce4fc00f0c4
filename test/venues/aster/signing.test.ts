import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { loadConfig, redactedConfig } from '../../../src/config/index.js';
import type { WebSocketCtor } from '../../../src/core/connector.js';
import type { MarketMeta } from '../../../src/core/types.js';
import { createLogger } from '../../../src/telemetry/logger.js';
import { createAsterConnector } from '../../../src/venues/aster/index.js';
import { observe } from '../../contract/observe.js';
import { until } from '../../contract/connector.contract.js';
import { FakeAster } from '../../fakes/aster/index.js';
import { FAST } from './setup.js';

let fake: FakeAster | null = null;
let connector: ReturnType<typeof observe> | null = null;
afterEach(async () => {
  await connector?.dispose();
  await fake?.close();
  fake = connector = null;
});

const agentKey = generatePrivateKey();
const agent = privateKeyToAccount(agentKey).address;
const user = privateKeyToAccount(generatePrivateKey()).address;

async function run(env: Record<string, string>) {
  const lines: string[] = [];
  const config = loadConfig({ ASTER_REST_URL: fake!.restUrl, ASTER_WS_URL: fake!.wsUrl, ASTER_RATE_LIMIT_PER_MIN: '600', ...env });
  connector = observe(
    createAsterConnector({
      io: {
        fetch,
        WebSocket: WebSocket as unknown as WebSocketCtor,
        now: Date.now,
        logger: createLogger('debug', {}, (l) => lines.push(l)),
      },
      config,
      timings: FAST,
      watchdogMs: 800,
      timeoutMs: 500,
    }),
  );
  await connector.start({ emit: () => undefined });
  return { lines, config };
}

const btc = async (): Promise<MarketMeta> => (await connector!.listMarkets()).find((m) => m.id === 'aster:BTC-USD-PERP')!;
const source = (name: string) => connector!.health().sources.find((s) => s.name === name);

describe('Aster signed reads: V3 API wallet (EIP-712) and V1 HMAC, verified by the fake', () => {
  it('V3: commission rate and leverage brackets from reads the fake verified become the served fees and tiers', async () => {
    fake = await FakeAster.start();
    fake.auth.v3 = { user, signer: agent, chainId: 1666 };
    await run({ ASTER_API_USER: user, ASTER_API_SIGNER: agent, ASTER_API_SIGNER_KEY: agentKey });
    await until(async () => (await btc()).fees.source === 'ACCOUNT', 'account fees');
    const m = await btc();
    expect(m.fees).toEqual({
      maker: 0.0002,
      taker: 0.0004,
      source: 'ACCOUNT',
      note: 'The signed account’s own commission tier (commissionRate, V3 API-wallet signed).',
    });
    expect(m.maxLeverage).toBe(75);
    expect(m.leverageTiers).toHaveLength(2);
    expect(fake.verified.v3).toBeGreaterThanOrEqual(2);
    expect(fake.verified.v1).toBe(0);
    expect(fake.server.count('/fapi/v1/commissionRate')).toBe(0);
    const r = fake.server.requests.find((q) => q.path === '/fapi/v3/commissionRate')!;
    expect(r.query.get('user')).toBe(user);
    expect(r.query.get('signer')).toBe(agent);
    expect(r.query.get('nonce')).toMatch(/^\d{16}$/); // microseconds
    expect(source('signed-commissionRate')?.status).toBe('AVAILABLE');
  });

  it('V3 nonces follow the venue clock: 30 s of skew is measured from /time and then signed reads are accepted', async () => {
    fake = await FakeAster.start();
    fake.auth.v3 = { user, signer: agent, chainId: 1666 };
    fake.auth.clockOffsetMs = 30_000;
    await run({ ASTER_API_USER: user, ASTER_API_SIGNER: agent, ASTER_API_SIGNER_KEY: agentKey });
    await until(() => Math.abs((connector!.health().counters.clockSkewMs ?? 0) - 30_000) < 1000, 'skew measured');
    await until(async () => (await btc()).fees.source === 'ACCOUNT', 'account fees once the skew is known', 10_000);
    expect(fake.verified.v3).toBeGreaterThanOrEqual(1);
  });

  it('V3 with the wrong key: rejected by the fake, reported as AUTH in health, default fees served, no secret anywhere', async () => {
    fake = await FakeAster.start();
    fake.auth.v3 = { user, signer: agent, chainId: 1666 };
    const wrong = generatePrivateKey();
    const { lines, config } = await run({ ASTER_API_USER: user, ASTER_API_SIGNER: agent, ASTER_API_SIGNER_KEY: wrong });
    await until(() => source('signed-commissionRate')?.status === 'UNAVAILABLE', 'signed source down');
    const s = source('signed-commissionRate')!;
    expect(s.reason).toMatch(/^AUTH: signed request refused: .*-1022/);
    expect(source('signed-leverageBracket')?.reason).toMatch(/^AUTH:/);
    expect(connector!.health().counters['errors.signed-commissionRate.AUTH']).toBeGreaterThanOrEqual(1);
    expect((await btc()).fees.source).toBe('DEFAULT_SCHEDULE');
    expect(fake.verified.v3).toBe(0);
    const shown = JSON.stringify([connector!.health(), lines, redactedConfig(config)]);
    expect(shown).not.toContain(wrong.slice(2));
    expect(shown).not.toMatch(/signature=0x[0-9a-f]{10}/);
    expect(redactedConfig(config).ASTER_API_SIGNER_KEY).toBe('***');
  });

  it('V3 with a key that is not a private key: AUTH in health without the value, the connector keeps serving', async () => {
    fake = await FakeAster.start();
    const { lines } = await run({ ASTER_API_USER: user, ASTER_API_SIGNER: agent, ASTER_API_SIGNER_KEY: 'not-a-key-s3cr3t' });
    await until(() => source('signed-commissionRate')?.status === 'UNAVAILABLE', 'signed source down');
    expect(source('signed-commissionRate')!.reason).toBe('AUTH: ASTER_API_SIGNER_KEY is not a 32-byte hex private key (value not shown)');
    expect(JSON.stringify([connector!.health(), lines])).not.toContain('s3cr3t');
    expect(await connector!.listMarkets()).toHaveLength(3);
  });

  it('V1 HMAC keys still work; a wrong secret is rejected as AUTH', async () => {
    fake = await FakeAster.start();
    await run({ ASTER_API_KEY: 'k-test', ASTER_SECRET_KEY: 's-test' });
    await until(async () => (await btc()).fees.source === 'ACCOUNT', 'account fees over V1');
    expect((await btc()).fees.note).toContain('V1 HMAC signed');
    expect(fake.verified.v1).toBeGreaterThanOrEqual(2);
    await connector!.dispose();
    await fake.close();

    fake = await FakeAster.start();
    const { lines } = await run({ ASTER_API_KEY: 'k-test', ASTER_SECRET_KEY: 'wrong-s3cret' });
    await until(() => source('signed-commissionRate')?.status === 'UNAVAILABLE', 'signed source down');
    expect(source('signed-commissionRate')!.reason).toMatch(/^AUTH: .*-1022/);
    expect(JSON.stringify([connector!.health(), lines])).not.toContain('wrong-s3cret');
  });
});
