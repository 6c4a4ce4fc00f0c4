/**
 * Issue 18 "Done when": a page served from a second local origin queries /graphql, calls /api/perp-connectors and
 * receives a graphql-ws subscription from the gateway, in headless Chromium (CORS, no credentials).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../src/gateway/server.js';
import { testGateway } from '../gateway/harness.js';
import { chromiumMissingReason, launch } from './chromium.js';

const missing = chromiumMissingReason();
if (missing && process.env.CI) throw new Error(missing);

/** The app page: everything it does lands in window.results. */
const page = (gateway: string, ws: string) => `<!doctype html>
<html><head><meta charset="utf-8"><title>app on another origin</title>
<script src="${gateway}/vendor/graphql-ws.js"></script></head>
<body><script>
window.results = {};
(async () => {
  try {
    const q = await fetch('${gateway}/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ schemaVersion market(id: "jupiter:SOL-USD-PERP") { id funding { model } } }' }),
    });
    window.results.graphql = { status: q.status, body: await q.json() };
    const r = await fetch('${gateway}/api/perp-connectors?mode=mock');
    const payload = await r.json();
    window.results.rest = { status: r.status, markets: payload.markets.length };
    const client = graphqlWs.createClient({ url: '${ws}' });
    client.subscribe(
      { query: 'subscription { orderBook(market: "aster:BTC-USD-PERP", levels: 1) { market bids { price } } }' },
      { next: (f) => { window.results.subscription = f.data; }, error: (e) => { window.results.error = String(e && e.message || e); }, complete: () => {} },
    );
  } catch (e) {
    window.results.error = String(e);
  }
})();
</script></body></html>`;

describe('a browser app on another origin', () => {
  let gw: Gateway;
  let app: Server;
  let browser: Browser;
  beforeAll(async () => {
    gw = await testGateway({ PERP_CONNECTOR_MODE: 'mock' });
    const html = page(gw.url, gw.wsUrl);
    app = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
    });
    await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
    if (!missing) browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    app?.close();
    await gw.close();
  });

  it('queries /graphql, reads /api/perp-connectors and receives a subscription', async (ctx) => {
    if (missing) return ctx.skip(missing);
    const origin = `http://localhost:${(app.address() as AddressInfo).port}`;
    expect(new URL(origin).origin).not.toBe(new URL(gw.url).origin);
    const p = await browser.newPage();
    await p.goto(`${origin}/`);
    await p.waitForFunction(
      () => {
        const r = (window as unknown as { results: Record<string, unknown> }).results;
        return r && (r.error || (r.graphql && r.rest && r.subscription));
      },
      null,
      { timeout: 20_000 },
    );
    const r = (await p.evaluate(() => (window as unknown as { results: unknown }).results)) as {
      error?: string;
      graphql: { status: number; body: { data: { schemaVersion: string; market: { id: string; funding: { model: string } } } } };
      rest: { status: number; markets: number };
      subscription: { orderBook: { market: string; bids: Array<{ price: number }> } };
    };
    expect(r.error).toBeUndefined();
    expect(r.graphql.status).toBe(200);
    expect(r.graphql.body.data.market).toEqual({ id: 'jupiter:SOL-USD-PERP', funding: { model: 'BORROW_FEE' } });
    expect(r.rest.status).toBe(200);
    expect(r.rest.markets).toBe(gw.app.venues.reduce((n, v) => n + gw.app.store.venue('mock', v).markets.size, 0));
    expect(r.subscription.orderBook.market).toBe('aster:BTC-USD-PERP');
    expect(r.subscription.orderBook.bids[0]!.price).toBeGreaterThan(0);
  });
});
