import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorEvent } from '../../../src/core/types.js';
import { until } from '../../contract/connector.contract.js';
import { expectQuietAfterDispose } from '../quiet.js';
import { asterUnderTest } from './setup.js';

const KEYS = { ASTER_API_KEY: 'k-test', ASTER_SECRET_KEY: 's-test' };
let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

describe('Aster dispose is terminal (keys set)', () => {
  it('a running connector leaves no socket, request or event after dispose', async () => {
    const t = await asterUnderTest(KEYS);
    close = () => t.fake.close();
    const events: ConnectorEvent[] = [];
    await t.connector.start({ emit: (e) => events.push(e) });
    await until(() => t.fake.server.wsClients === 1, 'stream open');
    expect(t.fake.server.count('/fapi/v1/leverageBracket')).toBeGreaterThan(0);
    await expectQuietAfterDispose(t.connector, [t.fake.server], events);
  });

  it('a dispose while the signed metadata read is in flight does not open the stream afterwards', async () => {
    const t = await asterUnderTest(KEYS);
    close = () => t.fake.close();
    t.fake.server.fault('/fapi/v1/leverageBracket', { kind: 'slow', ms: 400 }, Infinity);
    const events: ConnectorEvent[] = [];
    const started = t.connector.start({ emit: (e) => events.push(e) });
    await until(() => t.fake.server.count('/fapi/v1/leverageBracket') > 0, 'signed read in flight');
    await expectQuietAfterDispose(t.connector, [t.fake.server], events);
    await started;
    expect(t.fake.server.upgrades).toEqual([]);
    expect(events.filter((e) => e.type === 'metadata')).toEqual([]);
  });
});
