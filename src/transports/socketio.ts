/**
 * Socket.IO v4 adapter for the shared stream runtime (the protocol notes of the venue docs that use it): connects to the data host's origin
 * (a URL path would select a namespace, so the path is set explicitly), websocket transport only, no automatic
 * reconnection (the runtime owns reconnects, backoff and the silence watchdog; engine pings count as activity).
 */
import { io as socketIo } from 'socket.io-client';
import type { ResilientStreamOptions } from '../core/stream.js';

export function socketIoConnector(o: {
  url: string;
  path: string;
  event: string;
  timeoutMs: number;
  onEvent: (payload: unknown) => void;
}): ResilientStreamOptions['connect'] {
  const origin = new URL(o.url).origin;
  return (events) => {
    const s = socketIo(origin, { path: o.path, transports: ['websocket'], reconnection: false, forceNew: true, timeout: o.timeoutMs });
    s.on('connect', () => events.opened());
    s.on(o.event, (d: unknown) => {
      events.activity();
      o.onEvent(d);
    });
    s.io.on('ping', () => events.activity());
    s.on('connect_error', (e: Error) => events.closed(`connect_error: ${e.message}`));
    s.on('disconnect', (reason: string) => events.closed(`disconnect: ${reason}`));
    return {
      send: () => undefined,
      close: () => {
        s.removeAllListeners();
        s.io.removeAllListeners();
        s.disconnect();
        s.io.engine?.close();
      },
    };
  };
}
