/**
 * Error masking at the GraphQL edge (STYLE.md §7): known codes keep their message and map to extensions.code;
 * anything else is masked as INTERNAL_SERVER_ERROR. No stack traces, no upstream URLs with keys.
 */
import type { GraphQLFormattedError } from 'graphql';
import { VenueError } from '../../core/errors.js';
import { redact } from '../../core/http.js';

const PASS = new Set([
  'BAD_USER_INPUT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'QUERY_LIMIT_EXCEEDED',
]);

const URL_RE = /https?:\/\/[^\s"')]+/g;

export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = (error as { originalError?: unknown })?.originalError;
  if (original instanceof VenueError) {
    const { stacktrace: _s, ...ext } = formatted.extensions ?? {};
    return {
      ...formatted,
      message: formatted.message.replace(URL_RE, (u) => redact(u)),
      extensions: { ...ext, code: original.code, venue: original.venue },
    };
  }
  const code = String(formatted.extensions?.code ?? '');
  if (PASS.has(code) || (original === undefined && code !== 'INTERNAL_SERVER_ERROR')) {
    const { stacktrace: _s, ...ext } = formatted.extensions ?? {};
    return { ...formatted, extensions: ext };
  }
  return {
    message: 'Internal server error',
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}
