/** Conversions at the GraphQL edge: enums, freshness, completeness, argument validation. */
import { GraphQLError } from 'graphql';
import type { Mode, Stamp, Venue } from '../../core/types.js';
import type { Venue as GqlVenue } from '../../generated/graphql.js';
import { VENUES } from '../../venues/registry.js';

export type { GqlVenue };
/** The schema's `Venue` enum is generated from the registry (scripts/codegen.ts): its values are the ids upper-cased. */
export const toGqlVenue = (v: Venue): GqlVenue => v.toUpperCase() as GqlVenue;
export const fromGqlVenue = (v: string): Venue => v.toLowerCase() as Venue;
export const fromGqlMode = (m: string | null | undefined, def: Mode): Mode => (m ? (m.toLowerCase() as Mode) : def);

export interface FreshnessOut {
  asOf: number;
  ageMs: number;
  slaMs: number;
  stale: boolean;
  source: 'LIVE' | 'CACHED' | 'MOCK';
}

export function freshnessAt(stamp: Stamp, now: number): FreshnessOut {
  const ageMs = Math.max(0, now - stamp.asOf);
  return { asOf: stamp.asOf, ageMs, slaMs: stamp.slaMs, stale: ageMs > stamp.slaMs, source: stamp.source };
}

export function badInput(message: string, argument?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...(argument ? { argument } : {}) } });
}

export function checkLevels(levels: number | null | undefined): number {
  const l = levels ?? 5;
  if (!Number.isInteger(l) || l < 1 || l > 50) throw badInput(`levels must be an integer from 1 to 50, got ${String(levels)}`, 'levels');
  return l;
}

export function venuesArg(venues: readonly string[] | null | undefined, enabled: readonly Venue[]): Venue[] {
  if (!venues || venues.length === 0) return [...enabled];
  return venues.map(fromGqlVenue).filter((v) => enabled.includes(v) && (VENUES as readonly string[]).includes(v));
}
