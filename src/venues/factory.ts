import type { Timings } from '../core/cadence.js';
import type { Connector, ConnectorIO } from '../core/connector.js';
import type { Config } from '../config/index.js';

/** What every venue factory receives. */
export interface VenueFactoryArgs {
  io: ConnectorIO;
  config: Config;
  timings: Timings;
  /** Stream silence watchdog, ms. */
  watchdogMs: number;
  /** REST/RPC request timeout, ms. */
  timeoutMs: number;
}
export type VenueFactory = (args: VenueFactoryArgs) => Connector;
