/**
 * Resilient stream runtime, transport-agnostic (raw WebSocket, Socket.IO, Solana pub/sub, SSE): lazy connect,
 * resubscribe on (re)connect via `onOpen`, capped jittered backoff reset on success, a silence watchdog that
 * restarts a connection that stops delivering, and counted reconnects. Adapters supply `connect`.
 */
import { backoffDelay } from './backoff.js';
import type { WebSocketCtor, WebSocketLike } from './connector.js';

export interface StreamLink {
  /** Send a text frame (adapters that cannot send may ignore it). */
  send(data: string): void;
  close(): void;
}

export interface StreamEvents {
  /** The transport is open: subscribe here. */
  opened(): void;
  /** Any inbound frame or heartbeat: resets the watchdog. */
  activity(): void;
  /** The transport closed or failed; the runtime will reconnect unless stopped. */
  closed(reason: string): void;
}

export interface ResilientStreamOptions {
  name: string;
  connect(events: StreamEvents): StreamLink;
  /** Called after every successful open, with the link (subscribe/resubscribe here). */
  onOpen?(link: StreamLink, isReconnect: boolean): void;
  /** Called on every close with the reason. */
  onClose?(reason: string): void;
  /** No inbound activity for this long → restart. Default 30 000 ms. */
  watchdogMs?: number;
  /** Backoff base / cap. Defaults 500 / 30 000 ms. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Force a reconnect after this long (a venue that closes connections after a fixed lifetime). Default none. */
  maxLifetimeMs?: number;
  random?: () => number;
}

export type StreamState = 'idle' | 'connecting' | 'open' | 'backoff' | 'stopped';

export class ResilientStream {
  state: StreamState = 'idle';
  reconnects = 0;
  lastActivityAt = 0;
  lastCloseReason: string | null = null;
  private link: StreamLink | null = null;
  private attempt = 0;
  private opens = 0;
  private watchdog: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private lifetimeTimer: NodeJS.Timeout | null = null;
  private generation = 0;

  constructor(private readonly o: ResilientStreamOptions) {}

  get isOpen(): boolean {
    return this.state === 'open';
  }

  /** Connect (idempotent). */
  start(): void {
    if (this.state !== 'idle' && this.state !== 'stopped') return;
    this.state = 'idle';
    this.open();
  }

  send(data: string): boolean {
    if (this.state !== 'open' || !this.link) return false;
    this.link.send(data);
    return true;
  }

  /** Drop the current connection and reconnect (e.g. after a sequence gap). */
  restart(reason: string): void {
    if (this.state === 'stopped' || this.state === 'idle') return;
    this.handleClose(this.generation, reason);
  }

  stop(): void {
    this.state = 'stopped';
    this.generation++;
    this.clearTimers();
    const l = this.link;
    this.link = null;
    l?.close();
  }

  private clearTimers(): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.lifetimeTimer) clearTimeout(this.lifetimeTimer);
    this.watchdog = this.retryTimer = this.lifetimeTimer = null;
  }

  private armWatchdog(gen: number): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    const ms = this.o.watchdogMs ?? 30_000;
    this.watchdog = setTimeout(() => this.handleClose(gen, `silent for ${ms} ms (watchdog)`), ms);
    this.watchdog.unref?.();
  }

  private open(): void {
    const gen = ++this.generation;
    this.state = 'connecting';
    const events: StreamEvents = {
      opened: () => {
        if (gen !== this.generation) return;
        this.state = 'open';
        this.attempt = 0;
        this.lastActivityAt = Date.now();
        const isReconnect = this.opens++ > 0;
        this.armWatchdog(gen);
        if (this.o.maxLifetimeMs) {
          this.lifetimeTimer = setTimeout(() => this.handleClose(gen, 'max connection lifetime reached'), this.o.maxLifetimeMs);
          this.lifetimeTimer.unref?.();
        }
        if (this.link) this.o.onOpen?.(this.link, isReconnect);
      },
      activity: () => {
        if (gen !== this.generation) return;
        this.lastActivityAt = Date.now();
        this.armWatchdog(gen);
      },
      closed: (reason) => this.handleClose(gen, reason),
    };
    try {
      this.link = this.o.connect(events);
    } catch (err) {
      this.handleClose(gen, `connect failed: ${(err as Error).message}`);
      return;
    }
    // A connect that never opens is caught by the watchdog too.
    this.armWatchdog(gen);
  }

  private handleClose(gen: number, reason: string): void {
    if (gen !== this.generation || this.state === 'stopped') return;
    this.generation++;
    this.clearTimers();
    const l = this.link;
    this.link = null;
    try {
      l?.close();
    } catch {
      /* already closed */
    }
    this.lastCloseReason = reason;
    this.o.onClose?.(reason);
    this.state = 'backoff';
    const delay = backoffDelay(this.attempt++, {
      baseMs: this.o.backoffBaseMs ?? 500,
      maxMs: this.o.backoffMaxMs ?? 30_000,
      random: this.o.random ?? Math.random,
    });
    this.reconnects++;
    this.retryTimer = setTimeout(() => {
      if (this.state === 'backoff') this.open();
    }, delay);
    this.retryTimer.unref?.();
  }
}

/**
 * Adapter for a raw WebSocket (the `ws` package): answers server pings (ws does automatically), sends our own
 * pings every `pingIntervalMs`, and forwards text frames to `onMessage`.
 */
export function wsConnector(
  WebSocket: WebSocketCtor,
  url: string | (() => string),
  onMessage: (text: string) => void,
  opts: { pingIntervalMs?: number; headers?: Record<string, string> } = {},
): ResilientStreamOptions['connect'] {
  return (events) => {
    const ws: WebSocketLike = new WebSocket(typeof url === 'function' ? url() : url, opts.headers ? { headers: opts.headers } : undefined);
    let pinger: NodeJS.Timeout | null = null;
    ws.on('open', () => {
      events.opened();
      if (opts.pingIntervalMs && ws.ping) {
        pinger = setInterval(() => {
          try {
            ws.ping?.();
          } catch {
            /* closing */
          }
        }, opts.pingIntervalMs);
        pinger.unref?.();
      }
    });
    ws.on('message', (data) => {
      events.activity();
      onMessage(
        typeof data === 'string' ? data : Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8'),
      );
    });
    ws.on('pong', () => events.activity());
    ws.on('ping', () => events.activity());
    ws.on('error', (err) => events.closed(`error: ${err.message}`));
    ws.on('close', (code, reason) => events.closed(`closed ${code} ${reason.toString()}`.trim()));
    return {
      send: (d) => ws.send(d),
      close: () => {
        if (pinger) clearInterval(pinger);
        ws.removeAllListeners();
        ws.on('error', () => undefined);
        if (ws.terminate) ws.terminate();
        else ws.close();
      },
    };
  };
}
