/**
 * Aster REST client over the kit's HttpClient (rate budget, timeouts, retries, zod): version prefix from config
 * with a v1 fallback on 404 (docs/venues/aster.md §1), the -1003 ban parser for the HTTP client, and USER_DATA reads
 * signed by sign.ts (V3 API wallet, EIP-712; or V1 HMAC). Secrets never leave sign.ts.
 */
import type { z } from 'zod';
import { VenueError } from '../../core/errors.js';
import type { HttpClient } from '../../core/http.js';
import { asAuthError, type Signer } from './sign.js';

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
  /** V3 (API wallet, EIP-712) or V1 (HMAC) signer for USER_DATA reads; null without keys (sign.ts). */
  signer: Signer | null;
}

export class AsterClient {
  /** The version that answered last (v3 → v1 after a 404). */
  version: 'v1' | 'v3';

  constructor(private readonly o: AsterClientOptions) {
    this.version = o.version;
  }

  get signed(): boolean {
    return this.o.signer !== null;
  }

  /** The signing scheme in use: 'v3' (API wallet), 'v1' (HMAC) or null. */
  get scheme(): 'v1' | 'v3' | null {
    return this.o.signer?.scheme ?? null;
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

  /**
   * A USER_DATA read signed with the configured scheme, on that scheme's path version (`{v}` = v3 for API-wallet keys,
   * v1 for HMAC keys). A refused key or signature is a typed AUTH error; the URL in any message is redacted.
   */
  async signedGet<S extends z.ZodType>(
    path: string,
    schema: S,
    params: Record<string, string | number>,
    opts: { weight?: number; signal?: AbortSignal } = {},
  ): Promise<z.infer<S>> {
    const signer = this.o.signer;
    if (!signer)
      throw new VenueError(
        'aster',
        'UNAVAILABLE',
        'signed endpoint needs ASTER_API_USER/ASTER_API_SIGNER/ASTER_API_SIGNER_KEY (or V1 keys)',
      );
    const { query, headers } = await signer.sign(params);
    try {
      return await this.o.http.json(`${this.o.baseUrl}${path.replace('{v}', signer.scheme)}?${query}`, schema, { ...opts, headers });
    } catch (err) {
      throw asAuthError(err);
    }
  }
}
