import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { readCounter } from '../../src/gateway/graphql/context.js';
import type { Gateway } from '../../src/gateway/server.js';
import { VENUES as REGISTERED } from '../../src/venues/registry.js';
import { gql, testGateway } from './harness.js';

const VENUES = REGISTERED.map((v) => v.toUpperCase());

describe('gateway offline (no venue reachable): auto falls back to mock per venue, labelled', () => {
  let gw: Gateway;
  beforeAll(async () => {
    gw = await testGateway({ PERP_DEPTH_CADENCE_MS: '300' });
  });
  afterAll(() => gw.close());

  it('Query.fundingHistory honours resolution (bucketed points, same summary) and rejects a bad one', async () => {
    type H = { fundingHistory: { source: string; points: Array<{ time: string; ratePerHour: number }>; summary: { meanApr: number } } };
    const q = (res: string) =>
      `{ fundingHistory(market: "aster:BTC-USD-PERP", resolution: ${JSON.stringify(res)}) { source points { time ratePerHour } summary { meanApr } } }`;
    const raw = await gql<H>(gw.url, q('RAW'));
    const hourly = await gql<H>(gw.url, q('8h'));
    expect(raw.errors).toBeUndefined();
    expect(hourly.errors).toBeUndefined();
    const rp = raw.data!.fundingHistory.points;
    const hp = hourly.data!.fundingHistory.points;
    expect(raw.data!.fundingHistory.source).toBe('MOCK');
    expect(hp.length).toBeGreaterThan(0);
    expect(hp.length).toBeLessThan(rp.length);
    // One point per 8 h bucket (stamped with the bucket's last sample time).
    const buckets = hp.map((p) => Math.floor(Date.parse(p.time) / (8 * 3_600_000)));
    expect(new Set(buckets).size).toBe(hp.length);
    // The summary is computed at full resolution either way (the two queries' windows may differ by a replay step).
    const [a, b] = [hourly.data!.fundingHistory.summary.meanApr, raw.data!.fundingHistory.summary.meanApr];
    expect(Math.abs(a - b)).toBeLessThanOrEqual(Math.abs(b) * 0.02 + 1e-9);
    const bad = await gql(gw.url, q('7 fortnights'));
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.message).toMatch(/resolution/);
  });

  it('/readyz in auto: ready (every venue served, from mock), each venue with the live error behind its fallback', async () => {
    const res = await fetch(`${gw.url}/readyz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      ready: boolean;
      mode: string;
      venues: Array<{ venue: string; status: string; dataSource: string; lastError: { code: string; message: string } | null }>;
    };
    expect(body).toMatchObject({ ready: true, mode: 'auto' });
    expect(body.venues.map((v) => v.venue).sort()).toEqual([...REGISTERED].sort());
    for (const v of body.venues) {
      expect(v.dataSource).toBe('MOCK');
      expect(v.lastError?.message).toContain('offline test: no venue');
    }
  });

  it('the README query returns every venue, every value labelled MOCK', async () => {
    const r = await gql<{
      markets: Array<{
        id: string;
        venue: string;
        markPrice: number;
        funding: { model: string; freshness: { source: string } };
        depth: { kind: string; bids: Array<{ price: number }> };
      }>;
    }>(
      gw.url,
      '{ markets { id venue markPrice funding { ratePerHour annualizedRate intervalHours model freshness { source } } depth { kind bids { price size } } } }',
    );
    expect(r.errors).toBeUndefined();
    const markets = r.data!.markets;
    expect(new Set(markets.map((m) => m.venue))).toEqual(new Set(VENUES));
    expect(markets.filter((m) => m.venue === 'ASTER').length).toBeGreaterThanOrEqual(10);
    for (const m of markets) {
      expect(m.funding.freshness.source).toBe('MOCK');
      expect(m.markPrice).toBeGreaterThan(0);
      expect(m.depth.bids.length).toBeGreaterThan(0);
    }
    expect(markets.find((m) => m.venue === 'JUPITER')!.funding.model).toBe('BORROW_FEE');
    expect(markets.find((m) => m.venue === 'ASTER')!.depth.kind).toBe('ORDER_BOOK');
  });

  it('connectors in auto mode say MOCK and carry the live error that caused the fallback', async () => {
    const r = await gql<{
      connectors: Array<{ venue: string; status: string; dataSource: string; lastError: { code: string; message: string } }>;
    }>(gw.url, '{ connectors { venue status dataSource lastError { code message } } }');
    expect(r.data!.connectors).toHaveLength(VENUES.length);
    for (const c of r.data!.connectors) {
      expect(c.status).toBe('MOCK');
      expect(c.dataSource).toBe('MOCK');
      expect(c.lastError.code).toBe('UNAVAILABLE');
    }
  });

  it('mode LIVE never serves mock data: no markets, venues DOWN with their error', async () => {
    const r = await gql<{ markets: unknown[]; connectors: Array<{ status: string; dataSource: string }> }>(
      gw.url,
      '{ markets(mode: LIVE) { id } connectors(mode: LIVE) { status dataSource } }',
    );
    expect(r.data!.markets).toEqual([]);
    expect(r.data!.connectors.every((c) => c.status === 'DOWN' && c.dataSource === 'LIVE')).toBe(true);
  });

  it("one query over every market's funding and depth makes at most one batched read per venue and loader", async () => {
    const before = readCounter.reads;
    const r = await gql<{ markets: unknown[] }>(
      gw.url,
      '{ markets { id markPrice indexPrice funding { ratePerHour } depth { midPrice } completeness { score } freshness { ageMs } } }',
    );
    expect(r.data!.markets.length).toBeGreaterThanOrEqual(20);
    // 3 loaders (stats, funding, books) × one read per venue at most.
    expect(readCounter.reads - before).toBeLessThanOrEqual(3 * VENUES.length);
  });

  it('bad arguments get a clear BAD_USER_INPUT error', async () => {
    const r = await gql(gw.url, '{ orderBook(market: "BTCUSDT", levels: 5) { midPrice } }');
    expect(r.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(r.errors![0]!.message).toContain('canonical id');
    const r2 = await gql(gw.url, '{ orderBook(market: "aster:BTC-USD-PERP", levels: 500) { midPrice } }');
    expect(r2.errors![0]!.message).toContain('levels must be an integer from 1 to 50');
  });

  it('the orderBook subscription delivers at least three successive distinct books and stops cleanly', async () => {
    const client = createClient({ url: gw.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
    const books: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const stop = client.subscribe(
        {
          query:
            'subscription { orderBook(market: "aster:BTC-USD-PERP", levels: 5) { market kind sequence bids { price size } asks { price size } freshness { source } } }',
        },
        {
          next: (msg) => {
            const b = (msg.data as { orderBook: { freshness: { source: string } } }).orderBook;
            expect(b.freshness.source).toBe('MOCK');
            const s = JSON.stringify(b);
            if (books[books.length - 1] !== s) books.push(s);
            if (books.length >= 3) {
              stop();
              resolve();
            }
          },
          error: reject,
          complete: () => undefined,
        },
      );
    });
    await client.dispose();
    expect(new Set(books).size).toBeGreaterThanOrEqual(3);
  });
});

describe('REST /api/perp-connectors', () => {
  let gw: Gateway;
  let now = Date.now();
  beforeAll(async () => {
    gw = await testGateway({ PERP_CONNECTOR_MOCK_TTL_MS: '10000', PERP_CONNECTOR_LIVE_TTL_MS: '60000' }, { now: () => now });
  });
  afterAll(() => gw.close());
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync('schema/perp-connectors.schema.json', 'utf8')) as object);

  it.each(['auto', 'mock', 'live'])('mode=%s serves a payload valid against the checked-in JSON Schema', async (mode) => {
    const res = await fetch(`${gw.url}/api/perp-connectors?mode=${mode}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      mode: string;
      connectors: Array<{ dataSource: string; status: string }>;
      markets: unknown[];
      summary: { venues: number };
    };
    const ok = validate(body);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(body.mode).toBe(mode);
    expect(body.summary.venues).toBe(VENUES.length);
    if (mode === 'live') {
      expect(body.markets).toEqual([]);
      expect(body.connectors.every((c) => c.status === 'DOWN')).toBe(true);
    } else {
      expect(body.connectors.every((c) => c.dataSource === 'MOCK')).toBe(true);
      expect(body.markets.length).toBeGreaterThan(20);
    }
  });

  it('an unknown mode is HTTP 400 with a JSON error', async () => {
    const res = await fetch(`${gw.url}/api/perp-connectors?mode=turbo`);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'BAD_USER_INPUT', message: 'mode must be auto, live or mock, got "turbo"' } });
  });

  it('is cached for the mock TTL when any venue is on mock, and the cache state is visible', async () => {
    now = Date.now() + 1_000_000;
    const a = (await (await fetch(`${gw.url}/api/perp-connectors?mode=auto`)).json()) as {
      generatedAt: string;
      cache: { hit: boolean; ageMs: number; ttlMs: number };
    };
    expect(a.cache).toEqual({ hit: false, ageMs: 0, ttlMs: 10_000 });
    now += 9_000;
    const b = (await (await fetch(`${gw.url}/api/perp-connectors?mode=auto`)).json()) as typeof a;
    expect(b.cache).toEqual({ hit: true, ageMs: 9_000, ttlMs: 10_000 });
    expect(b.generatedAt).toBe(a.generatedAt);
    now += 1_001;
    const c = (await (await fetch(`${gw.url}/api/perp-connectors?mode=auto`)).json()) as typeof a;
    expect(c.cache.hit).toBe(false);
    expect(c.generatedAt).not.toBe(a.generatedAt);
  });
});
