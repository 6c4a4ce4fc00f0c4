/**
 * The logging port: what connectors, stores and adapters log through. The JSON-lines implementation is
 * src/telemetry/logger.ts; core depends on this interface only, never on the telemetry code.
 */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}
