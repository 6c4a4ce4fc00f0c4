/**
 * Avantis REST reads over the template's HTTP client (rate budget, timeouts, retries, zod): the whole catalog
 * (`/v2/trading`, or the legacy catalog without funding fields, docs/venues/avantis.md §1) and the history
 * analytics volumes (§1.4). The catalog body is validated pair by pair in catalog.ts.
 */
import { z } from 'zod';
import type { HttpClient } from '../../core/http.js';
import type { CatalogSource } from './catalog.js';
import { VOLUME_PATH } from './constants.js';
import { DailyVolumes } from './wire.js';

export class AvantisClient {
  constructor(
    private readonly http: HttpClient,
    private readonly urls: { data: string; legacy: string; history: string },
  ) {}

  catalogUrl(source: CatalogSource): string {
    return source === 'v2' ? `${this.urls.data}/v2/trading` : this.urls.legacy;
  }

  catalog(source: CatalogSource, signal: AbortSignal): Promise<unknown> {
    return this.http.json(this.catalogUrl(source), z.unknown(), { signal });
  }

  /** pair index → last-day volume (USD). */
  async volumes(signal: AbortSignal): Promise<Map<number, number>> {
    const v = await this.http.json(`${this.urls.history}${VOLUME_PATH}`, DailyVolumes, { signal, retries: 0 });
    return new Map(v.cumulativeVolumes.map((r) => [r.pairIndex, r.cumulativeVolume]));
  }
}
