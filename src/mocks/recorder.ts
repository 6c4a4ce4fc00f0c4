/**
 * The recorder's data side (`npm run record`, scripts/record.ts): live records of one venue, read from the app's
 * store at a fixed step, appended as rows of the mock dataset format (dataset.ts), so a recording replays in mock mode
 * through the venue's own mock. Venue-agnostic: the raw funding columns and static params come from the venue's mock
 * (`recordFunding`, `recordParams`, the inverse of its replay); snapshot columns and books are generic.
 *
 * Rules: the market set is fixed by the first row (markets with metadata, funding, open interest and a book); a market
 * whose record is missing or incomplete at a later step repeats its previous row (counted in `held`); a 24 h volume
 * the venue did not serve is stored as a null row (replayed as null, never as 0), counted in `gaps`.
 * Rows are implicit in time (dataset.ts): a resumed recording appends after the last row, so a pause between runs is
 * not stored as time.
 */
import type { MarketMeta, OrderBook } from '../core/types.js';
import { bookInt, DATASET_VERSION, spanOf, type Dataset, type Series } from './dataset.js';
import { encodeBook, type Book } from './seed.js';
import type { LiveRecord, VenueMock } from './venue-mock.js';

type Column = 'mark' | 'index' | 'oiLongUsd' | 'oiShortUsd';

interface Track {
  meta: MarketMeta;
  statics: Omit<Series, 'funding' | 'mark' | 'index' | 'oiLongUsd' | 'oiShortUsd' | 'volume24hUsd' | 'book'>;
  funding: Record<string, number[]>;
  cols: Record<Column, number[]>;
  /** 24 h volume per row; null where the venue did not serve it (replayed as null). */
  volume: Array<number | null>;
  book: Book;
}

/** A record's open interest in USD, null when the venue has not served it (the row is then incomplete). */
function oiUsd(r: LiveRecord): number | null {
  return r.stats.openInterest.usd;
}

/** Integers of a stored book string. */
function ints(s: string, width: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length / width; i++) out.push(bookInt(s, i, width));
  return out;
}

function trackOf(meta: MarketMeta, s: Series): Track {
  const { funding, mark, index, oiLongUsd, oiShortUsd, volume24hUsd, book, ...statics } = s;
  const b = book;
  return {
    meta,
    statics,
    funding: Object.fromEntries(Object.entries(funding).map(([k, v]) => [k, [...v]])),
    cols: {
      mark: [...mark],
      index: [...(index ?? mark)],
      oiLongUsd: [...oiLongUsd],
      oiShortUsd: [...oiShortUsd],
    },
    volume: [...volume24hUsd],
    book: {
      bidOff: ints(b.bidOff, b.offWidth),
      bidSize: ints(b.bidSize, b.sizeWidth),
      askOff: ints(b.askOff, b.offWidth),
      askSize: ints(b.askSize, b.sizeWidth),
    },
  };
}

/** Offsets strictly increasing outwards from 0, sizes ≥ 1 (what the format requires of a stored book). */
function monotone(offs: number[]): number[] {
  let prev = -1;
  return offs.map((o) => (prev = Math.max(prev + 1, Math.round(o))));
}

/**
 * A served book as stored integers around `ref` (the mark of the same row): ticks and size steps on a tick grid
 * (bids from floor(ref / tick), asks one tick above), else hundredths of a bp and USD notional.
 */
export function storeBook(b: OrderBook, ref: number, levels: number, grid: { tick: number; step: number } | null): Book {
  const bids = b.bids.slice(0, levels);
  const asks = b.asks.slice(0, levels);
  if (grid) {
    const base = Math.floor(ref / grid.tick);
    return {
      bidOff: monotone(bids.map((l) => Math.max(0, base - Math.round(l.price / grid.tick)))),
      bidSize: bids.map((l) => Math.max(1, Math.round(l.size / grid.step))),
      askOff: monotone(asks.map((l) => Math.max(0, Math.round(l.price / grid.tick) - base - 1))),
      askSize: asks.map((l) => Math.max(1, Math.round(l.size / grid.step))),
    };
  }
  const off = (p: number) => Math.abs(p / ref - 1) * 1e6;
  return {
    bidOff: monotone(bids.map((l) => off(l.price))),
    bidSize: bids.map((l) => Math.max(1, Math.round(l.sizeUsd))),
    askOff: monotone(asks.map((l) => off(l.price))),
    askSize: asks.map((l) => Math.max(1, Math.round(l.sizeUsd))),
  };
}

const gridOf = (meta: MarketMeta, b: OrderBook) =>
  b.kind === 'ORDER_BOOK' && meta.tickSize !== null && meta.stepSize !== null ? { tick: meta.tickSize, step: meta.stepSize } : null;

export class VenueRecording {
  private tracks: Track[] = [];
  private levels = 0;
  private endTime = 0;
  private rows = 0;
  /** Rows a market repeated (record missing or incomplete), and values the venue did not serve (stored as null). */
  readonly held = new Map<string, number>();
  readonly gaps = new Map<string, number>();

  constructor(
    readonly venue: MarketMeta['venue'],
    private readonly mock: VenueMock,
    readonly stepMs: number,
    existing: Dataset | null = null,
  ) {
    if (!mock.recordFunding) throw new Error(`${venue}: its mock has no recorder inverse (recordFunding): it cannot be recorded yet`);
    if (existing) this.resume(existing);
  }

  private resume(d: Dataset): void {
    if (d.venue !== this.venue) throw new Error(`existing recording holds ${d.venue}, expected ${this.venue}`);
    if (d.fundingStepMs !== this.stepMs || d.snapStepMs !== this.stepMs)
      throw new Error(
        `existing ${this.venue} recording has a ${d.fundingStepMs} ms step; resume it with --interval ${d.fundingStepMs / 1000}`,
      );
    this.tracks = d.markets.map((m) => trackOf(m, d.series[m.id]!));
    this.levels = d.levels;
    this.endTime = d.endTime;
    this.rows = spanOf(d) / d.fundingStepMs;
  }

  /** Rows recorded so far (the resumed ones included). */
  get rowCount(): number {
    return this.rows;
  }

  /** Time of the newest row (epoch ms), 0 before the first. */
  get lastTime(): number {
    return this.endTime;
  }

  /**
   * Append the row at time `t` from the venue's records by market id. Returns false (nothing appended) when `t` is
   * not a step after the newest row (a re-run never duplicates a row), or before any market is complete.
   */
  append(t: number, records: ReadonlyMap<string, LiveRecord>): boolean {
    if (this.rows > 0 && t < this.endTime + this.stepMs) return false;
    if (this.rows === 0 && !this.start(records)) return false;
    for (const tr of this.tracks) this.appendMarket(tr, records.get(tr.meta.id));
    this.rows++;
    this.endTime = t;
    return true;
  }

  private start(records: ReadonlyMap<string, LiveRecord>): boolean {
    const complete = [...records.values()].filter(
      (r) => r.book.bids.length > 0 && r.book.asks.length > 0 && oiUsd(r) !== null && this.tryFunding(r),
    );
    if (!complete.length) return false;
    this.levels = Math.min(...complete.flatMap((r) => [r.book.bids.length, r.book.asks.length]));
    this.tracks = complete.map((r) => this.newTrack(r));
    return true;
  }

  private tryFunding(r: LiveRecord): Record<string, number> | null {
    try {
      const f = this.mock.recordFunding!(r);
      return Object.values(f).every(Number.isFinite) ? f : null;
    } catch {
      return null;
    }
  }

  private newTrack(r: LiveRecord): Track {
    const grid = gridOf(r.meta, r.book);
    const f = r.funding;
    const nextClose = r.meta.marketHours.nextClose;
    const params = this.mock.recordParams?.(r);
    return {
      meta: r.meta,
      statics: {
        intervalHours: f.intervalHours ?? 1,
        capRate: f.capRate,
        floorRate: f.floorRate,
        quoteUsd: 1,
        tick: grid?.tick ?? null,
        step: grid?.step ?? null,
        bookKind: grid ? 'ORDER_BOOK' : 'SYNTHETIC',
        bookModel: r.book.model,
        schedule: nextClose !== null ? 'WEEKLY_FX' : null,
        ...(params ? { params } : {}),
      },
      funding: Object.fromEntries(Object.keys(this.tryFunding(r)!).map((k) => [k, []])),
      cols: { mark: [], index: [], oiLongUsd: [], oiShortUsd: [] },
      volume: [],
      book: { bidOff: [], bidSize: [], askOff: [], askSize: [] },
    };
  }

  private appendMarket(tr: Track, r: LiveRecord | undefined): void {
    const f = r ? this.tryFunding(r) : null;
    const mark = r?.stats.markPrice ?? r?.book.midPrice ?? null;
    const L = this.levels;
    const oi = r?.stats.openInterest;
    const usd = oi?.usd ?? null;
    if (!r || !oi || !f || mark === null || usd === null || r.book.bids.length < L || r.book.asks.length < L) {
      this.hold(tr);
      return;
    }
    for (const [k, col] of Object.entries(tr.funding)) col.push(f[k] ?? col[col.length - 1] ?? 0);
    const c = tr.cols;
    c.mark.push(mark);
    c.index.push(r.stats.indexPrice ?? mark);
    // An order book's OI is one number (longs = shorts): both columns hold it, as the generator writes them.
    c.oiLongUsd.push(Math.round(oi.long === null || oi.short === null ? usd : oi.long));
    c.oiShortUsd.push(Math.round(oi.long === null || oi.short === null ? usd : oi.short));
    const vol = r.stats.volume24hUsd;
    if (vol === null) this.count(tr, 'volume24hUsd');
    tr.volume.push(vol === null ? null : Math.round(vol));
    const b = storeBook(
      r.book,
      mark,
      L,
      tr.statics.tick !== null && tr.statics.step !== null ? { tick: tr.statics.tick, step: tr.statics.step } : null,
    );
    for (const k of ['bidOff', 'bidSize', 'askOff', 'askSize'] as const) tr.book[k].push(...b[k]);
  }

  /** Count an unserved value of a market (reported by the recorder as gaps). */
  private count(tr: Track, what: string): void {
    const key = `${tr.meta.id} ${what}`;
    this.gaps.set(key, (this.gaps.get(key) ?? 0) + 1);
  }

  /** Repeat the market's previous row (its record is missing or incomplete at this step). */
  private hold(tr: Track): void {
    this.held.set(tr.meta.id, (this.held.get(tr.meta.id) ?? 0) + 1);
    const last = (col: number[]) => col[col.length - 1] ?? 0;
    for (const col of Object.values(tr.funding)) col.push(last(col));
    for (const col of Object.values(tr.cols)) col.push(last(col));
    tr.volume.push(tr.volume[tr.volume.length - 1] ?? null);
    const L = this.levels;
    for (const k of ['bidOff', 'bidSize', 'askOff', 'askSize'] as const) {
      const prev = tr.book[k].slice(-L);
      tr.book[k].push(...(prev.length === L ? prev : Array.from({ length: L }, (_, i) => (k.endsWith('Off') ? i : 1))));
    }
  }

  /** The recording as a dataset (null before the first row). */
  toDataset(): Dataset | null {
    if (this.rows === 0) return null;
    const spanMs = this.rows * this.stepMs;
    const series: Record<string, Series> = {};
    for (const tr of this.tracks) {
      const c = tr.cols;
      series[tr.meta.id] = {
        ...tr.statics,
        funding: tr.funding,
        mark: c.mark,
        index: c.index,
        oiLongUsd: c.oiLongUsd,
        oiShortUsd: c.oiShortUsd,
        volume24hUsd: tr.volume,
        book: encodeBook(tr.book),
      };
    }
    return {
      venue: this.venue,
      version: DATASET_VERSION,
      seed: 0,
      endTime: this.endTime,
      hours: Math.max(1, Math.ceil(spanMs / 3_600_000)),
      spanMs,
      fundingStepMs: this.stepMs,
      snapStepMs: this.stepMs,
      levels: this.levels,
      markets: this.tracks.map((t) => t.meta),
      series,
    };
  }
}
