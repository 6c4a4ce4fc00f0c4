import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Gateway } from '../../src/gateway/server.js';
import { testGateway } from '../gateway/harness.js';
import { chromiumMissingReason, launch } from './chromium.js';

const missing = chromiumMissingReason();
if (missing && process.env.CI) throw new Error(missing);

describe('GraphiQL in headless Chromium', () => {
  let gw: Gateway;
  let browser: Browser;
  beforeAll(async () => {
    gw = await testGateway({ PERP_CONNECTOR_MODE: 'mock', PERP_DEPTH_CADENCE_MS: '500' });
    if (!missing) browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await gw.close();
  });

  it('loads only local assets, runs a query and a subscription and shows the results', async (ctx) => {
    if (missing) return ctx.skip(missing);
    const page = await browser.newPage();
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(gw.url) && !r.url().startsWith('data:')) external.push(r.url());
    });
    await page.goto(`${gw.url}/graphiql`);
    await page.waitForSelector('.graphiql-query-editor .CodeMirror', { timeout: 15_000 });
    const setQuery = (q: string) =>
      page.evaluate((text) => {
        const cm = (
          document.querySelector('.graphiql-query-editor .CodeMirror') as unknown as { CodeMirror: { setValue(v: string): void } }
        ).CodeMirror;
        cm.setValue(text);
      }, q);
    await setQuery('{ schemaVersion markets(venues: [JUPITER]) { id funding { model } } }');
    await page.click('.graphiql-execute-button');
    await page.waitForFunction(() => document.querySelector('.graphiql-response')?.textContent?.includes('jupiter:SOL-USD-PERP'), null, {
      timeout: 15_000,
    });
    const text = (await page.textContent('.graphiql-response')) ?? '';
    expect(text).toContain('"schemaVersion": "1.0.0"');
    expect(text).toContain('BORROW_FEE');
    await setQuery('subscription LiveBook { orderBook(market: "aster:BTC-USD-PERP", levels: 1) { sequence midPrice } }');
    await page.click('.graphiql-execute-button');
    await page.waitForFunction(() => document.querySelector('.graphiql-response')?.textContent?.includes('midPrice'), null, {
      timeout: 15_000,
    });
    const first = await page.textContent('.graphiql-response');
    await page.waitForFunction((prev) => document.querySelector('.graphiql-response')?.textContent !== prev, first, { timeout: 15_000 });
    mkdirSync('test/artifacts', { recursive: true });
    await page.screenshot({ path: 'test/artifacts/graphiql.png' });
    expect(external).toEqual([]);
  });
});
