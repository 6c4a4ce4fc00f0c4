/**
 * The event bus between collectors (connectors) and gateways (store + subscriptions). In-process by default;
 * Redis when scaled out (src/scale/redis-bus.ts). Delivery is in order per publisher.
 */
import type { BusEvent } from '../store/latest.js';

export type BusHandler = (e: BusEvent) => void;

export interface Bus {
  publish(e: BusEvent): void;
  subscribe(handler: BusHandler): () => void;
  close(): Promise<void>;
  /** Latest state for late joiners (Redis bus); the in-process bus has none. */
  snapshot?(): Promise<BusEvent[]>;
}

export class InProcessBus implements Bus {
  private handlers = new Set<BusHandler>();
  publish(e: BusEvent): void {
    for (const h of this.handlers) h(e);
  }
  subscribe(handler: BusHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }
  close(): Promise<void> {
    this.handlers.clear();
    return Promise.resolve();
  }
}
