/**
 * Schema-driven generators of GraphQL operations for fuzzing: random selections over the real schema
 * (schema/schema.graphql), random aliases, arguments as literals or variables, values of the right type, the wrong
 * type, out of range or null; plus hostile request envelopes for the HTTP transport.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLInputType,
  type GraphQLObjectType,
} from 'graphql';
import { SCHEMA_PATH } from '../../src/gateway/graphql/schema.js';

export const schema = buildSchema(readFileSync(SCHEMA_PATH, 'utf8'));

export interface GeneratedOperation {
  query: string;
  variables: Record<string, unknown>;
}

const name = fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,5}$/);
const ids = fc.constantFrom('aster:BTC-USD-PERP', 'jupiter:SOL-USD-PERP', 'avantis:ETH-USD-PERP', 'synfutures:BTC-USD-PERP-EMG', 'x:Y', '');

/** A JSON value for a variable of `type`: usually right, sometimes wrong or absent. */
function valueFor(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  const wrong = fc.oneof(
    fc.jsonValue({ maxDepth: 1 }).filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)),
    fc.constant(null),
  );
  if (isNonNullType(type)) return valueFor(type.ofType, depth);
  if (isListType(type))
    return fc.oneof(
      { weight: 4, arbitrary: fc.array(valueFor(type.ofType, depth + 1), { maxLength: 3 }) },
      { weight: 1, arbitrary: wrong },
    );
  const named = getNamedType(type);
  let right: fc.Arbitrary<unknown>;
  if (isEnumType(named))
    right = fc.oneof(
      { weight: 9, arbitrary: fc.constantFrom(...named.getValues().map((v) => v.name)) },
      { weight: 1, arbitrary: fc.string({ maxLength: 5 }) },
    );
  else if (isInputObjectType(named) && depth < 3)
    right = fc.record(Object.fromEntries(Object.values(named.getFields()).map((f) => [f.name, valueFor(f.type, depth + 1)])), {
      requiredKeys: [],
    });
  else
    switch (named.name) {
      case 'Int':
        right = fc.oneof(
          { weight: 8, arbitrary: fc.integer({ min: -3, max: 60 }) },
          { weight: 1, arbitrary: fc.integer() },
          { weight: 1, arbitrary: fc.constantFrom(2 ** 31, -(2 ** 53), 1.5) },
        );
        break;
      case 'Float':
        right = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, 24, 10_000, 1e308, -1));
        break;
      case 'Boolean':
        right = fc.boolean();
        break;
      case 'ID':
        right = fc.oneof(ids, fc.string({ maxLength: 12 }));
        break;
      case 'DateTime':
        right = fc.oneof(
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
          fc.string({ maxLength: 10 }),
          fc.integer(),
        );
        break;
      default:
        right = fc.oneof(fc.constantFrom('BTC', 'ETH', 'SOL', 'RAW', '1h', '15m', '0m', '8d'), fc.string({ maxLength: 8 }));
    }
  // Mostly well-typed, so most operations pass validation and reach the resolvers.
  return fc.oneof({ weight: 12, arbitrary: right }, { weight: 1, arbitrary: wrong });
}

/** GraphQL literal text of a JSON value (enums as bare names when they look like one). */
function literal(v: unknown, enumLike: boolean): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return `[${v.map((x) => literal(x, enumLike)).join(', ')}]`;
  if (typeof v === 'object')
    return `{${Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${k}: ${literal(x, enumLike)}`)
      .join(', ')}}`;
  if (typeof v === 'string' && enumLike && /^[_A-Za-z][_0-9A-Za-z]*$/.test(v)) return v;
  if (typeof v === 'number' && !Number.isFinite(v)) return '0';
  return JSON.stringify(v);
}

interface Var {
  type: string;
  value: unknown;
}
interface Sel {
  text: string;
  /** Variables in the order their `$%` markers appear in `text`. */
  vars: Var[];
}
const MARK = '$%';

/** A random selection set on an object type, `depth` levels deep at most. */
function selection(type: GraphQLObjectType, depth: number, max = 4): fc.Arbitrary<Sel> {
  const fields = Object.values(type.getFields());
  const pick = fc.subarray(fields, { minLength: 1, maxLength: Math.min(max, fields.length) });
  return pick.chain((chosen) =>
    fc
      .tuple(
        ...chosen.map((f) => {
          const named = getNamedType(f.type);
          const args = fc.tuple(
            ...f.args.map((a) =>
              fc.record({
                // A required argument is rarely left out (that only exercises validation).
                use: fc.oneof(
                  { weight: isNonNullType(a.type) && a.defaultValue === undefined ? 1 : 10, arbitrary: fc.constant('omit') },
                  { weight: 14, arbitrary: fc.constant('literal') },
                  { weight: 6, arbitrary: fc.constant('variable') },
                ),
                value: valueFor(a.type),
                varType: fc.oneof(
                  { weight: 12, arbitrary: fc.constant(String(a.type)) },
                  { weight: 1, arbitrary: fc.constantFrom('Int', 'String!', '[ID]') },
                ),
              }),
            ),
          );
          const sub: fc.Arbitrary<Sel> =
            isLeafType(named) || !isObjectType(named)
              ? fc.constant({ text: '', vars: [] })
              : depth <= 0
                ? fc.constant({ text: '{ __typename }', vars: [] })
                : selection(named, depth - 1).map((x) => ({ text: `{ ${x.text} }`, vars: x.vars }));
          return fc.tuple(fc.option(name, { nil: null, freq: 4 }), args, sub).map(([alias, as, inner]): Sel => {
            const vars: Var[] = [];
            const argText = f.args
              .map((a, i) => {
                const x = as[i]!;
                if (x.use === 'omit') return null;
                if (x.use === 'literal') return `${a.name}: ${literal(x.value, isEnumType(getNamedType(a.type)))}`;
                vars.push({ type: x.varType, value: x.value });
                return `${a.name}: ${MARK}`;
              })
              .filter((t): t is string => t !== null);
            const head = `${alias ? `${alias}: ` : ''}${f.name}${argText.length ? `(${argText.join(', ')})` : ''}`;
            return { text: `${head} ${inner.text}`.trim(), vars: [...vars, ...inner.vars] };
          });
        }),
      )
      .map((parts) => ({ text: parts.map((x) => x.text).join(' '), vars: parts.flatMap((x) => x.vars) })),
  );
}

/** A whole operation over Query (or, sent over HTTP where it is refused, Subscription). */
export const operation: fc.Arbitrary<GeneratedOperation> = fc
  .tuple(fc.constantFrom('query', 'query', 'query', 'subscription'), fc.integer({ min: 0, max: 4 }))
  .chain(([kind, depth]) =>
    // A subscription selects one root field (anything else only exercises validation).
    selection(kind === 'query' ? schema.getQueryType()! : schema.getSubscriptionType()!, depth, kind === 'query' ? 4 : 1).map((sel) => {
      let n = 0;
      const text = sel.text.split(MARK).reduce((acc, part) => `${acc}$v${n++}${part}`);
      const decl = sel.vars.length ? `(${sel.vars.map((v, i) => `$v${i}: ${v.type}`).join(', ')})` : '';
      const variables = Object.fromEntries(sel.vars.map((v, i) => [`v${i}`, v.value] as const).filter(([, v]) => v !== undefined));
      return { query: `${kind} Q${decl} { ${text} }`, variables };
    }),
  );

/** The operation text damaged the ways clients damage it: truncated, a character flipped, braces unbalanced. */
export const damaged: fc.Arbitrary<GeneratedOperation> = fc
  .tuple(
    operation,
    fc.nat(),
    fc.constantFrom('truncate', 'flip', 'brace', 'dup'),
    fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }),
  )
  .map(([op, at, how, ch]) => {
    const q = op.query;
    const i = q.length ? at % q.length : 0;
    const query =
      how === 'truncate' ? q.slice(0, i) : how === 'flip' ? q.slice(0, i) + ch + q.slice(i + 1) : how === 'brace' ? `${q} }` : `${q} ${q}`;
    return { query, variables: op.variables };
  });

/** A hostile request envelope: wrong methods, content types, bodies and query strings. */
export const envelope = fc.oneof(
  fc.record({
    method: fc.constant('POST' as const),
    contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/graphql', ''),
    body: fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.json({ maxDepth: 2 }),
      fc
        .record(
          {
            query: fc.oneof(fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 1 })),
            variables: fc.jsonValue({ maxDepth: 2 }),
            operationName: fc.jsonValue({ maxDepth: 0 }),
          },
          { requiredKeys: [] },
        )
        .map((x) => JSON.stringify(x)),
      fc.array(fc.record({ query: fc.constant('{ schemaVersion }') }), { maxLength: 3 }).map((x) => JSON.stringify(x)),
    ),
  }),
  fc.record({
    method: fc.constantFrom('GET' as const, 'PUT' as const, 'DELETE' as const, 'OPTIONS' as const),
    contentType: fc.constant(''),
    body: fc.constant(''),
    search: fc.oneof(
      fc.string({ maxLength: 30 }).map((s) => `?query=${encodeURIComponent(s)}`),
      fc
        .tuple(fc.string({ maxLength: 10 }), fc.json({ maxDepth: 1 }))
        .map(([q, v]) => `?query=${encodeURIComponent(`{ ${q} }`)}&variables=${encodeURIComponent(v)}`),
      fc.constantFrom('?query=%7B', '?query={schemaVersion}&query=x', '?%zz', '?query=mutation%7Bx%7D'),
    ),
  }),
);
