/**
 * Hyperliquid in mock mode: dataset rows → the venue's wire shapes (an asset context of decimal strings, an l2Book
 * snapshot of `{px, sz, n}` levels) → this venue's own normalize.ts, so mock and live serve the same fields, flags
 * and book model (docs/venues/hyperliquid.md §2–§4).
 */
import type { Stamp } from '../../core/types.js';
import type { LiveRecord, MockTick, VenueMock } from '../../mocks/venue-mock.js';
import { normalizeBook, normalizeFunding, normalizeStats } from './normalize.js';
import type { AssetCtx, L2Book } from './wire.js';

/** The replayed snapshot as `metaAndAssetCtxs` would send it: OI in base units (one side), volume in USDC. */
function assetCtx(m: MockTick): AssetCtx {
  const { snap } = m;
  return {
    funding: String(m.funding.rate),
    openInterest: String(snap.oiLongUsd / (snap.mark * m.series.quoteUsd)),
    markPx: String(snap.mark),
    oraclePx: String(snap.index),
    dayNtlVlm: String(snap.volume24hUsd ?? 0), // overridden to null in stats() when the row has none
    midPx: String(snap.mark),
  };
}

export const hyperliquidMock: VenueMock = {
  fundingColumns: ['rate', 'predicted'],
  // The recorder's inverse: the asset context's hourly rate, and the venue's predicted rate (the current one if absent).
  recordFunding(r: LiveRecord) {
    const rate = r.funding.rate;
    if (rate === null) throw new Error(`${r.meta.id} funding.rate not served`);
    return { rate, predicted: r.funding.predictedRate ?? rate };
  },
  funding(m: MockTick, stamp: Stamp) {
    return normalizeFunding(m.meta.id, m.meta.venueSymbol, String(m.funding.rate), stamp, m.funding.predicted ?? null);
  },
  stats(m: MockTick) {
    const stats = normalizeStats(m.meta.venueSymbol, assetCtx(m));
    // The venue always sends dayNtlVlm; a recorded row without it (a null volume) replays as null, not as a number.
    return m.snap.volume24hUsd === null ? { ...stats, volume24hUsd: null } : stats;
  },
  book(m: MockTick, stamp: Stamp) {
    const stored = m.storedBook(m.snap.mark, stamp);
    const wire = (l: { price: number; size: number }) => ({ px: String(l.price), sz: String(l.size), n: 1 });
    const l2: L2Book = { coin: m.meta.venueSymbol, time: m.bucket, levels: [stored.bids.map(wire), stored.asks.map(wire)] };
    return normalizeBook(m.meta.id, l2, stored.bids.length, stamp);
  },
};
