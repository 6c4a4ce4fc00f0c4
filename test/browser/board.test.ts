import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Gateway } from '../../src/gateway/server.js';
import { testGateway } from '../gateway/harness.js';
import { chromiumMissingReason, launch } from './chromium.js';

const missing = chromiumMissingReason();
if (missing && process.env.CI) throw new Error(missing);

describe('spread board in headless Chromium', () => {
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

  it('fills the spread table with real figures, labels mock data, and shows live book updates', async (ctx) => {
    if (missing) return ctx.skip(missing);
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const external: string[] = [];
    page.on('request', (r) => void (!r.url().startsWith(gw.url) && external.push(r.url())));
    await page.goto(`${gw.url}/board`);
    await page.waitForSelector('#spreads tbody tr[data-i]', { timeout: 15_000 });
    const first = await page.textContent('#spreads tbody tr[data-i="0"]');
    expect(first).toMatch(/BTC-USD-PERP/);
    expect(first).toMatch(/\d+\.\d+ %/); // an APR figure, not a placeholder
    expect(await page.textContent('#mode')).toContain('MOCK data');
    expect(await page.locator('#venues .badge').count()).toBe(4);
    await page.waitForFunction(() => Number(document.getElementById('book-long')?.dataset.updates ?? 0) >= 2, null, { timeout: 15_000 });
    expect(await page.textContent('#book-long')).toMatch(/seq \d+/);
    await page.waitForSelector('#chart polyline', { timeout: 15_000 });
    mkdirSync('test/artifacts', { recursive: true });
    await page.screenshot({ path: 'test/artifacts/board.png', fullPage: true });
    expect(external).toEqual([]);
  });
});
