/**
 * Server-Sent Events adapter for the shared stream runtime (core/stream.ts), on the maintained `eventsource-parser`:
 * one GET with `accept: text/event-stream`; every chunk counts as activity (keep-alive comments included); each
 * complete event goes to `onEvent`; a non-200 answer goes to `onHttpError` and closes the stream (the runtime
 * reconnects with backoff). An optional limiter slot is taken per connect.
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { FetchFn } from '../core/connector.js';
import type { RateLimiter } from '../core/rate-limit.js';
import type { ResilientStreamOptions, StreamEvents } from '../core/stream.js';

export interface SseOptions {
  fetch: FetchFn;
  url: () => string;
  /** One slot per connect; without a slot the connect is refused (closed) and retried by the runtime. */
  limiter?: RateLimiter;
  /** Called with each event; return a reason string to close the stream. */
  onEvent: (e: EventSourceMessage) => string | void;
  /** A non-200 answer (the stream closes after it). */
  onHttpError?: (res: Response) => void;
  /** Largest event accepted, in characters. Default 1 000 000. */
  maxEventChars?: number;
}

async function consume(o: SseOptions, res: Response, events: StreamEvents, ac: AbortController): Promise<void> {
  let closedBy: string | null = null;
  const parser = createParser({
    onEvent: (e) => {
      if (closedBy) return;
      if (e.data.length > (o.maxEventChars ?? 1_000_000)) closedBy = 'SSE event too large';
      else closedBy = o.onEvent(e) ?? null;
    },
  });
  const decoder = new TextDecoder();
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    events.activity();
    parser.feed(decoder.decode(chunk, { stream: true }));
    if (closedBy) {
      events.closed(closedBy);
      ac.abort();
      return;
    }
  }
  events.closed('SSE stream ended');
}

export function sseConnector(o: SseOptions): ResilientStreamOptions['connect'] {
  return (events) => {
    const ac = new AbortController();
    void (async () => {
      if (o.limiter && !o.limiter.tryAcquire(1)) return events.closed(`rate budget: next slot in ${o.limiter.delayFor(1)} ms`);
      let res: Response;
      try {
        res = await o.fetch(o.url(), { headers: { accept: 'text/event-stream' }, signal: ac.signal });
      } catch (err) {
        if (!ac.signal.aborted) events.closed(`connect failed: ${(err as Error).message}`);
        return;
      }
      if (res.status !== 200 || !res.body) {
        o.onHttpError?.(res);
        await res.body?.cancel().catch(() => undefined);
        return events.closed(`HTTP ${res.status}`);
      }
      events.opened();
      try {
        await consume(o, res, events, ac);
      } catch (err) {
        if (!ac.signal.aborted) events.closed(`SSE: ${(err as Error).message}`);
      }
    })();
    return { send: () => undefined, close: () => ac.abort() };
  };
}
