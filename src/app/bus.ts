/**
 * The in-process event bus (the default; Redis when scaled out, src/scale/redis-bus.ts). Demand needs no channel
 * here: the one process both raises and applies it.
 */
import type { Bus, BusEvent, BusHandler } from '../core/ports.js';

export type { Bus, BusHandler } from '../core/ports.js';

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
