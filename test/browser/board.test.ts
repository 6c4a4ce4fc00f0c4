/**
 * The spread board (/board) in headless Chromium against a real gateway (startGateway via the test harness):
 * mock mode fills the table with real figures, explains a pair, streams both books over graphql-ws and draws the
 * 7-day chart; a live gateway whose venues are unreachable shows them DOWN. Screenshot: test/artifacts/board.png.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Gateway } from '../../src/gateway/server.js';
import { testGateway } from '../gateway/harness.js';
import { captureBoard } from '../../scripts/board-screenshot.js';
import { chromiumMissingReason, launch } from './chromium.js';
import { VENUES } from '../../src/venues/registry.js';

/** Every registered venue, as the board names them (alphabetical, as the board lists them). */
const UPPER = VENUES.map((v) => v.toUpperCase()).sort();

const missing = chromiumMissingReason();
if (missing && process.env.CI) throw new Error(missing);

/** Open the board and record every request that leaves the gateway's origin (there must be none: no CDN). */
async function open(browser: Browser, gw: Gateway): Promise<{ page: Page; external: string[]; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const external: string[] = [];
  const errors: string[] = [];
  page.on(
    'request',
    (r) => void (!r.url().startsWith(gw.url) && !r.url().startsWith(gw.url.replace(/^http/, 'ws')) && external.push(r.url())),
  );
  page.on('pageerror', (e) => void errors.push(e.message));
  await page.goto(`${gw.url}/board`);
  return { page, external, errors };
}

describe('spread board in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    if (!missing) browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  describe('mock mode', () => {
    let gw: Gateway;
    beforeAll(async () => {
      gw = await testGateway({ PERP_CONNECTOR_MODE: 'mock', PERP_DEPTH_CADENCE_MS: '500' });
    });
    afterAll(async () => {
      await gw?.close();
    });

    it(
      'fills the spread table with real figures, explains a pair, labels mock data and streams both books',
      { timeout: 60_000 },
      async (ctx) => {
        if (missing) return ctx.skip(missing);
        const { page, external, errors } = await open(browser, gw);
        await page.waitForSelector('#spreads tbody tr.pair', { timeout: 15_000 });
        const first = (await page.textContent('#spreads tbody tr.pair')) ?? '';
        expect(first).toMatch(/BTC-USD-PERP.*BTC-USD-PERP/);
        expect(first).toMatch(/-?\d+\.\d\d %/); // an APR figure, not a placeholder
        expect(first).toMatch(/\$[\d,]+(\.\d+)?/); // money figures
        expect(first).not.toContain('NaN');
        expect(await page.textContent('#mode')).toBe(`MOCK data: ${UPPER.join(', ')}`);
        expect(await page.textContent('#banner')).toBe(
          'MOCK MODE: every figure below comes from the shipped mock datasets, not from the venues.',
        );
        const badges = await page.locator('#venues .badge').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.status));
        expect(badges).toEqual(UPPER.map(() => 'MOCK'));
        expect(await page.textContent('#venues')).toMatch(/funding \d+ s/);

        // The first pair is selected and expanded: every part of the computation is shown.
        const parts = (await page.locator('#spreads tr.explain:not([hidden])').textContent()) ?? '';
        for (const part of [
          'long leg',
          'short leg',
          'net carry',
          'expected funding',
          'fees',
          'slippage',
          'net expected PnL',
          'break-even',
          'capacity',
          '7-day stability',
        ]) {
          expect(parts).toContain(part);
        }
        expect(await page.locator('#spreads tr.explain:not([hidden])').count()).toBe(1);
        // Scout flags on the legs (a Jupiter leg's fee sits in its book) and the 7-day coverage next to the statistics.
        const table = (await page.textContent('#spreads tbody')) ?? '';
        expect(table).toContain('fee in book');
        expect(table).toMatch(/\(\d+ % of 7 d\)/);
        // Profit-share legs appear, flagged, once incomplete rows are asked for.
        await page.check('#incomplete');
        await page.waitForFunction(() => document.querySelector('#spreads tbody')?.textContent?.includes('PnL share'), null, {
          timeout: 10_000,
        });
        expect(await page.locator('#spreads tr.pair.incomplete').count()).toBeGreaterThan(0);
        await page.uncheck('#incomplete');
        await page.waitForFunction(() => !document.querySelector('#spreads tbody')?.textContent?.includes('PnL share'), null, {
          timeout: 10_000,
        });

        // Live books: at least two updates on each leg, sequence shown.
        await page.waitForFunction(
          () => ['book-long', 'book-short'].every((id) => Number(document.getElementById(id)?.dataset.updates ?? 0) >= 2),
          null,
          { timeout: 15_000 },
        );
        expect(await page.textContent('#book-long')).toMatch(/seq \d+/);
        expect(await page.locator('#book-long tr.ask').count()).toBe(5);
        expect(await page.locator('#book-short tr.bid').count()).toBe(5);
        await page.waitForSelector('#chart polyline', { timeout: 15_000 });
        expect(await page.textContent('#chart-note')).toMatch(/coverage .* \d+\.\d %/);

        // Selecting another pair switches the books to its legs.
        const second = page.locator('#spreads tbody tr.pair').nth(1);
        const secondKey = (await second.getAttribute('data-key'))!;
        await second.click();
        const [longId] = secondKey.split('|');
        await page.waitForFunction((id) => document.getElementById('book-long')?.textContent?.includes(`${id} ·`) ?? false, longId, {
          timeout: 15_000,
        });
        expect(await page.locator(`#spreads tr.explain[data-for="${secondKey}"]`).isHidden()).toBe(false);
        await page.waitForFunction(() => Number(document.getElementById('book-long')?.dataset.updates ?? 0) >= 1, null, {
          timeout: 15_000,
        });
        await second.click(); // back to the first pair for the screenshot
        await page.locator('#spreads tbody tr.pair').first().click();
        await page.waitForSelector('#chart polyline', { timeout: 15_000 });

        mkdirSync('test/artifacts', { recursive: true });
        // The README screenshot's own script (scripts/board-screenshot.ts writes docs/board.png the same way).
        await captureBoard(browser, gw.url, 'test/artifacts/board.png');
        expect(external).toEqual([]);
        expect(errors).toEqual([]);
      },
    );
  });

  describe('layout', () => {
    let gw: Gateway;
    beforeAll(async () => {
      gw = await testGateway({ PERP_CONNECTOR_MODE: 'auto' });
    });
    afterAll(async () => {
      await gw?.close();
    });

    it(
      'has no horizontal overflow at 1400 px and on a 390 px phone; the banner names the mode and the venues on mock; a favicon',
      { timeout: 60_000 },
      async (ctx) => {
        if (missing) return ctx.skip(missing);
        mkdirSync('test/artifacts', { recursive: true });
        for (const width of [1400, 390]) {
          const page = await browser.newPage({ viewport: { width, height: 900 } });
          await page.goto(`${gw.url}/board`);
          await page.waitForSelector('#spreads tbody tr.pair', { timeout: 15_000 });
          await page.waitForFunction(() => document.getElementById('banner')?.textContent?.startsWith('AUTO MODE'), null, {
            timeout: 15_000,
          });
          await page.locator('#spreads tbody tr.pair').first().click();
          await page.waitForSelector('#chart polyline', { timeout: 15_000 });
          const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
          expect([width, scroll]).toEqual([width, inner]);
          expect(await page.textContent('#banner')).toBe(
            `AUTO MODE: ${UPPER.join(', ')} are served from mock datasets (every venue down or stale).`,
          );
          expect(await page.textContent('#chart .legend')).toContain('7-day mean');
          await page.screenshot({ path: `test/artifacts/board-${width}.png`, fullPage: true });
          await page.close();
        }
        const icon = await fetch(`${gw.url}/favicon.ico`);
        expect([icon.status, icon.headers.get('content-type')]).toEqual([200, 'image/svg+xml']);
      },
    );
  });

  describe('live mode with every venue unreachable', () => {
    let gw: Gateway;
    beforeAll(async () => {
      gw = await testGateway({ PERP_CONNECTOR_MODE: 'live' });
    });
    afterAll(async () => {
      await gw?.close();
    });

    it('shows each venue DOWN with its error, and an empty table instead of made-up figures', async (ctx) => {
      if (missing) return ctx.skip(missing);
      const { page, external, errors } = await open(browser, gw);
      await page.waitForSelector('#venues .badge', { timeout: 15_000 });
      const badges = await page.locator('#venues .badge').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.status));
      expect(badges).toEqual(UPPER.map(() => 'DOWN'));
      expect(await page.textContent('#venues')).toContain('DOWN');
      expect(await page.getAttribute('#venues .badge', 'title')).toContain('offline test: no venue');
      expect(await page.textContent('#mode')).toBe('every venue DOWN');
      await page.waitForSelector('#spreads tbody tr.empty', { timeout: 15_000 });
      expect(await page.textContent('#spreads tbody')).toContain('no pair with fresh data');
      expect(await page.isHidden('#detail')).toBe(true);
      expect(await page.isHidden('#banner')).toBe(true);
      expect(external).toEqual([]);
      expect(errors).toEqual([]);
    });
  });
});
