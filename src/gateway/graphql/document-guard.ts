/**
 * Checks on a GraphQL document's raw text, before it is parsed: an absurdly long document, or one nested so deep
 * that the parser itself would exhaust the stack (5000 nested selections), is refused with QUERY_LIMIT_EXCEEDED
 * naming the limit, on HTTP and WebSocket alike. The depth limit proper (PERP_MAX_QUERY_DEPTH) is checked after
 * parsing by the limits rule; this bound only has to stop what cannot be parsed safely.
 */
import { GraphQLError } from 'graphql';

/** Longest document accepted, characters. */
export const MAX_DOCUMENT_CHARS = 100_000;

/** Deepest bracket nesting (`{`, `[`, `(`) accepted before parsing: room for fragments and list literals. */
export const maxNestingFor = (maxDepth: number): number => Math.max(64, 4 * maxDepth);

function limitError(message: string, limit: string, max: number, actual: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'QUERY_LIMIT_EXCEEDED', limit, max, actual } });
}

/** Deepest bracket nesting in a document, ignoring strings, block strings and comments. */
export function nestingOf(text: string, stopAt = Infinity): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '"') {
      const block = text.startsWith('"""', i);
      const end = block ? text.indexOf('"""', i + 3) : stringEnd(text, i + 1);
      i = end < 0 ? text.length : block ? end + 2 : end;
    } else if (c === '{' || c === '[' || c === '(') {
      if (++depth > max) max = depth;
      if (max > stopAt) return max;
    } else if (c === '}' || c === ']' || c === ')') depth--;
  }
  return max;
}

function stringEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"' || text[i] === '\n') return i;
  }
  return -1;
}

/** An error when the document must not be parsed, else null. */
export function guardDocument(query: string, maxDepth: number): GraphQLError | null {
  if (query.length > MAX_DOCUMENT_CHARS)
    return limitError(
      `query document is ${query.length} characters; the maximum is ${MAX_DOCUMENT_CHARS} (refused before parsing)`,
      'maxDocumentChars',
      MAX_DOCUMENT_CHARS,
      query.length,
    );
  const max = maxNestingFor(maxDepth);
  const nesting = nestingOf(query, max);
  if (nesting > max)
    return limitError(
      `query nesting exceeds ${max} levels (the maximum depth is ${maxDepth}; refused before parsing)`,
      'maxNesting',
      max,
      nesting,
    );
  return null;
}
