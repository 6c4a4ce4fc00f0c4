import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { Kind, parse, type DocumentNode, type EnumTypeDefinitionNode, type GraphQLSchema } from 'graphql';
import { registry, VENUES } from '../../venues/registry.js';
import type { Resolvers } from '../../generated/graphql.js';
import { queryResolvers } from './resolvers/query.js';
import { subscriptionResolvers } from './resolvers/subscription.js';
import { typeResolvers } from './resolvers/types.js';

export const SCHEMA_PATH = fileURLToPath(new URL('../../../schema/schema.graphql', import.meta.url));

/**
 * The committed SDL with its `Venue` enum completed from the live registry: the committed block is generated from the
 * static registry (`npm run codegen`), and a venue registered at run time (`registerVenue`) gets its value here, at
 * schema-build time, with its description. Values already in the SDL are kept as they are.
 */
export function withLiveVenues(doc: DocumentNode): DocumentNode {
  const definitions = doc.definitions.map((d) => {
    if (d.kind !== Kind.ENUM_TYPE_DEFINITION || d.name.value !== 'Venue') return d;
    const have = new Set((d.values ?? []).map((v) => v.name.value));
    const extra = VENUES.filter((v) => !have.has(v.toUpperCase())).map((v) => ({
      kind: Kind.ENUM_VALUE_DEFINITION,
      name: { kind: Kind.NAME, value: v.toUpperCase() },
      description: { kind: Kind.STRING, value: registry[v].description },
    }));
    return extra.length ? ({ ...d, values: [...(d.values ?? []), ...extra] } as EnumTypeDefinitionNode) : d;
  });
  return { ...doc, definitions };
}

export function buildSchema(): GraphQLSchema {
  const resolvers: Resolvers = { ...typeResolvers, Query: queryResolvers, Subscription: subscriptionResolvers };
  const typeDefs = withLiveVenues(parse(readFileSync(SCHEMA_PATH, 'utf8')));
  return makeExecutableSchema({ typeDefs, resolvers: resolvers as never });
}
