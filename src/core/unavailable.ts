/**
 * An honest connector for a venue with no live implementation configured: it serves nothing and reports
 * DOWN with an UNAVAILABLE error, so `mode=live` says so and `mode=auto` falls back to mock, labelled.
 */
import type { Connector, ConnectorStartOptions } from './connector.js';
import { RateLimiter } from './rate-limit.js';
import type { ConnectorHealth, Venue } from './types.js';

export class UnavailableConnector implements Connector {
  private readonly since: number;
  constructor(
    readonly venue: Venue,
    private readonly reason: string,
    private readonly now: () => number,
  ) {
    this.since = now();
  }
  start(_opts: ConnectorStartOptions): Promise<void> {
    return Promise.resolve();
  }
  watchBook(): void {}
  unwatchBook(): void {}
  fundingHistory() {
    return Promise.resolve(null);
  }
  health(): ConnectorHealth {
    return {
      venue: this.venue,
      status: 'DOWN',
      dataSource: 'LIVE',
      transport: 'REST',
      channels: [],
      lastError: { code: 'UNAVAILABLE', message: this.reason, at: this.since },
      consecutiveFailures: 0,
      reconnects: 0,
      resyncs: 0,
      rateLimit: new RateLimiter({ budgetPerMinute: 1, now: this.now }).status(),
      marketsExpected: 0,
      marketsReturned: 0,
      sources: [],
      counters: {},
      leader: null,
    };
  }
  dispose(): Promise<void> {
    return Promise.resolve();
  }
}
