/**
 * The nullable fields of a GraphQL object type and of its non-null object children, as dotted paths
 * (`openInterest.usd`, `risk.insuranceFund.balanceUsd`), read from the schema. A nullable field is a leaf (a null
 * object such as `funding` is one missing field; its own fields have their own completeness); fields with
 * arguments and non-null lists are not walked. Pure; scripts/codegen.ts writes the PerpMarket list to
 * src/generated/completeness-fields.ts so completeness checks every field the schema says may be null.
 */
import { getNamedType, isNonNullType, isObjectType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';

export function nullableFieldPaths(schema: GraphQLSchema, typeName: string): string[] {
  const root = schema.getType(typeName);
  if (!isObjectType(root)) throw new Error(`${typeName} is not an object type of the schema`);
  const out: string[] = [];
  const walk = (t: GraphQLObjectType, prefix: string, seen: Set<string>): void => {
    for (const f of Object.values(t.getFields())) {
      const path = prefix + f.name;
      if (!isNonNullType(f.type)) {
        out.push(path);
        continue;
      }
      const named = getNamedType(f.type);
      // Non-null object children are walked (once per path); fields with arguments (fundingHistory) are views, not data.
      if (f.args.length === 0 && isObjectType(f.type.ofType) && !seen.has(named.name))
        walk(named as GraphQLObjectType, `${path}.`, new Set([...seen, named.name]));
    }
  };
  walk(root, '', new Set([typeName]));
  return out;
}
