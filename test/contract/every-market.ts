/**
 * What "every listed market has funding, OI and a book" means in a test (issue 19 item 4): for each id the connector
 * lists, the served funding has a per-side carry (`longCostPerHour`/`shortCostPerHour`), the stats have open interest
 * (USD total and both sides), and the book has at least one level per side. Returns what each market lacks.
 */
import type { Observed } from './observe.js';

export async function coverageGaps(c: Observed): Promise<Map<string, string[]>> {
  const ids = (await c.listMarkets()).map((m) => m.id);
  const [funding, stats, books] = await Promise.all([c.getFunding(ids), c.getStats(ids), c.getBooks(ids, 5)]);
  const gaps = new Map<string, string[]>();
  ids.forEach((id, i) => {
    const miss: string[] = [];
    const f = funding[i];
    if (!f || f instanceof Error) miss.push('funding');
    else if (f.longCostPerHour === null || f.shortCostPerHour === null) miss.push('funding.costPerHour');
    const s = stats[i];
    if (!s || s instanceof Error) miss.push('stats');
    else if (s.openInterest.usd === null || s.openInterest.long === null || s.openInterest.short === null) miss.push('openInterest');
    const b = books[i];
    if (!b || b instanceof Error) miss.push('book');
    else if (b.bids.length === 0 || b.asks.length === 0) miss.push('book.levels');
    gaps.set(id, miss);
  });
  return gaps;
}

/** True when every listed market (at least `min`) has everything. */
export async function fullyCovered(c: Observed, min: number): Promise<boolean> {
  const g = await coverageGaps(c);
  return g.size >= min && [...g.values()].every((m) => m.length === 0);
}
