/**
 * The `/info` client: every read is a JSON POST whose body names the request type (docs/venues/hyperliquid.md §1),
 * charged its documented weight against the venue's budget (§7). Errors keep their code and gain the request type.
 */
import type { z } from 'zod';
import { VenueError } from '../../core/errors.js';
import type { HttpClient } from '../../core/http.js';
import { INFO_PATH, VENUE } from './constants.js';

export type InfoBody = { type: string } & Record<string, unknown>;

export class InfoClient {
  constructor(
    private readonly http: HttpClient,
    private readonly baseUrl: string,
  ) {}

  /** POST `{type, ...}` to `/info`, validate with `schema`, charge `weight`. Aborts pass through untouched. */
  async info<S extends z.ZodType>(body: InfoBody, schema: S, weight: number, signal?: AbortSignal): Promise<z.infer<S>> {
    try {
      return await this.http.json(`${this.baseUrl}${INFO_PATH}`, schema, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        weight,
        ...(signal ? { signal } : {}),
      });
    } catch (err) {
      if (!(err instanceof VenueError)) throw err;
      throw new VenueError(VENUE, err.code, `info ${body.type}: ${err.message}`, {
        cause: err,
        retryable: err.retryable,
        retryAfterMs: err.retryAfterMs,
      });
    }
  }
}
