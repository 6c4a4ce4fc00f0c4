import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorEvent } from '../../../src/core/types.js';
import { until } from '../../contract/connector.contract.js';
import { expectQuietAfterDispose } from '../quiet.js';
import { avantisUnderTest } from './setup.js';

let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

describe('Avantis dispose is terminal', () => {
  it('a running connector closes Socket.IO and the Hermes stream and sends nothing after dispose', async () => {
    const t = await avantisUnderTest();
    close = () => t.fake.close();
    const events: ConnectorEvent[] = [];
    await t.connector.start({ emit: (e) => events.push(e) });
    await until(() => t.fake.socketClients === 1 && events.some((e) => e.type === 'stats'), 'socket open and prices flowing');
    await expectQuietAfterDispose(t.connector, [t.fake.data, t.fake.hermes], events);
    expect(t.fake.socketClients).toBe(0);
  });

  it('a dispose while the first catalog read is in flight never opens the socket', async () => {
    const t = await avantisUnderTest();
    close = () => t.fake.close();
    t.fake.data.fault('/v2/trading', { kind: 'slow', ms: 400 }, 1);
    const events: ConnectorEvent[] = [];
    const started = t.connector.start({ emit: (e) => events.push(e) });
    await until(() => t.fake.data.count('/v2/trading') > 0, 'catalog read in flight');
    await expectQuietAfterDispose(t.connector, [t.fake.data, t.fake.hermes], events);
    await started;
    expect(t.fake.data.upgrades).toEqual([]);
  });
});
