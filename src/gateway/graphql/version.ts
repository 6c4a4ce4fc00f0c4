/** Semver of the unified schema and the REST payload. A breaking change bumps the major (DESIGN §4). */
export const SCHEMA_VERSION = '1.0.0';
