import { afterEach, describe, it } from 'vitest';
import type { ConnectorEvent } from '../../../src/core/types.js';
import { until } from '../../contract/connector.contract.js';
import { expectQuietAfterDispose } from '../quiet.js';
import { synUnderTest } from './setup.js';

let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

describe('SynFutures dispose is terminal', () => {
  it('a running connector sends no RPC request and emits nothing after dispose', async () => {
    const t = await synUnderTest();
    close = () => t.fake.close();
    const events: ConnectorEvent[] = [];
    await t.connector.start({ emit: (e) => events.push(e) });
    await until(() => events.some((e) => e.type === 'book'), 'a book read');
    await expectQuietAfterDispose(t.connector, [t.fake.server], events);
  });

  it('a dispose while discovery is in flight leaves nothing running', async () => {
    const t = await synUnderTest();
    close = () => t.fake.close();
    t.fake.server.fault('', { kind: 'slow', ms: 300 }, 2);
    const events: ConnectorEvent[] = [];
    const started = t.connector.start({ emit: (e) => events.push(e) });
    await until(() => t.fake.server.requests.length > 0, 'first RPC in flight');
    await expectQuietAfterDispose(t.connector, [t.fake.server], events);
    await started;
  });
});
