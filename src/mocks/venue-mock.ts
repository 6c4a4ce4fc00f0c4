/**
 * What a venue's `mock.ts` provides to the generic mock plane (src/mocks): how one dataset market at one replay time
 * becomes the venue's normalized records. The mock plane knows the dataset format and the replay clock, and nothing
 * about any venue; each venue's mock knows its raw funding inputs, its price/OI conventions and its book model.
 */
import type { FundingRate, MarketMeta, MarketStats, OrderBook, Stamp } from '../core/types.js';
import type { Series } from './dataset.js';

/** Replayed snapshot values (interpolated between stored snapshots, with a little deterministic noise). */
export interface Snap {
  mark: number;
  index: number;
  oiLongUsd: number;
  oiShortUsd: number;
  /** null: the recording did not capture it (the venue did not serve it then). */
  volume24hUsd: number | null;
}

/** A stored book level decoded from the dataset: integer offset outwards from the reference price, and size. */
export interface StoredLevel {
  off: number;
  size: number;
}

/** One dataset market at one replay time, as handed to the venue's mock. */
export interface MockTick {
  meta: MarketMeta;
  series: Series;
  snap: Snap;
  /** The venue's raw funding inputs in force (the dataset's funding columns at the replayed row). */
  funding: Readonly<Record<string, number>>;
  /** Replay time, epoch ms. */
  t: number;
  /** Depth bucket (changes every depth cadence): the book's sequence and noise key. */
  bucket: number;
  /** The stored book around `ref` on the dataset's grid (`storedBook` in replay.ts), `levels` per side. */
  storedBook(ref: number, stamp: Stamp): OrderBook;
}

/** One market's served live records at one time, as the recorder (`npm run record`) reads them from the app's store. */
export interface LiveRecord {
  meta: MarketMeta;
  funding: FundingRate;
  stats: MarketStats;
  book: OrderBook;
}

export interface VenueMock {
  /** The raw funding columns every series of this venue's dataset carries (checked when the dataset loads). */
  fundingColumns: readonly string[];
  /** Metadata at the tick's time, through the venue's normalizer. Default: the dataset's stored metadata. */
  meta?(m: MockTick): MarketMeta;
  funding(m: MockTick, stamp: Stamp): FundingRate;
  stats(m: MockTick): MarketStats;
  book(m: MockTick, stamp: Stamp): OrderBook;
  /** Levels per side of a pushed book (what the live stream emits), when fewer than a book served on request. */
  pushedLevels?: number;
  /**
   * Recorder: the raw funding columns (`fundingColumns`) that `funding` turns back into the served FundingRate: the
   * inverse of this mock. A venue without it cannot be recorded (the recorder says so).
   */
  recordFunding?(r: LiveRecord): Record<string, number>;
  /** Recorder: the static `params` this venue's mock reads, from a served record. Default: none. */
  recordParams?(r: LiveRecord): Record<string, number | string>;
}
