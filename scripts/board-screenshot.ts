/**
 * The README's board screenshot (docs/board.png): a mock-mode gateway, the board at 1400 px with the first pair
 * selected (its books and 7-day chart). `npx tsx scripts/board-screenshot.ts [out.png]`; the browser test runs the
 * same `captureBoard` so the picture cannot drift from what is tested.
 */
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';

/** Open the board, select the first pair, wait for its chart, and write a full-page screenshot. */
export async function captureBoard(browser: Browser, gatewayUrl: string, path: string, width = 1400): Promise<void> {
  const page = await browser.newPage({ viewport: { width, height: 1000 } });
  try {
    await page.goto(`${gatewayUrl}/board`);
    await page.waitForSelector('#spreads tbody tr.pair', { timeout: 15_000 });
    await page.locator('#spreads tbody tr.pair').first().click();
    await page.waitForSelector('#chart polyline', { timeout: 15_000 });
    await page.waitForFunction(() => Number(document.getElementById('book-long')?.dataset.updates ?? 0) >= 1, null, { timeout: 15_000 });
    await page.screenshot({ path, fullPage: true });
  } finally {
    await page.close();
  }
}

async function main(): Promise<void> {
  const out = process.argv[2] ?? 'docs/board.png';
  const { testGateway } = await import('../test/gateway/harness.js');
  const { launch } = await import('../test/browser/chromium.js');
  const gw = await testGateway({ PERP_CONNECTOR_MODE: 'mock', PERP_DEPTH_CADENCE_MS: '500' });
  const browser = await launch();
  try {
    await captureBoard(browser, gw.url, out);
    process.stdout.write(`wrote ${out}\n`);
  } finally {
    await browser.close();
    await gw.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
