/** Small HTTP helpers shared by the routes: send a body, read a bounded request body. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest request body accepted (and largest WebSocket message), bytes. */
export const MAX_BODY = 1_000_000;

export function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  type = 'application/json; charset=utf-8',
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), ...extra });
  res.end(body);
}

/** The request body as text; rejects with `status: 413` past `max` bytes. */
export function readBody(req: IncomingMessage, max = MAX_BODY): Promise<string> {
  return new Promise((resolve, reject) => {
    let first: Buffer | null = null;
    let chunks: Buffer[] | null = null;
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        req.removeAllListeners('data');
        reject(Object.assign(new Error('request body too large'), { status: 413 }));
        return;
      }
      if (first === null) first = c;
      else (chunks ??= [first]).push(c);
    });
    req.on('end', () => resolve(chunks ? Buffer.concat(chunks).toString('utf8') : first ? (first as Buffer).toString('utf8') : ''));
    req.on('error', reject);
  });
}
