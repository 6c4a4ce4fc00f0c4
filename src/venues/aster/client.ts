/**
 * Aster REST client over the kit's HttpClient (rate budget, timeouts, retries, zod): version prefix from config
 * with a v1 fallback on 404 (docs/venues/aster.md §1), the X-MBX-USED-WEIGHT-1M header fed to the limiter, and v1
 * HMAC-SHA256 signing for USER_DATA endpoints (X-MBX-APIKEY header, `signature` query). Secrets never leave here.
 */
import { createHmac } from 'node:crypto';
import type { z } from 'zod';
import { VenueError } from '../../core/errors.js';
import type { HttpClient } from '../../core/http.js';

/**
 * The ban expiry in an error body: code -1003 with "… banned until <ms> …" (docs/venues/aster.md §4.1), epoch ms; a
 * 10-digit number is read as seconds. Null for any other body.
 */
export function bannedUntil(_status: number, body: string): number | null {
  let e: unknown;
  try {
    e = JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof e !== 'object' || e === null) return null;
  const { code, msg } = e as { code?: unknown; msg?: unknown };
  if (Number(code) !== -1003 || typeof msg !== 'string') return null;
  const m = /banned until (\d{10,13})\b/i.exec(msg);
  if (!m) return null;
  const t = Number(m[1]);
  return m[1]!.length === 10 ? t * 1000 : t;
}

export interface AsterClientOptions {
  http: HttpClient;
  baseUrl: string;
  version: 'v1' | 'v3';
  apiKey: string | null;
  secret: string | null;
  now: () => number;
}

export class AsterClient {
  /** The version that answered last (v3 → v1 after a 404). */
  version: 'v1' | 'v3';

  constructor(private readonly o: AsterClientOptions) {
    this.version = o.version;
  }

  get signed(): boolean {
    return this.o.apiKey !== null && this.o.secret !== null;
  }

  private url(path: string, params: Record<string, string | number> = {}): string {
    const q = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();
    return `${this.o.baseUrl}${path.replace('{v}', this.version)}${q ? `?${q}` : ''}`;
  }

  async get<S extends z.ZodType>(
    path: string,
    schema: S,
    params: Record<string, string | number> = {},
    opts: { weight?: number; signal?: AbortSignal } = {},
  ): Promise<z.infer<S>> {
    try {
      return await this.o.http.json(this.url(path, params), schema, opts);
    } catch (err) {
      if (err instanceof VenueError && err.code === 'NOT_FOUND' && path.includes('{v}') && this.version === 'v3') {
        this.version = 'v1';
        return this.o.http.json(this.url(path, params), schema, opts);
      }
      throw err;
    }
  }

  /** USER_DATA request signed with HMAC-SHA256 (v1 keys). */
  async signedGet<S extends z.ZodType>(
    path: string,
    schema: S,
    params: Record<string, string | number>,
    opts: { weight?: number; signal?: AbortSignal } = {},
  ): Promise<z.infer<S>> {
    if (!this.o.apiKey || !this.o.secret)
      throw new VenueError('aster', 'UNAVAILABLE', 'signed endpoint needs ASTER_API_KEY and ASTER_SECRET_KEY');
    const query = new URLSearchParams(
      Object.entries({ ...params, timestamp: this.o.now(), recvWindow: 5000 }).map(([k, v]) => [k, String(v)]),
    ).toString();
    const signature = createHmac('sha256', this.o.secret).update(query).digest('hex');
    return this.o.http.json(`${this.o.baseUrl}${path}?${query}&signature=${signature}`, schema, {
      ...opts,
      headers: { 'X-MBX-APIKEY': this.o.apiKey },
    });
  }
}
