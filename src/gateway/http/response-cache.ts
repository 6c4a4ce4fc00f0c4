/**
 * Serialized-response cache for hot queries: the latest-state store changes on a cadence, so a query's result
 * is the same for every client until the next change. Entries are keyed by the request (document or persisted
 * hash, variables, operation name, accept header) and valid while the store version is unchanged AND younger
 * than `maxAgeMs` (so freshness.ageMs in a cached answer is at most that much behind). Bounded LRU.
 */
import { createHash } from 'node:crypto';

export interface CachedResponse {
  status: number;
  /** Ready-to-write headers, content-length and etag included. */
  headers: Record<string, string>;
  body: string;
  bytes: Buffer;
  etag: string;
  version: number;
  at: number;
}

export class ResponseCache {
  private readonly entries = new Map<string, CachedResponse>();
  hits = 0;
  misses = 0;

  constructor(
    /** Max entries (LRU). Default 500. */
    private readonly maxEntries = 500,
    /** Max age of an entry in ms even when the store has not changed. Default 1000. */
    readonly maxAgeMs = 1000,
  ) {}

  /**
   * Key of a request: GET by its query string, POST by its raw JSON body text (no parse on the hot path; two
   * differently formatted bodies are simply two entries). Mutations are never cached.
   */
  static keyOf(method: string, search: string, bodyText: string, accept: string): string | null {
    if (method === 'GET') return `GET ${search} ${accept}`;
    if (method !== 'POST' || bodyText === '' || /"query"\s*:\s*"\s*mutation\b/.test(bodyText)) return null;
    return `POST ${bodyText} ${accept}`;
  }

  get(key: string, version: number, now: number): CachedResponse | null {
    const e = this.entries.get(key);
    if (!e || e.version !== version || now - e.at > this.maxAgeMs) {
      this.misses++;
      return null;
    }
    this.entries.delete(key);
    this.entries.set(key, e);
    this.hits++;
    return e;
  }

  /** Store a successful, error-free response. */
  set(key: string, version: number, now: number, status: number, headers: Record<string, string>, body: string): CachedResponse | null {
    if (status !== 200 || this.maxAgeMs <= 0 || !body.startsWith('{"data"') || body.includes('"errors":')) return null;
    const etag = `W/"${version.toString(36)}-${createHash('sha1').update(body).digest('base64url').slice(0, 16)}"`;
    const bytes = Buffer.from(body);
    const e: CachedResponse = {
      status,
      headers: { ...headers, etag, 'content-length': String(bytes.length) },
      body,
      bytes,
      etag,
      version,
      at: now,
    };
    this.entries.set(key, e);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return e;
  }
}
