/**
 * Market hours for mock markets that do not trade around the clock (FX and commodities, which venues publish as
 * `isOpen/nextOpen/nextClose`). Weekly session, closed Friday 22:00 → Sunday 22:00 UTC
 * (17:00 New York in winter; daylight saving is ignored in the mock).
 */
import type { MarketHours } from '../core/types.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
/** 1970-01-04T00:00Z, a Sunday: the origin of the weekly cycle. */
const SUNDAY = 3 * DAY;
const OPEN_AT = 22 * HOUR; // Sunday 22:00 UTC
const CLOSE_AT = 5 * DAY + 22 * HOUR; // Friday 22:00 UTC

export const AROUND_THE_CLOCK: MarketHours = { isOpen: true, nextOpen: null, nextClose: null };

/** The weekly FX session at time `t` (epoch ms): open flag plus the next open and close times. */
export function weeklyFxHours(t: number): MarketHours {
  const w = (((t - SUNDAY) % WEEK) + WEEK) % WEEK;
  const weekStart = t - w;
  if (w < OPEN_AT) return { isOpen: false, nextOpen: weekStart + OPEN_AT, nextClose: weekStart + CLOSE_AT };
  if (w < CLOSE_AT) return { isOpen: true, nextOpen: weekStart + WEEK + OPEN_AT, nextClose: weekStart + CLOSE_AT };
  return { isOpen: false, nextOpen: weekStart + WEEK + OPEN_AT, nextClose: weekStart + WEEK + CLOSE_AT };
}
