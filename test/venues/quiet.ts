/**
 * Dispose is terminal: after `dispose()` a connector sends no request, opens no socket and emits nothing, even when
 * a job was in flight at that moment. Shared by every venue's dispose regression test.
 */
import { expect } from 'vitest';
import type { Connector } from '../../src/core/connector.js';
import type { FakeServer } from '../fakes/server.js';

export async function expectQuietAfterDispose(
  c: Connector,
  servers: FakeServer[],
  events: { length: number },
  waitMs = 1500,
): Promise<void> {
  await c.dispose();
  const t = Date.now();
  const n = events.length;
  await new Promise((r) => setTimeout(r, waitMs));
  for (const s of servers) {
    // A request already on the wire may land a few ms after dispose; nothing may start later.
    expect(s.requests.filter((r) => r.time > t + 50).map((r) => r.path)).toEqual([]);
    expect(s.upgrades.filter((x) => x >= t)).toEqual([]);
    expect(s.wsClients).toBe(0);
  }
  expect(events.length).toBe(n);
}
