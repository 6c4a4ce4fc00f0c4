/**
 * Encode once, write once: a text message is framed (WebSocket header + payload, RFC 6455 §5.2; server frames are
 * never masked) ONCE per update and subscription id, and the same bytes are written to every subscriber's socket.
 * `ws.send` would allocate a header and an options object, cork, write twice and uncork per subscriber; at 10 000
 * subscribers that per-subscriber work is what separates the gateway from a raw broadcast.
 *
 * Writing straight to the socket is only done when nothing can be in between: the connection has no extension that
 * rewrites frames (permessage-deflate is off on this server, checked per socket anyway) and ws's sender has nothing
 * queued. Otherwise, or if ws's internals ever look different, the message goes through `ws.send` as before.
 */
import type { WebSocket } from 'ws';

/** A message ready to send: its UTF-8 payload (for `ws.send`) and the complete unmasked text frame. */
export interface Encoded {
  text: Buffer;
  framed: Buffer;
}

/** The parts of ws's WebSocket the direct write relies on (ws 8: lib/websocket.js, lib/sender.js). */
interface Internals {
  _socket?: { write(b: Buffer): boolean; writable?: boolean };
  _sender?: { _state?: number; _queue?: unknown[] };
  _extensions?: Record<string, unknown>;
}

/** ws's Sender state when it is neither deflating nor reading a blob (lib/sender.js `DEFAULT`). */
const SENDER_IDLE = 0;

/** One unmasked, unfragmented text frame: FIN + opcode 1, then the payload length in 7, 7+16 or 7+64 bits (§5.2). */
export function encodeText(message: string): Encoded {
  const text = Buffer.from(message);
  const n = text.length;
  const head = n < 126 ? 2 : n < 65_536 ? 4 : 10;
  const framed = Buffer.allocUnsafe(head + n);
  framed[0] = 0x81;
  if (n < 126) framed[1] = n;
  else if (n < 65_536) {
    framed[1] = 126;
    framed.writeUInt16BE(n, 2);
  } else {
    framed[1] = 127;
    framed.writeBigUInt64BE(BigInt(n), 2);
  }
  text.copy(framed, head);
  return { text, framed };
}

/** True when the pre-framed bytes may be written to this socket directly. */
function direct(ws: WebSocket): Internals['_socket'] | null {
  const w = ws as unknown as Internals;
  const socket = w._socket;
  const sender = w._sender;
  if (!socket || typeof socket.write !== 'function' || socket.writable === false) return null;
  if (!sender || sender._state !== SENDER_IDLE || !Array.isArray(sender._queue) || sender._queue.length > 0) return null;
  if (w._extensions && Object.keys(w._extensions).length > 0) return null;
  return socket;
}

/** Send an encoded message; returns true when it went out as the shared frame (no per-subscriber framing). */
export function sendEncoded(ws: WebSocket, m: Encoded): boolean {
  const socket = direct(ws);
  if (socket) {
    socket.write(m.framed);
    return true;
  }
  ws.send(m.text, { binary: false });
  return false;
}
