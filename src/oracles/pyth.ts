/**
 * Pyth Hermes (docs/venues/avantis.md §4): batched latest prices over REST and the Server-Sent-Events stream, both on a
 * limiter of their own (the public instance allows 30 requests per 10 s per IP and answers 429 for the next 60 s).
 */
import type { FetchFn } from '../core/connector.js';
import { DataError, VenueError } from '../core/errors.js';
import type { HttpClient } from '../core/http.js';
import type { RateLimiter } from '../core/rate-limit.js';
import type { ResilientStreamOptions } from '../core/stream.js';
import { scaled, type OraclePrice } from '../venues/avantis/normalize.js';
import { HermesUpdate } from '../venues/avantis/wire.js';

/** Feed ids per latest request (the URL carries 64 hex characters per id). */
export const HERMES_BATCH = 50;
/** Pyth: a 429 blocks the IP for the next 60 s (§4.5). */
export const HERMES_429_PAUSE_MS = 60_000;

/** Parsed prices of one Hermes update (latest or SSE event), keyed by feed id without `0x`. */
export function parseUpdate(body: unknown): Map<string, OraclePrice> {
  const r = HermesUpdate.safeParse(body);
  if (!r.success)
    throw new DataError('SCHEMA', `Hermes update: ${r.error.issues[0]?.path.join('.') ?? ''} ${r.error.issues[0]?.message ?? ''}`);
  const out = new Map<string, OraclePrice>();
  for (const f of r.data.parsed) {
    out.set(f.id.toLowerCase().replace(/^0x/, ''), {
      price: scaled(f.price.price, f.price.expo),
      conf: scaled(f.price.conf, f.price.expo),
      publishTime: f.price.publish_time * 1000,
    });
  }
  return out;
}

function query(ids: readonly string[], extra: string): string {
  return `${ids.map((id) => `ids[]=${id}`).join('&')}&parsed=true&encoding=hex&ignore_invalid_price_ids=true${extra}`;
}

export async function latestPrices(
  http: HttpClient,
  baseUrl: string,
  ids: readonly string[],
  signal: AbortSignal,
): Promise<Map<string, OraclePrice>> {
  const out = new Map<string, OraclePrice>();
  for (let i = 0; i < ids.length; i += HERMES_BATCH) {
    const body = await http.json(`${baseUrl}/v2/updates/price/latest?${query(ids.slice(i, i + HERMES_BATCH), '')}`, HermesUpdate, {
      signal,
    });
    for (const [k, v] of parseUpdate(body)) out.set(k, v);
  }
  return out;
}

/**
 * SSE adapter for the shared stream runtime: one GET on `/v2/updates/price/stream`, `data:` events dispatched as
 * parsed updates, comments/keep-alives as activity, a named `error` event or a non-200 answer closes the stream
 * (the runtime reconnects with backoff). Each connect takes one slot of the Hermes limiter.
 */
export function sseConnector(o: {
  fetch: FetchFn;
  url: () => string;
  limiter: RateLimiter;
  onUpdate: (prices: Map<string, OraclePrice>) => void;
  onError: (err: VenueError | DataError) => void;
}): ResilientStreamOptions['connect'] {
  return (events) => {
    const ac = new AbortController();
    void (async () => {
      if (!o.limiter.tryAcquire(1)) {
        events.closed(`Hermes rate budget: next slot in ${o.limiter.delayFor(1)} ms`);
        return;
      }
      let res: Response;
      try {
        res = await o.fetch(o.url(), { headers: { accept: 'text/event-stream' }, signal: ac.signal });
      } catch (err) {
        if (!ac.signal.aborted) events.closed(`connect failed: ${(err as Error).message}`);
        return;
      }
      if (res.status !== 200 || !res.body) {
        if (res.status === 429) {
          const ra = Number(res.headers.get('retry-after'));
          const pause = Number.isFinite(ra) && ra > 0 ? ra * 1000 : HERMES_429_PAUSE_MS;
          o.limiter.pause(pause);
          o.onError(
            new VenueError('avantis', 'RATE_LIMITED', `Hermes SSE: HTTP 429, Hermes paused for ${pause} ms`, { retryAfterMs: pause }),
          );
        } else o.onError(new VenueError('avantis', res.status >= 500 ? 'HTTP_5XX' : 'HTTP_4XX', `Hermes SSE: HTTP ${res.status}`));
        await res.body?.cancel().catch(() => undefined);
        events.closed(`HTTP ${res.status}`);
        return;
      }
      events.opened();
      const decoder = new TextDecoder();
      let buf = '';
      let data: string[] = [];
      let event = 'message';
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          events.activity();
          buf += decoder.decode(chunk, { stream: true });
          let nl: number;
          while ((nl = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, nl).replace(/\r$/, '');
            buf = buf.slice(nl + 1);
            if (line === '') {
              if (data.length > 0) {
                const payload = data.join('\n');
                if (event === 'error') {
                  events.closed(`Hermes SSE error event: ${payload.slice(0, 120)}`);
                  ac.abort();
                  return;
                }
                try {
                  o.onUpdate(parseUpdate(JSON.parse(payload)));
                } catch (err) {
                  o.onError(
                    err instanceof DataError ? err : new DataError('MALFORMED', `Hermes SSE event is not JSON: ${payload.slice(0, 60)}`),
                  );
                }
              }
              data = [];
              event = 'message';
            } else if (line.startsWith(':')) continue;
            else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
            else if (line.startsWith('event:')) event = line.slice(6).trim();
          }
          if (buf.length > 1_000_000) throw new DataError('MALFORMED', 'Hermes SSE: event larger than 1 MB');
        }
        events.closed('Hermes SSE stream ended');
      } catch (err) {
        if (!ac.signal.aborted) events.closed(`Hermes SSE: ${(err as Error).message}`);
      }
    })();
    return {
      send: () => undefined,
      close: () => ac.abort(),
    };
  };
}
