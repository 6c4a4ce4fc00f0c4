/**
 * What a venue provides to the rest of the gateway, and the factory signature of its live connector. The registry
 * (registry.ts) holds one `VenueEntry` per venue; everything outside src/venues reads venues through it.
 */
import type { Timings } from '../core/cadence.js';
import type { Connector, ConnectorIO } from '../core/connector.js';
import type { EnvShape } from '../core/env.js';
import type { Config } from '../config/index.js';
import type { VenueMock } from '../mocks/venue-mock.js';

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

/** One registry entry: what a venue provides. */
export interface VenueEntry<E extends EnvShape = EnvShape> {
  /** The venue's environment (its own `config.ts`); secrets are built with `envSecret` and never echoed. */
  env: E;
  /** Imports the venue module on first use and returns its live connector factory (keeps cold start short). */
  load: () => Promise<VenueFactory>;
  /** Imports the venue's mock (`mock.ts`: dataset rows → wire shapes → the venue's own normalize.ts). */
  mock: () => Promise<VenueMock>;
}

/** Type helper for registry lines: infers the env shape, checks the rest. */
export const defineVenue = <E extends EnvShape>(entry: VenueEntry<E>): VenueEntry<E> => entry;
