/** The board's order-flow panel in headless Chromium against a mock-mode gateway: real shares, reasons, follows the base. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Gateway } from '../../src/gateway/server.js';
import { chromiumMissingReason, launch } from '../browser/chromium.js';
import { gql, testGateway } from '../gateway/harness.js';

const missing = chromiumMissingReason();
if (missing && process.env.CI) throw new Error(missing);
const T0 = Date.UTC(2026, 10, 2, 12, 0, 0);

describe('board: order-flow share panel', () => {
  let browser: Browser;
  let gw: Gateway;
  beforeAll(async () => {
    gw = await testGateway({ PERP_CONNECTOR_MODE: 'mock' }, { now: () => T0 });
    if (!missing) browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await gw.close();
  });

  it('shows each venue’s volume and OI shares for the selected base, the venues left out, and follows the base selector', async (ctx) => {
    if (missing) return ctx.skip(missing);
    type S = { orderFlowShare: { venues: Array<{ venue: string; volumeShare: number; openInterestShare: number }> } };
    const truth = (await gql<S>(gw.url, '{ orderFlowShare(base: "BTC") { venues { venue volumeShare openInterestShare } } }')).data!;
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => void errors.push(e.message));
    await page.goto(`${gw.url}/board`);
    await page.waitForSelector('#flow tbody tr[data-venue]', { timeout: 15_000 });
    const rows = await page
      .locator('#flow tbody tr[data-venue]')
      .evaluateAll((els) =>
        els.map((e) => [(e as HTMLElement).dataset.venue, ...Array.from(e.querySelectorAll('td'), (td) => td.textContent)]),
      );
    expect(rows.map((r) => r[0])).toEqual(truth.orderFlowShare.venues.map((v) => v.venue));
    for (const v of truth.orderFlowShare.venues) {
      const r = rows.find((x) => x[0] === v.venue)!;
      expect(r[4]).toBe(`${(v.volumeShare * 100).toFixed(1)} %`);
      expect(r[6]).toBe(`${(v.openInterestShare * 100).toFixed(1)} %`);
    }
    expect(await page.textContent('#flow-base')).toBe('BTC');
    expect(await page.textContent('#flow-left')).toContain('ASTER left out of open_interest_sides: NOT_PUBLISHED');
    await page.selectOption('#base', 'ETH');
    await page.waitForFunction(() => document.getElementById('flow-base')?.textContent === 'ETH', null, { timeout: 10_000 });
    expect(errors).toEqual([]);
  }, 40_000);
});
