/**
 * CORS on every HTTP surface (PERP_CORS_ORIGINS: `*` by default, the data is public and read-only; or a list of
 * origins). No credentials are ever allowed: the API uses none, so a cross-origin page gets exactly what curl gets.
 * CSRF prevention (Apollo's) stays on /graphql: a GET or a non-JSON POST must carry a header that forces a
 * preflight (`apollo-require-preflight: true`, or `content-type: application/json` on POST).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Request headers GraphQL clients send (graphql-request, Apollo Client, urql, graphql-ws's HTTP siblings). */
export const ALLOWED_HEADERS = [
  'content-type',
  'accept',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'apollographql-client-name',
  'apollographql-client-version',
  'if-none-match',
  'cache-control',
];
/** Response headers a page may read. */
export const EXPOSED_HEADERS = ['etag', 'retry-after', 'cache-control', 'content-length'];
export const PREFLIGHT_MAX_AGE_S = 86_400;

/** CORS response headers for a request's Origin. */
export function corsHeaders(allowed: readonly string[], origin: string | undefined): Record<string, string> {
  if (allowed.includes('*')) return { 'access-control-allow-origin': '*', 'access-control-expose-headers': EXPOSED_HEADERS.join(', ') };
  if (origin && allowed.includes(origin))
    return { 'access-control-allow-origin': origin, 'access-control-expose-headers': EXPOSED_HEADERS.join(', '), vary: 'Origin' };
  return { vary: 'Origin' };
}

/** Set the CORS headers on a response; answer a preflight (OPTIONS) completely. Returns true when answered. */
export function applyCors(allowed: readonly string[], req: IncomingMessage, res: ServerResponse): boolean {
  const h = corsHeaders(allowed, req.headers.origin);
  for (const [k, v] of Object.entries(h)) res.setHeader(k, v);
  if (req.method !== 'OPTIONS') return false;
  res.writeHead(204, {
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': ALLOWED_HEADERS.join(', '),
    'access-control-max-age': String(PREFLIGHT_MAX_AGE_S),
    'content-length': '0',
  });
  res.end();
  return true;
}
