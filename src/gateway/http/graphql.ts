/**
 * POST/GET /graphql over node:http: the serialized response cache first (a repeated query is answered without
 * parsing anything, with an ETag and 304 for GET), then Apollo.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { App } from '../../app/app.js';
import { createContext, type GatewayContext } from '../graphql/context.js';
import { readBody, send } from './io.js';
import { ResponseCache } from './response-cache.js';

export type GraphqlHandler = (req: IncomingMessage, res: ServerResponse, search: string) => Promise<void>;

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

export function graphqlHandler(app: App, apollo: ApolloServer<GatewayContext>, responses: ResponseCache): GraphqlHandler {
  return async (req, res, search) => {
    const method = (req.method ?? 'GET').toUpperCase();
    const text = method === 'POST' ? await readBody(req) : '';
    const accept = req.headers.accept ?? '';
    const isJson = (req.headers['content-type'] ?? '').includes('application/json');
    const cacheKey = method === 'GET' || isJson ? ResponseCache.keyOf(method, search, text, accept) : null;
    const version = app.store.version;
    if (cacheKey && fromCache(req, res, responses, cacheKey, version, app.now())) return;
    const parsed = parseBody(method, isJson, text);
    if (!parsed.ok) {
      const errors = [{ message: 'request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }];
      return send(res, 400, JSON.stringify({ errors }));
    }
    const headers = headerMap(req);
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method, headers, search, body: parsed.body },
      context: () => Promise.resolve(createContext(app)),
    });
    const out: Record<string, string> = {};
    for (const [k, v] of result.headers) out[k] = v;
    res.statusCode = result.status ?? 200;
    for (const [k, v] of Object.entries(out)) res.setHeader(k, v);
    if (result.body.kind !== 'complete') {
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
      return;
    }
    const stored = cacheKey ? responses.set(cacheKey, version, app.now(), res.statusCode, out, result.body.string) : null;
    if (stored) {
      res.setHeader('etag', stored.etag);
      if (method === 'GET' && headers.get('if-none-match') === stored.etag) {
        res.statusCode = 304;
        res.end();
        return;
      }
    }
    res.setHeader('content-length', Buffer.byteLength(result.body.string));
    res.end(result.body.string);
  };
}
