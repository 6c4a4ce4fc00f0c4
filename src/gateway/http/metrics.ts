/**
 * What /metrics reports per venue. The figures that alert on venue trouble (requests by outcome, consecutive
 * failures, reconnects, rate budget, channel ages) come from the live connector wherever one runs in this process,
 * also while auto mode serves the venue from mock, so an alert on live failures fires during a fallback. Status and
 * `fallback_active` are those of the served view.
 */
import type { App } from '../../app/app.js';
import type { ConnectorHealth, Venue } from '../../core/types.js';
import { healthFor } from './health.js';

export function metricsHealth(app: App): Array<{ venue: Venue; health: ConnectorHealth }> {
  const mode = app.config.PERP_CONNECTOR_MODE;
  return app.venues.map((venue) => {
    const served = healthFor(app, mode, venue);
    const live = app.live.has(venue) ? app.health(venue, 'live') : null;
    if (!live || served.dataSource !== 'MOCK') return { venue, health: served };
    return { venue, health: { ...live, status: served.status, dataSource: served.dataSource } };
  });
}
