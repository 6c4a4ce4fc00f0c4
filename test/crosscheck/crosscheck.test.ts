import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCrosscheck, type Row } from '../../src/crosscheck/run.js';
import type { Gateway } from '../../src/gateway/server.js';
import { startFakeDefiLlama } from '../fakes/defillama/index.js';
import type { FakeServer } from '../fakes/server.js';
import { gql, testGateway } from '../gateway/harness.js';

const T0 = Date.UTC(2026, 10, 2, 12, 0, 0);
type M = { id: string; venue: string; baseAsset: string; volume24hUsd: number | null; openInterest: { usd: number | null } };

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('npm run crosscheck against a fake DefiLlama (gateway in mock mode, fixed clock)', () => {
  let gw: Gateway;
  let llama: FakeServer & { apiUrl: string; yieldsUrl: string };
  const truth = { vol: {} as Record<string, number>, oi: {} as Record<string, number>, btcRate: 0, ethRate: 0 };

  beforeAll(async () => {
    gw = await testGateway({ PERP_CONNECTOR_MODE: 'mock' }, { now: () => T0 });
    const ms = (await gql<{ markets: M[] }>(gw.url, '{ markets { id venue baseAsset volume24hUsd openInterest { usd } } }')).data!.markets;
    for (const m of ms) {
      truth.vol[m.venue] = (truth.vol[m.venue] ?? 0) + m.volume24hUsd!;
      truth.oi[m.venue] = (truth.oi[m.venue] ?? 0) + m.openInterest.usd!;
    }
    const from = new Date(T0 - 86_400_000).toISOString();
    const h = await gql<Record<string, { points: Array<{ rate: number }> }>>(
      gw.url,
      `{ btc: fundingHistory(market: "aster:BTC-USD-PERP", from: "${from}") { points { rate } } eth: fundingHistory(market: "aster:ETH-USD-PERP", from: "${from}") { points { rate } } }`,
    );
    truth.btcRate = h.data!.btc!.points.at(-1)!.rate;
    truth.ethRate = h.data!.eth!.points.at(-1)!.rate;
    llama = await startFakeDefiLlama({
      derivatives: { 'aster-perps': truth.vol.ASTER!, avantis: truth.vol.AVANTIS! * 1.05, 'synfutures-v3': truth.vol.SYNFUTURES! * 1.01 },
      openInterest: [
        { name: 'Aster Perps', slug: 'aster-perps', module: 'aster', total24h: truth.oi.ASTER! },
        { name: 'Avantis', slug: 'avantis', module: 'avantis', total24h: truth.oi.AVANTIS! },
        {
          name: 'Jupiter Perpetual Exchange',
          slug: 'jupiter-perpetual-exchange',
          module: 'jupiter-perpetual',
          total24h: truth.oi.JUPITER! * 0.95,
        },
      ],
      perps: [
        { marketplace: 'Aster', market: 'BTCUSDT', baseAsset: 'BTC', fundingRate: truth.btcRate * 1.05 },
        { marketplace: 'Aster', market: 'ETHUSDT', baseAsset: 'ETH', fundingRate: truth.ethRate },
        { marketplace: 'Binance', market: 'SOLUSDT', baseAsset: 'SOL', fundingRate: 0.0001 },
      ],
    });
  });
  afterAll(async () => {
    await gw.close();
    await llama.close();
  });

  const find = (rows: Row[], venue: string, quantity: string, subject = 'venue total') =>
    rows.find((r) => r.venue === venue && r.quantity === quantity && r.subject === subject)!;

  it('flags the planted 5 % differences, passes the matching rows, and says why a row has no reference', async () => {
    const r = await runCrosscheck({
      gatewayUrl: gw.url,
      defillama: { api: llama.apiUrl, yields: llama.yieldsUrl },
      venues: ['aster', 'avantis', 'jupiter', 'synfutures'],
      now: () => T0,
    });
    expect(r.exitCode).toBe(1);
    const avVol = find(r.rows, 'avantis', 'VOLUME_24H');
    expect(avVol).toMatchObject({ verdict: 'DIFF', gateway: truth.vol.AVANTIS, tolerance: 0.03 });
    expect(avVol.relDiff).toBeCloseTo(1 / 1.05 - 1, 9);
    expect(find(r.rows, 'aster', 'VOLUME_24H')).toMatchObject({ verdict: 'OK', relDiff: 0, reference: truth.vol.ASTER });
    expect(find(r.rows, 'synfutures', 'VOLUME_24H').verdict).toBe('OK'); // 1 % inside the 3 % tolerance
    expect(find(r.rows, 'jupiter', 'VOLUME_24H')).toMatchObject({
      verdict: 'NO_REFERENCE',
      note: 'HTTP 404 from /api/summary/derivatives/jupiter-perpetual-exchange',
    });
    expect(find(r.rows, 'jupiter', 'OPEN_INTEREST').verdict).toBe('DIFF');
    expect(find(r.rows, 'jupiter', 'OPEN_INTEREST').relDiff).toBeCloseTo(1 / 0.95 - 1, 9);
    expect(find(r.rows, 'avantis', 'OPEN_INTEREST').verdict).toBe('OK');
    expect(find(r.rows, 'synfutures', 'OPEN_INTEREST')).toMatchObject({
      verdict: 'NO_REFERENCE',
      note: 'no protocol synfutures-v3 in the open-interest overview',
    });
    // Funding: the gateway's 24 h sample (latest rate) of the top pairs per venue.
    const btc = find(r.rows, 'aster', 'FUNDING', 'aster:BTC-USD-PERP');
    expect(btc).toMatchObject({ verdict: 'DIFF', gateway: truth.btcRate });
    expect(btc.reference).toBeCloseTo(truth.btcRate * 1.05, 15);
    expect(find(r.rows, 'aster', 'FUNDING', 'aster:ETH-USD-PERP')).toMatchObject({ verdict: 'OK', gateway: truth.ethRate });
    expect(find(r.rows, 'aster', 'FUNDING', 'aster:SOL-USD-PERP')).toMatchObject({ verdict: 'NO_REFERENCE', note: 'no SOL row in /perps' });
    expect(r.rows.filter((x) => x.venue === 'aster' && x.quantity === 'FUNDING')).toHaveLength(
      Math.min(10, r.rows.filter((x) => x.subject.startsWith('aster:')).length),
    );
    expect(find(r.rows, 'avantis', 'FUNDING', 'avantis:BTC-USD-PERP')).toMatchObject({
      verdict: 'NO_REFERENCE',
      note: 'no Avantis rows in /perps',
    });
    const jup = r.rows.filter((x) => x.venue === 'jupiter' && x.quantity === 'FUNDING');
    expect(jup.length).toBeGreaterThan(0);
    for (const j of jup) expect(j.verdict).toBe('NO_REFERENCE');
    // The printed table: a header, one line per row, the summary.
    expect(r.lines[0]).toMatch(/^venue\s+quantity\s+subject\s+gateway\s+defillama\s+diff\s+tolerance\s+verdict\s+note$/);
    const avLine = r.lines.find((l) => l.startsWith('avantis') && l.includes('VOLUME_24H'))!;
    expect(avLine).toMatch(/-4\.76 %\s+±3\.0 %\s+DIFF/);
    expect(r.lines.at(-1)).toBe(
      `crosscheck: 8 of ${r.rows.length} rows compared with DefiLlama (${new URL(llama.url).origin}); 3 beyond tolerance`,
    );
    expect(r.lines).toHaveLength(r.rows.length + 4);
  });

  it('a wider tolerance passes the 5 % rows (exit 0 when nothing is beyond tolerance)', async () => {
    const r = await runCrosscheck({
      gatewayUrl: gw.url,
      defillama: { api: llama.apiUrl, yields: llama.yieldsUrl },
      venues: ['aster', 'avantis'],
      tolerance: { VOLUME_24H: 0.06, OPEN_INTEREST: 0.06, FUNDING: 0.06 },
      now: () => T0,
    });
    expect(r.rows.filter((x) => x.verdict === 'DIFF')).toEqual([]);
    expect(r.exitCode).toBe(0);
  });

  it('without network: one clear line and exit 2 (function and CLI)', async () => {
    const port = await closedPort();
    const r = await runCrosscheck({
      gatewayUrl: gw.url,
      defillama: { api: `http://127.0.0.1:${port}`, yields: `http://127.0.0.1:${port}` },
      venues: ['aster'],
      now: () => T0,
    });
    expect(r.exitCode).toBe(2);
    expect(r.lines).toEqual([`crosscheck: no network: cannot reach http://127.0.0.1:${port}: ECONNREFUSED; nothing was compared.`]);

    const cli = spawn(
      process.execPath,
      ['--import', 'tsx', 'scripts/crosscheck.ts', '--gateway', `http://127.0.0.1:${port}`, '--venues', 'aster'],
      {
        env: { ...process.env, DEFILLAMA_URL: `http://127.0.0.1:${port}` },
      },
    );
    let out = '';
    cli.stdout.on('data', (d: Buffer) => (out += d.toString()));
    cli.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((res) => cli.on('close', res));
    expect(code).toBe(2);
    expect(out.trim()).toBe(
      `crosscheck: no network: cannot reach gateway http://127.0.0.1:${port}: ECONNREFUSED (is it running? npm start); nothing was compared.`,
    );
  }, 30_000);
});
