import { afterEach, describe, it } from 'vitest';
import type { ConnectorEvent } from '../../../src/core/types.js';
import { until } from '../../contract/connector.contract.js';
import { expectQuietAfterDispose } from '../quiet.js';
import { jupUnderTest } from './setup.js';

let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

describe('Jupiter dispose is terminal (API key set)', () => {
  it('a running connector closes its account stream and sends no RPC or API request after dispose', async () => {
    const t = await jupUnderTest({ JUPITER_API_KEY: 'k-test' });
    close = () => t.fake.close();
    const events: ConnectorEvent[] = [];
    await t.connector.start({ emit: (e) => events.push(e) });
    await until(() => t.fake.server.wsClients === 1 && t.fake.subscriptions.size > 0, 'subscribed');
    await expectQuietAfterDispose(t.connector, [t.fake.server], events);
  });

  it('a dispose while the first snapshot is in flight never opens the stream', async () => {
    const t = await jupUnderTest({ JUPITER_API_KEY: 'k-test' });
    close = () => t.fake.close();
    t.fake.server.fault('', { kind: 'slow', ms: 400 }, 1);
    const events: ConnectorEvent[] = [];
    const started = t.connector.start({ emit: (e) => events.push(e) });
    await until(() => t.fake.server.requests.length > 0, 'snapshot in flight');
    await expectQuietAfterDispose(t.connector, [t.fake.server], events);
    await started;
  });
});
