/**
 * Query hardening, enforced before execution (HTTP and WebSocket alike): maximum depth, maximum aliases, and a
 * cost limit where list fields multiply the cost of their selection, so a query that nests lists inside lists
 * is refused with an error naming the limit, while `markets { … depth { bids { … } } }` over every market passes.
 */
import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

export interface QueryLimits {
  /** Deepest field nesting allowed. Default 12. */
  maxDepth: number;
  /** Aliased fields allowed per operation. Default 30. */
  maxAliases: number;
  /** Maximum estimated cost. Default 100 000. */
  maxCost: number;
}

export const DEFAULT_LIMITS: QueryLimits = { maxDepth: 12, maxAliases: 30, maxCost: 100_000 };

/** Estimated list sizes per field name (upper bounds of what a list returns). */
const LIST_SIZE: Record<string, number | ((args: Record<string, unknown>) => number)> = {
  markets: 200,
  fundingRates: 200,
  connectors: 4,
  channels: 4,
  sources: 8,
  counters: 32,
  leverageTiers: 20,
  points: 200,
  bids: (a) => (typeof a.levels === 'number' ? a.levels : 5),
  asks: (a) => (typeof a.levels === 'number' ? a.levels : 5),
  fundingSpreads: (a) => (typeof a.limit === 'number' ? a.limit : 20),
};

function limitError(message: string, code: string, limit: number, actual: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'QUERY_LIMIT_EXCEEDED', limit: code, max: limit, actual } });
}

function literalArgs(node: FieldNode, variables: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const a of node.arguments ?? []) {
    if (a.value.kind === Kind.INT) out[a.name.value] = Number(a.value.value);
    else if (a.value.kind === Kind.VARIABLE) out[a.name.value] = variables[a.value.name.value];
  }
  return out;
}

interface Measure {
  depth: number;
  aliases: number;
  cost: number;
}

function measure(
  set: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  depth: number,
  seen: Set<string>,
  parentLevels?: number,
): Measure {
  let m: Measure = { depth, aliases: 0, cost: 0 };
  for (const sel of set.selections) {
    let sub: Measure | null = null;
    if (sel.kind === Kind.FIELD && sel.name.value.startsWith('__')) {
      continue; // introspection is governed by PERP_INTROSPECTION, not by the data-query limits
    } else if (sel.kind === Kind.FIELD) {
      const args = literalArgs(sel, variables);
      if (parentLevels !== undefined && args.levels === undefined) args.levels = parentLevels;
      const size = LIST_SIZE[sel.name.value];
      const n = typeof size === 'function' ? size(args) : (size ?? 1);
      const inner = sel.selectionSet
        ? measure(
            sel.selectionSet,
            fragments,
            variables,
            depth + 1,
            seen,
            sel.name.value === 'depth' || sel.name.value === 'orderBook' ? ((args.levels as number | undefined) ?? 5) : undefined,
          )
        : { depth: depth + 1, aliases: 0, cost: 0 };
      sub = { depth: inner.depth, aliases: inner.aliases + (sel.alias ? 1 : 0), cost: 1 + n * inner.cost };
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      sub = measure(sel.selectionSet, fragments, variables, depth, seen, parentLevels);
    } else {
      const f = fragments.get(sel.name.value);
      if (!f || seen.has(f.name.value)) continue; // cycles are reported by graphql's own NoFragmentCycles rule
      sub = measure(f.selectionSet, fragments, variables, depth, new Set([...seen, f.name.value]), parentLevels);
    }
    m = { depth: Math.max(m.depth, sub.depth), aliases: m.aliases + sub.aliases, cost: m.cost + sub.cost };
  }
  return m;
}

/** A graphql validation rule enforcing the limits; variables are read when available (HTTP requests pass them). */
export function limitsRule(limits: QueryLimits, variables: () => Record<string, unknown> = () => ({})) {
  return (context: ValidationContext): ASTVisitor => {
    const doc = context.getDocument();
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    return {
      OperationDefinition(op) {
        const m = measure(op.selectionSet, fragments, variables(), 0, new Set());
        if (m.depth > limits.maxDepth)
          context.reportError(
            limitError(`query depth ${m.depth} exceeds the maximum depth of ${limits.maxDepth}`, 'maxDepth', limits.maxDepth, m.depth),
          );
        if (m.aliases > limits.maxAliases)
          context.reportError(
            limitError(`query uses ${m.aliases} aliases; the maximum is ${limits.maxAliases}`, 'maxAliases', limits.maxAliases, m.aliases),
          );
        if (m.cost > limits.maxCost)
          context.reportError(
            limitError(
              `query cost ${m.cost} exceeds the maximum cost of ${limits.maxCost} (list fields multiply the cost of what they select)`,
              'maxCost',
              limits.maxCost,
              m.cost,
            ),
          );
      },
    };
  };
}

// The HTTP per-client budget lives with the HTTP edge (no graphql import on the start path); re-exported here.
export { IpRateLimiter, type ClientRateLimiter } from '../http/client-limit.js';
