/**
 * Fake DefiLlama on 127.0.0.1 port 0, laid out like the Pro API: `<url>/api` answers api.llama.fi routes
 * (`/summary/derivatives/{slug}`, `/overview/open-interest`), `<url>/yields` answers yields.llama.fi (`/perps`).
 * Shapes follow DefiLlama's own code (see src/crosscheck/defillama.ts). A slug missing from `derivatives` is a 404.
 */
import { FakeServer } from '../server.js';

export interface PerpRowFixture {
  marketplace: string;
  market: string;
  baseAsset: string;
  fundingRate: number | null;
  fundingRatePrevious?: number | null;
  fundingTimePrevious?: number;
  openInterest?: number;
  indexPrice?: number;
}

export interface LlamaScenario {
  /** slug → total24h of /summary/derivatives/{slug}. */
  derivatives: Record<string, number | null>;
  /** Protocols of /overview/open-interest. */
  openInterest: Array<{ name: string; slug: string; module: string; total24h: number | null }>;
  perps: PerpRowFixture[];
}

export async function startFakeDefiLlama(scenario: LlamaScenario): Promise<FakeServer & { apiUrl: string; yieldsUrl: string }> {
  const s = new FakeServer();
  for (const [slug, total24h] of Object.entries(scenario.derivatives))
    s.route('GET', `/api/summary/derivatives/${slug}`, () => ({
      name: slug,
      slug,
      total24h,
      total48hto24h: null,
      total7d: total24h === null ? null : total24h * 7,
      totalAllTime: null,
      totalDataChart: [],
      totalDataChartBreakdown: [],
      change_1d: null,
    }));
  s.route('GET', '/api/overview/open-interest', () => ({
    totalDataChart: [],
    totalDataChartBreakdown: [],
    protocols: scenario.openInterest.map((p) => ({ ...p, displayName: p.name, category: 'Derivatives', chains: [], change_1d: null })),
    allChains: [],
    chain: null,
    total24h: scenario.openInterest.reduce((a, p) => a + (p.total24h ?? 0), 0),
  }));
  s.route('GET', '/yields/perps', () => ({
    status: 'success',
    data: scenario.perps.map((p) => ({
      timestamp: new Date().toISOString(),
      fundingRatePrevious: null,
      fundingTimePrevious: 0,
      openInterest: 0,
      indexPrice: 0,
      ...p,
    })),
  }));
  await s.start();
  return Object.assign(s, { apiUrl: `${s.url}/api`, yieldsUrl: `${s.url}/yields` });
}
