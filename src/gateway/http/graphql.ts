/**
 * POST/GET /graphql over node:http: the serialized response cache first (a repeated query is answered without
 * parsing anything, with an ETag and 304 for GET), then a check of the raw document (too long or too deep to
 * parse safely), then Apollo. Every error is the GraphQL envelope `{"errors":[…]}`.
 *
 * Status codes follow GraphQL over HTTP: with `application/graphql-response+json` a request that fails to parse or
 * validate (query limits included) or whose variables do not coerce is a 400; with legacy `application/json` it is a
 * 200 carrying the errors (graphql-http audit SHOULDs). A mutation or a subscription over HTTP is always a 400.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { App } from '../../app/app.js';
import { createContext, type GatewayContext } from '../graphql/context.js';
import { guardDocument } from '../graphql/document-guard.js';
import { MAX_BODY, readBody, send, sendErrors } from './io.js';
import { ResponseCache } from './response-cache.js';

export type GraphqlHandler = (req: IncomingMessage, res: ServerResponse, search: string) => Promise<void>;

const GQL_RESPONSE = 'application/graphql-response+json';
/** Request errors that answer 200 under legacy application/json. */
const REQUEST_ERRORS = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'QUERY_LIMIT_EXCEEDED', 'BAD_USER_INPUT']);

/** Whether the client prefers application/graphql-response+json over application/json. */
function wantsGraphqlResponse(accept: string): boolean {
  const g = accept.indexOf(GQL_RESPONSE);
  const j = accept.indexOf('application/json');
  return g >= 0 && (j < 0 || g < j);
}

type Parsed = { ok: true; body: unknown } | { ok: false };

function parseBody(method: string, isJson: boolean, text: string): Parsed {
  if (method !== 'POST') return { ok: true, body: undefined };
  if (!isJson) return { ok: true, body: text };
  try {
    return { ok: true, body: text === '' ? undefined : JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** The query text of a request, if any (POST JSON `query`, GET `?query=`). */
function queryText(method: string, body: unknown, search: string): string | null {
  if (method === 'GET') return new URLSearchParams(search).get('query');
  const q = body && typeof body === 'object' ? (body as { query?: unknown }).query : undefined;
  return typeof q === 'string' ? q : null;
}

function headerMap(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
  return headers;
}

/** Answer from the cache if this exact request was answered for the current store version. */
function fromCache(
  req: IncomingMessage,
  res: ServerResponse,
  responses: ResponseCache,
  key: string,
  version: number,
  now: number,
): boolean {
  const hit = responses.get(key, version, now);
  if (!hit) return false;
  if (req.method === 'GET' && req.headers['if-none-match'] === hit.etag) send(res, 304, '', 'text/plain', { etag: hit.etag });
  else {
    res.writeHead(200, hit.headers);
    res.end(hit.bytes);
  }
  return true;
}

/** Under application/json, a request error Apollo answered with 400 becomes a 200 carrying the errors. */
function statusFor(status: number, contentType: string, body: string): number {
  if (status !== 400 || !contentType.startsWith('application/json')) return status;
  try {
    const errors = (JSON.parse(body) as { errors?: Array<{ extensions?: { code?: string } }> }).errors ?? [];
    return errors.length && errors.every((e) => REQUEST_ERRORS.has(e.extensions?.code ?? '')) ? 200 : status;
  } catch {
    return status;
  }
}

async function readOr413(req: IncomingMessage, res: ServerResponse): Promise<string | null> {
  try {
    return await readBody(req);
  } catch (err) {
    if ((err as { status?: number }).status !== 413) throw err;
    const message = `request body exceeds ${MAX_BODY} bytes`;
    sendErrors(res, 413, [{ message, code: 'PAYLOAD_TOO_LARGE', limit: 'maxBodyBytes', max: MAX_BODY }], { connection: 'close' });
    return null;
  }
}

export function graphqlHandler(app: App, apollo: ApolloServer<GatewayContext>, responses: ResponseCache): GraphqlHandler {
  const maxDepth = app.config.PERP_MAX_QUERY_DEPTH;
  return async (req, res, search) => {
    const method = (req.method ?? 'GET').toUpperCase();
    const text = method === 'POST' ? await readOr413(req, res) : '';
    if (text === null) return;
    const accept = req.headers.accept ?? '';
    const isJson = (req.headers['content-type'] ?? '').includes('application/json');
    const cacheKey = method === 'GET' || isJson ? ResponseCache.keyOf(method, search, text, accept) : null;
    const version = app.store.version;
    if (cacheKey && fromCache(req, res, responses, cacheKey, version, app.now())) return;
    const parsed = parseBody(method, isJson, text);
    if (!parsed.ok) return sendErrors(res, 400, [{ message: 'request body is not valid JSON', code: 'BAD_REQUEST' }]);
    const query = queryText(method, parsed.body, search);
    const refused = query === null ? null : guardDocument(query, maxDepth);
    if (refused) {
      const g = wantsGraphqlResponse(accept);
      const type = `${g ? GQL_RESPONSE : 'application/json'}; charset=utf-8`;
      return sendErrors(res, g ? 400 : 200, [{ message: refused.message, ...(refused.extensions as { code: string }) }], {}, type);
    }
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method, headers: headerMap(req), search, body: parsed.body },
      context: () => Promise.resolve(createContext(app)),
    });
    const out: Record<string, string> = {};
    for (const [k, v] of result.headers) out[k] = v;
    for (const [k, v] of Object.entries(out)) res.setHeader(k, v);
    if (result.body.kind !== 'complete') {
      res.statusCode = result.status ?? 200;
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
      return;
    }
    res.statusCode = statusFor(result.status ?? 200, out['content-type'] ?? '', result.body.string);
    const stored = cacheKey ? responses.set(cacheKey, version, app.now(), res.statusCode, out, result.body.string) : null;
    if (stored) {
      res.setHeader('etag', stored.etag);
      if (method === 'GET' && req.headers['if-none-match'] === stored.etag) {
        res.statusCode = 304;
        res.end();
        return;
      }
    }
    res.setHeader('content-length', Buffer.byteLength(result.body.string));
    res.end(result.body.string);
  };
}
