/**
 * Market ids at the GraphQL edge, validated the same way in every field and subscription: a malformed id or one of
 * a venue that is not enabled is BAD_USER_INPUT naming the argument; a well-formed id no plane lists is `null` in a
 * query and NOT_FOUND on subscribe (a subscription that could never send anything is an error at once).
 */
import { GraphQLError } from 'graphql';
import type { App } from '../../app/app.js';
import { EXAMPLE_MARKET_ID, parseMarketId } from '../../core/symbols.js';
import type { Venue } from '../../core/types.js';
import { badInput } from './edge.js';

/** The venue of a valid market id of an enabled venue; BAD_USER_INPUT otherwise. */
export function requireMarketId(app: App, id: string, argument: string): Venue {
  const p = parseMarketId(id);
  if (!p) throw badInput(`${argument} must be a canonical id like ${EXAMPLE_MARKET_ID}, got ${JSON.stringify(id)}`, argument);
  if (!app.venues.includes(p.venue)) throw badInput(`${argument}: venue ${p.venue} is not enabled (PERP_VENUES)`, argument);
  return p.venue;
}

/** Every id of a list argument checked as `requireMarketId`. */
export function requireMarketIds(app: App, ids: readonly string[] | null | undefined, argument: string): string[] {
  for (const id of ids ?? []) requireMarketId(app, id, argument);
  return [...(ids ?? [])];
}

/** Whether either plane lists the market (the served one may not have its metadata yet). */
export function isListed(app: App, venue: Venue, id: string): boolean {
  return app.store.venue('live', venue).markets.has(id) || app.store.venue('mock', venue).markets.has(id);
}

/** Known not to exist: some plane has the venue's market list, and none lists the id. */
function knownUnknown(app: App, id: string): boolean {
  const venue = parseMarketId(id)!.venue;
  const loaded = app.store.venue('live', venue).metadataAt !== null || app.store.venue('mock', venue).metadataAt !== null;
  return loaded && !isListed(app, venue, id);
}

/** On subscribe: every market must be listed (once the venue's list is known), else NOT_FOUND naming the ids. */
export function requireListed(app: App, ids: readonly string[], argument: string): void {
  const unknown = ids.filter((id) => knownUnknown(app, id));
  if (unknown.length)
    throw new GraphQLError(`${argument}: no such market ${unknown.map((u) => JSON.stringify(u)).join(', ')}`, {
      extensions: { code: 'NOT_FOUND', argument },
    });
}
