/**
 * The suite every connector passes (STYLE.md "hummingbot"-style abstract suite). Call it from
 * test/venues/<venue>/contract.test.ts with a setup that builds the connector against its fake venue.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connector } from '../../src/core/connector.js';
import { parseMarketId } from '../../src/core/symbols.js';
import type { ConnectorEvent } from '../../src/core/types.js';
import type { Fault } from '../fakes/server.js';
import { observe, type Observed } from './observe.js';

export interface ContractHarness {
  connector: Connector;
  budgetPerMinute: number;
  fault(f: Fault, times?: number): void;
  clearFaults(): void;
  requestTimes(): number[];
  dispose(): Promise<void>;
  /** The connector's request timeout (ms) as configured by the harness; enables the timeout case. Keep it ≤ 1000. */
  timeoutMs?: number;
}

export async function until<T>(fn: () => T | Promise<T>, what: string, timeoutMs = 8000, stepMs = 25): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last as NonNullable<T>;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what} (last: ${JSON.stringify(last)?.slice(0, 200)})`);
}

/** Recursively find a non-finite number in a served value. */
export function findNonFinite(v: unknown, path = '$'): string | null {
  if (typeof v === 'number') return Number.isFinite(v) ? null : path;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const r = findNonFinite(v[i], `${path}[${i}]`);
      if (r) return r;
    }
    return null;
  }
  if (v && typeof v === 'object' && !(v instanceof Error)) {
    for (const [k, x] of Object.entries(v)) {
      const r = findNonFinite(x, `${path}.${k}`);
      if (r) return r;
    }
  }
  return null;
}

function maxInWindow(times: number[], windowMs: number): number {
  const t = [...times].sort((a, b) => a - b);
  let max = 0;
  let lo = 0;
  for (let hi = 0; hi < t.length; hi++) {
    while (t[hi]! - t[lo]! >= windowMs) lo++;
    max = Math.max(max, hi - lo + 1);
  }
  return max;
}

export function connectorContract(name: string, setup: () => Promise<ContractHarness>, opts: { networked?: boolean } = {}): void {
  const net = opts.networked ?? true;
  /** Fault cases exist only for connectors with a network (not for the mock connector). */
  const itNet = net ? it : () => undefined;
  describe(`connector contract: ${name}`, () => {
    let h: ContractHarness & { connector: Observed };
    let events: ConnectorEvent[];

    beforeEach(async () => {
      events = [];
      const raw = await setup();
      // What a connector serves is what its events put in the app's store (the only latest state).
      h = { ...raw, connector: observe(raw.connector) };
      await h.connector.start({ emit: (e) => events.push(e) });
      await until(async () => (await h.connector.listMarkets()).length > 0, 'markets listed');
    });

    afterEach(async () => {
      await h.dispose();
    });

    it('lists markets with canonical, unique ids of its own venue', async () => {
      const markets = await h.connector.listMarkets();
      const ids = markets.map((m) => m.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const m of markets) {
        const p = parseMarketId(m.id);
        expect(p, `canonical id ${m.id}`).not.toBeNull();
        expect(p!.venue).toBe(h.connector.venue);
        expect(m.venue).toBe(h.connector.venue);
        expect(m.symbol).toBe(`${p!.base}-${p!.quote}`);
      }
    });

    it('emits what the store needs to serve every market, and nothing for an unknown id (DataLoader-shaped reads)', async () => {
      const markets = await h.connector.listMarkets();
      const ids = markets.map((m) => m.id);
      await until(async () => (await h.connector.getFunding(ids)).every((x) => !(x instanceof Error)), 'funding for every market');
      const a = ids[0]!;
      const b = ids[ids.length - 1]!;
      const unknown = `${h.connector.venue}:NOPE-USD-PERP`;
      const funding = await h.connector.getFunding([a, unknown, b]);
      expect(funding).toHaveLength(3);
      expect(funding[0]).not.toBeInstanceOf(Error);
      expect(funding[1]).toBeInstanceOf(Error);
      expect(funding[2]).not.toBeInstanceOf(Error);
      expect((funding[0] as { market: string }).market).toBe(a);
      expect((funding[2] as { market: string }).market).toBe(b);
      const stats = await h.connector.getStats([unknown, a]);
      expect(stats).toHaveLength(2);
      expect(stats[0]).toBeInstanceOf(Error);
      const books = await h.connector.getBooks([unknown], 5);
      expect(books).toHaveLength(1);
      expect(books[0]).toBeInstanceOf(Error);
    });

    it('serves no NaN or Infinity anywhere, and books are never crossed', async () => {
      const markets = await h.connector.listMarkets();
      const ids = markets.map((m) => m.id);
      for (const id of ids) h.connector.watchBook(id);
      await until(async () => (await h.connector.getFunding(ids)).some((x) => !(x instanceof Error)), 'some funding');
      const served = [
        markets,
        await h.connector.getFunding(ids),
        await h.connector.getStats(ids),
        await h.connector.getBooks(ids, 5),
        events,
      ];
      expect(findNonFinite(served)).toBeNull();
      for (const b of await h.connector.getBooks(ids, 5)) {
        if (b instanceof Error || !b.bids[0] || !b.asks[0]) continue;
        expect(b.bids[0].price).toBeLessThan(b.asks[0].price);
      }
      for (const id of ids) h.connector.unwatchBook(id);
    });

    itNet('reflects a 5xx in health and recovers after the fault clears', async () => {
      h.fault({ kind: 'status', status: 503 }, Infinity);
      const down = await until(() => {
        const x = h.connector.health();
        return x.consecutiveFailures > 0 && x.lastError?.code === 'HTTP_5XX' ? x : null;
      }, 'HTTP_5XX in health');
      expect(down.lastError!.message.length).toBeGreaterThan(0);
      h.clearFaults();
      await until(() => h.connector.health().consecutiveFailures === 0, 'consecutiveFailures reset after recovery', 15_000);
    });

    itNet('types malformed and schema-violating payloads, and keeps serving the last good data', async () => {
      const ids = (await h.connector.listMarkets()).map((m) => m.id);
      await until(async () => (await h.connector.getFunding(ids)).some((x) => !(x instanceof Error)), 'some funding before the fault');
      h.fault({ kind: 'malformed' }, Infinity);
      await until(() => h.connector.health().lastError?.code === 'MALFORMED', 'MALFORMED in health');
      h.clearFaults();
      h.fault({ kind: 'body', body: { unexpected: true, symbols: 'nope', data: 42 } }, Infinity);
      await until(() => h.connector.health().lastError?.code === 'SCHEMA', 'SCHEMA in health');
      const f = await h.connector.getFunding(ids);
      expect(f.some((x) => !(x instanceof Error))).toBe(true);
      expect(findNonFinite(f)).toBeNull();
      h.clearFaults();
    });

    itNet('turns a slow venue into a TIMEOUT in health', async () => {
      if (!h.timeoutMs) throw new Error('the harness must set timeoutMs (≤ 1000) so the timeout case runs');
      h.fault({ kind: 'slow', ms: h.timeoutMs + 1500 }, Infinity);
      await until(() => h.connector.health().lastError?.code === 'TIMEOUT', 'TIMEOUT in health', h.timeoutMs * 4 + 8000);
      h.clearFaults();
    });

    itNet('sends nothing during a 429 Retry-After pause and shows it in rateLimit', async () => {
      h.fault({ kind: 'status', status: 429, headers: { 'retry-after': '2' } }, 1);
      const paused = await until(() => {
        const x = h.connector.health();
        return x.rateLimit.lastRetryAfterMs === 2000 ? x : null;
      }, 'lastRetryAfterMs = 2000');
      expect(paused.lastError?.code).toBe('RATE_LIMITED');
      // Requests already on the wire when the 429 arrived may land a few ms later: count from 100 ms after.
      await new Promise((r) => setTimeout(r, 100));
      const t0 = Date.now();
      const before = h.requestTimes().filter((t) => t > t0).length;
      await new Promise((r) => setTimeout(r, 1400));
      const during = h.requestTimes().filter((t) => t > t0).length;
      expect(during - before).toBe(0);
      await until(() => h.requestTimes().some((t) => t > t0 + 1400), 'requests resume after the pause', 8000);
    });

    itNet('never exceeds its rate budget in any rolling 60 s window', async () => {
      await new Promise((r) => setTimeout(r, 1500));
      expect(maxInWindow(h.requestTimes(), 60_000)).toBeLessThanOrEqual(h.budgetPerMinute);
    });

    it('leaves no running timers or sockets after dispose()', async () => {
      await h.dispose();
      await new Promise((r) => setTimeout(r, 50));
      const handles = (process as unknown as { getActiveResourcesInfo(): string[] }).getActiveResourcesInfo();
      const count = events.length;
      await new Promise((r) => setTimeout(r, 400));
      expect(events.length).toBe(count);
      expect(handles.filter((x) => x === 'TCPSocketWrap' || x === 'TCPServerWrap').length).toBe(0);
      h = { ...h, dispose: () => Promise.resolve() };
    });
  });
}
