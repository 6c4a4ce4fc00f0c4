import type { Venue } from './types.js';

/** The closed set of error codes a connector or the gateway may raise. */
export const ERROR_CODES = [
  'NETWORK', // connection refused, reset, DNS
  'TIMEOUT', // request exceeded its timeout
  'RATE_LIMITED', // 429 / JSON-RPC rate-limit error / local budget exhausted
  'BANNED', // 418 or equivalent
  'HTTP_4XX', // other client error from the venue (not retried)
  'AUTH', // the venue rejected our key or signature (not retried; the value is never shown)
  'HTTP_5XX', // server error (retried)
  'MALFORMED', // body is not valid JSON / cannot be decoded
  'SCHEMA', // body parsed but does not match the expected shape
  'RPC_ERROR', // JSON-RPC error object
  'REVERTED', // eth_call reverted
  'STALE', // data older than allowed (e.g. oracle publish time)
  'NOT_FOUND', // unknown market / symbol
  'UNAVAILABLE', // source not configured or not answering
  'INVALID_ARGUMENT', // bad query argument
  'INVALID_CONFIG', // bad environment value
  'INVALID_NUMBER', // NaN/Infinity/non-numeric where a number was required
  'INVALID_INTERVAL', // zero/negative/NaN funding interval
  'SEQUENCE_GAP', // stream sequence broken
  'DISPOSED', // connector was disposed
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

const RETRYABLE: ReadonlySet<ErrorCode> = new Set(['NETWORK', 'TIMEOUT', 'RATE_LIMITED', 'HTTP_5XX', 'SEQUENCE_GAP']);

/** A typed error from a venue. `message` says what was expected and what arrived. */
export class VenueError extends Error {
  override readonly name = 'VenueError';
  readonly venue: Venue | 'gateway';
  readonly code: ErrorCode;
  readonly retryable: boolean;
  /** For RATE_LIMITED / BANNED: how long to wait, ms. */
  readonly retryAfterMs: number | null;
  constructor(
    venue: Venue | 'gateway',
    code: ErrorCode,
    message: string,
    opts: { cause?: unknown; retryable?: boolean; retryAfterMs?: number | null } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.venue = venue;
    this.code = code;
    this.retryable = opts.retryable ?? RETRYABLE.has(code);
    this.retryAfterMs = opts.retryAfterMs ?? null;
  }
}

/** Thrown by core helpers (funding math, parsers) before a venue is known. */
export class DataError extends Error {
  override readonly name = 'DataError';
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export function isAbortError(err: unknown): boolean {
  return (
    typeof err === 'object' &&
    err !== null &&
    'name' in err &&
    ((err as { name: unknown }).name === 'AbortError' || (err as { name: unknown }).name === 'CanceledError')
  );
}

/** Convert anything thrown into a VenueError, re-throwing aborts (never swallow cancellation). */
export function toVenueError(venue: Venue | 'gateway', err: unknown): VenueError {
  if (isAbortError(err)) throw err;
  if (err instanceof VenueError) return err;
  if (err instanceof DataError) return new VenueError(venue, err.code, err.message, { cause: err });
  const message = err instanceof Error ? err.message : String(err);
  return new VenueError(venue, 'NETWORK', message, { cause: err });
}

/**
 * An error's message with its underlying cause where the message alone hides it: undici's `fetch failed` becomes
 * `fetch failed (ECONNREFUSED 127.0.0.1:9)`, so health's lastError names what actually went wrong.
 */
export function messageWithCause(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  let c: unknown = err instanceof Error ? err.cause : undefined;
  for (let i = 0; i < 3 && c; i++) {
    const e = c as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
    const first = Array.isArray(e.errors) ? (e.errors[0] as { code?: unknown; message?: unknown } | undefined) : undefined;
    const code = typeof e.code === 'string' ? e.code : typeof first?.code === 'string' ? first.code : null;
    const detail = typeof e.message === 'string' && e.message ? e.message : typeof first?.message === 'string' ? first.message : '';
    if (code || detail) return `${message} (${code && !detail.includes(code) ? `${code}: ${detail}` : detail || code})`;
    c = e.cause;
  }
  return message;
}
