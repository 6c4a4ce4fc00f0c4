/** The health view served by GraphQL (`connectors`), /readyz and /metrics: one definition, no graphql import. */
import type { App } from '../../app/app.js';
import type { ConnectorHealth, Mode, Venue } from '../../core/types.js';

/** Served health: in auto mode on fallback, the live connector's health rides along (`live`). */
export type ServedHealth = ConnectorHealth & { live?: ConnectorHealth | null };

/**
 * Health as served for a mode: in auto, a venue on fallback shows its MOCK health with the live error that caused
 * it, and the live connector's own health beside it (status, failures, reconnects, rate budget).
 */
export function healthFor(app: App, mode: Mode, venue: Venue): ServedHealth {
  const plane = app.planeFor(mode, venue);
  const h = app.health(venue, plane);
  if (mode === 'auto' && plane === 'mock') {
    const live = app.health(venue, 'live');
    const stale = {
      code: 'STALE',
      message: 'live data staler than its SLA; serving mock',
      at: live.channels[0]?.lastSuccessAt ?? app.now(),
    };
    return { ...h, lastError: live.lastError ?? stale, live };
  }
  return { ...h, live: null };
}
