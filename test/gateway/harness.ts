/** Start a real gateway (port 0) for tests: mock plane from the shipped datasets, live venues overridable. */
import { WebSocket } from 'ws';
import { loadConfig, type Config } from '../../src/config/index.js';
import type { WebSocketCtor } from '../../src/core/connector.js';
import { UnavailableConnector } from '../../src/core/unavailable.js';
import type { Venue } from '../../src/core/types.js';
import { startGateway, type Gateway } from '../../src/gateway/server.js';
import type { AppOptions } from '../../src/app/app.js';
import { silentLogger } from '../../src/telemetry/logger.js';
import type { VenueFactory, VenueFactoryArgs } from '../../src/venues/factory.js';
import { VENUES } from '../../src/venues/registry.js';

/** Every registered venue's live connector, offline (a test overrides the venues it points at fakes). */
export const OFFLINE = Object.fromEntries(
  VENUES.map((v) => [v, ({ io }: VenueFactoryArgs) => new UnavailableConnector(v, 'offline test: no venue', io.now)]),
) as unknown as Record<Venue, VenueFactory<Config>>;

export async function testGateway(
  env: Record<string, string> = {},
  opts: Partial<Omit<AppOptions, 'config' | 'io'>> & { now?: () => number } = {},
): Promise<Gateway & { config: Config }> {
  const config = loadConfig({ PERP_LOG_LEVEL: 'silent', PERP_DB_PATH: ':memory:', ...env });
  const gw = await startGateway({
    config,
    io: { fetch, WebSocket: WebSocket as unknown as WebSocketCtor, now: opts.now ?? Date.now, logger: silentLogger },
    factories: { ...OFFLINE, ...opts.factories },
    ...(opts.history !== undefined ? { history: opts.history } : {}),
    ...(opts.bus ? { bus: opts.bus } : {}),
    ...(opts.lease ? { lease: opts.lease } : {}),
    ...(opts.role ? { role: opts.role } : {}),
    ...(opts.healthEveryMs ? { healthEveryMs: opts.healthEveryMs } : {}),
    ...(opts.sampleEveryMs ? { sampleEveryMs: opts.sampleEveryMs } : {}),
    ...(opts.startLive !== undefined ? { startLive: opts.startLive } : {}),
    ...(opts.mockFactory ? { mockFactory: opts.mockFactory } : {}),
    ...(opts.instanceId ? { instanceId: opts.instanceId } : {}),
  });
  return Object.assign(gw, { config });
}

export async function gql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<{ data?: T; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: T; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}
