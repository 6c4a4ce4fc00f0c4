/**
 * One rig per venue for the fault matrix: the real connector against its fake with short cadences, a ticker that
 * keeps the fake's streams producing, and per transport an inject/clear pair for each generic fault, plus the
 * venue's own consistency fault. Everything here drives the fakes in test/fakes/ through their public fault API.
 */
import { WebSocket } from 'ws';
import { loadConfig } from '../../src/config/index.js';
import type { Timings } from '../../src/core/cadence.js';
import type { WebSocketCtor } from '../../src/core/connector.js';
import { observe, type Observed } from '../contract/observe.js';
import type { Transport, Venue } from '../../src/core/types.js';
import { silentLogger } from '../../src/telemetry/logger.js';
import { createAsterConnector } from '../../src/venues/aster/index.js';
import { createAvantisConnector } from '../../src/venues/avantis/index.js';
import { createJupiterConnector } from '../../src/venues/jupiter/index.js';
import { createSynfuturesConnector } from '../../src/venues/synfutures/index.js';
import { FakeAster } from '../fakes/aster/index.js';
import { FakeAvantis } from '../fakes/avantis/index.js';
import { FakeBase } from '../fakes/base/index.js';
import { seedDefault as seedBase } from '../fakes/base/scenario.js';
import type { Fault, FakeServer } from '../fakes/server.js';
import { FakeSolana } from '../fakes/solana/index.js';
import { ORACLES, SOL_ORACLE, seedDefault as seedSolana, setOraclePrice, startOracleKeeper } from '../fakes/solana/scenario.js';
import { seedApis } from '../venues/jupiter/setup.js';

export const FAULTS = [
  '429 + Retry-After',
  '429 without Retry-After',
  '5xx',
  'timeout',
  'malformed body',
  'dropped socket',
  'silent stall',
] as const;
export type FaultName = (typeof FAULTS)[number];

export interface TransportRig {
  /** How the matrix names it: REST, RPC or STREAM (WebSocket / Socket.IO). */
  name: 'REST' | 'RPC' | 'STREAM';
  inject(f: FaultName): void;
  clear(): void;
}

export interface Rig {
  venue: Venue;
  connector: Observed;
  /** Transport the connector reports when everything is healthy. */
  preferred: Transport;
  /** Largest SLA of the data channels (funding, mark, depth) in these timings. */
  slaMs: number;
  /** The venue's request budget per rolling minute, and the fake servers that count the requests against it. */
  budget: number;
  counted: FakeServer[];
  transports: TransportRig[];
  consistency: { name: string; inject(): void; clear(): void };
  close(): Promise<void>;
}

const io = () => ({ fetch, WebSocket: WebSocket as unknown as WebSocketCtor, now: Date.now, logger: silentLogger });
const timings = (slaMs: number, cadenceMs = 100): Timings => ({
  FUNDING: { cadenceMs, slaMs },
  MARK: { cadenceMs, slaMs },
  DEPTH: { cadenceMs, slaMs },
  METADATA: { cadenceMs: 1000, slaMs: 20_000 },
});

/** An HTTP fault as the generic fake injects it on a path prefix (until cleared). */
export function httpFault(f: FaultName): Fault {
  switch (f) {
    case '429 + Retry-After':
      return { kind: 'status', status: 429, headers: { 'retry-after': '1' } };
    case '429 without Retry-After':
      return { kind: 'status', status: 429 };
    case '5xx':
      return { kind: 'status', status: 503 };
    case 'timeout':
      return { kind: 'slow', ms: 1500 };
    case 'malformed body':
      return { kind: 'malformed' };
    case 'dropped socket':
      return { kind: 'reset' };
    case 'silent stall':
      return { kind: 'slow', ms: 20_000 };
  }
}

function httpTransport(name: 'REST' | 'RPC', server: FakeServer, prefixes: string[]): TransportRig {
  return {
    name,
    inject: (f) => prefixes.forEach((p) => server.fault(p, httpFault(f), Infinity)),
    clear: () => server.clearFaults(),
  };
}

/** A plain-WebSocket stream on a generic fake: handshake refusals, drops, stalls, garbage frames. */
function wsTransport(server: FakeServer, garbage: { on: boolean }): TransportRig {
  let dropper: NodeJS.Timeout | null = null;
  return {
    name: 'STREAM',
    inject(f) {
      if (f === '429 + Retry-After') server.upgradeFault = { status: 429, headers: { 'retry-after': '1' } };
      if (f === '429 without Retry-After') server.upgradeFault = { status: 429 };
      if (f === '5xx') server.upgradeFault = { status: 503 };
      if (f === 'timeout') server.upgradeFault = 'hang';
      if (f === 'malformed body') garbage.on = true;
      if (f === 'silent stall') server.stall(true);
      if (f === 'dropped socket') dropper = setInterval(() => server.dropSockets(), 300);
      if (f !== 'malformed body' && f !== 'silent stall') server.dropSockets();
    },
    clear() {
      server.upgradeFault = null;
      server.stall(false);
      garbage.on = false;
      if (dropper) clearInterval(dropper);
      dropper = null;
    },
  };
}

export async function asterRig(): Promise<Rig> {
  const fake = await FakeAster.start();
  const budget = 1200;
  // Time scaled 10× through the venue's test knob: 120 requests per 6 s window (= the 1200/min budget counted over
  // 60 s below), so the venue's 60 s backoff after a 429 without Retry-After lasts 6 s here.
  const config = loadConfig({
    ASTER_REST_URL: fake.restUrl,
    ASTER_WS_URL: fake.wsUrl,
    ASTER_RATE_LIMIT_PER_MIN: String(budget / 10),
    ASTER_RATE_WINDOW_MS: '6000',
  });
  const connector = observe(createAsterConnector({ io: io(), config, timings: timings(8000, 200), watchdogMs: 600, timeoutMs: 500 }));
  const garbage = { on: false };
  let gap = false;
  const ticker = setInterval(() => {
    if (garbage.on) return void fake.server.broadcast('{not json');
    fake.pushMarks();
    fake.pushDiff('BTCUSDT', [], [], { gap });
  }, 100);
  connector.watchBook('aster:BTC-USD-PERP');
  return {
    venue: 'aster',
    connector,
    preferred: 'WEBSOCKET',
    // Above the connector's one mark/funding emit per symbol per 5 s from the stream (src/venues/aster/index.ts).
    slaMs: 8000,
    budget,
    counted: [fake.server],
    transports: [httpTransport('REST', fake.server, ['/fapi']), wsTransport(fake.server, garbage)],
    consistency: { name: 'sequence gap', inject: () => (gap = true), clear: () => (gap = false) },
    async close() {
      clearInterval(ticker);
      await connector.dispose();
      await fake.close();
    },
  };
}

export async function jupiterRig(): Promise<Rig> {
  const fake = await FakeSolana.start();
  seedSolana(fake);
  seedApis(fake);
  const budget = 1200;
  const config = loadConfig({
    ...fake.env(),
    JUPITER_RATE_LIMIT_PER_MIN: String(budget),
    JUPITER_API_RATE_LIMIT_PER_MIN: '600',
    JUPITER_RECONCILE_MS: '300',
  });
  const connector = observe(createJupiterConnector({ io: io(), config, timings: timings(3000, 250), watchdogMs: 800, timeoutMs: 500 }));
  startOracleKeeper(fake, 200);
  const garbage = { on: false };
  let backwards = false;
  const ticker = setInterval(() => {
    if (garbage.on) for (const ws of fake.server.wss.clients) ws.send('{not json');
    // Slot going backwards: an old-slot notification with another price must never replace the held one.
    if (backwards) setOraclePrice(fake, SOL_ORACLE, ORACLES[SOL_ORACLE]!.price / 2n, { slot: fake.slot - 50 });
  }, 100);
  connector.watchBook('jupiter:SOL-USD-PERP');
  return {
    venue: 'jupiter',
    connector,
    preferred: 'WEBSOCKET',
    slaMs: 3000,
    budget,
    counted: [fake.server],
    transports: [httpTransport('RPC', fake.server, ['/rpc']), wsTransport(fake.server, garbage)],
    consistency: { name: 'slot going backwards', inject: () => (backwards = true), clear: () => (backwards = false) },
    async close() {
      clearInterval(ticker);
      fake.stopKeeper();
      await connector.dispose();
      await fake.close();
    },
  };
}

export async function synfuturesRig(): Promise<Rig> {
  const fake = await FakeBase.start();
  seedBase(fake);
  const budget = 1200;
  const config = loadConfig({ ...fake.env(), SYNFUTURES_RATE_LIMIT_PER_MIN: String(budget), SYNFUTURES_MAX_BLOCK_LAG_MS: '5000' });
  const connector = observe(createSynfuturesConnector({ io: io(), config, timings: timings(3000, 250), watchdogMs: 800, timeoutMs: 500 }));
  return {
    venue: 'synfutures',
    connector,
    preferred: 'RPC',
    slaMs: 3000,
    budget,
    counted: [fake.server],
    transports: [httpTransport('RPC', fake.server, ['/rpc'])],
    consistency: {
      name: 'Base block lag',
      inject: () => (fake.frozenHead = { number: 29_999_000, timestamp: Math.floor(Date.now() / 1000) - 30 }),
      clear: () => (fake.frozenHead = null),
    },
    async close() {
      await connector.dispose();
      await fake.close();
    },
  };
}

export async function avantisRig(): Promise<Rig> {
  const fake = await FakeAvantis.start();
  const budget = 600;
  const config = loadConfig({ ...fake.env(), AVANTIS_RATE_LIMIT_PER_MIN: String(budget) });
  const connector = observe(createAvantisConnector({ io: io(), config, timings: timings(2000, 200), watchdogMs: 1000, timeoutMs: 500 }));
  let rate = 0.004;
  let stalled = false;
  const ticker = setInterval(() => {
    if (stalled) return;
    rate = rate === 0.004 ? 0.0041 : 0.004;
    fake.emitDiff({ pairInfos: { '1': { fundingRate: { long: rate, short: -rate } } } });
  }, 150);
  // Socket.IO transport: connection refusals stand for 429/5xx/timeout at the handshake.
  let dropper: NodeJS.Timeout | null = null;
  let garbage: NodeJS.Timeout | null = null;
  const stream: TransportRig = {
    name: 'STREAM',
    inject(f) {
      if (f === 'malformed body') garbage = setInterval(() => fake.emitRaw('{not json'), 100);
      else if (f === 'dropped socket') dropper = setInterval(() => fake.dropSockets(), 300);
      else if (f === 'silent stall') stalled = true;
      else {
        fake.refuseSocket = true;
        fake.dropSockets();
      }
    },
    clear() {
      fake.refuseSocket = false;
      stalled = false;
      for (const t of [dropper, garbage]) if (t) clearInterval(t);
      dropper = garbage = null;
    },
  };
  return {
    venue: 'avantis',
    connector,
    preferred: 'WEBSOCKET',
    slaMs: 2000,
    budget,
    counted: [fake.data],
    transports: [httpTransport('REST', fake.data, ['/v2', '/v1', '/socket-api']), stream],
    consistency: {
      // A diff arriving on a fresh socket before the snapshot fetch answers: it must not be merged into nothing.
      name: 'Socket.IO diff before snapshot',
      inject() {
        fake.data.fault('/v2/trading', { kind: 'slow', ms: 400 }, Infinity);
        fake.dropSockets();
      },
      clear() {
        fake.data.clearFaults();
      },
    },
    async close() {
      clearInterval(ticker);
      await connector.dispose();
      await fake.close();
    },
  };
}
