/**
 * The ONLY reader of process.env. One zod schema over the environment: the core's variables plus each registered
 * venue's own env shape, composed from the registry (this module names no venue). An invalid value stops start-up
 * with one message listing every problem. Secrets (built with `envSecret`) are never included in messages or logs.
 */
import { z } from 'zod';
import { secretKeys, type EnvShape } from '../core/env.js';
import type { Mode } from '../core/types.js';
import { registry, type Venue } from '../venues/registry.js';
import { coreEnv } from '../core/config.js';

type UnionToIntersection<U> = (U extends unknown ? (k: U) => void : never) extends (k: infer I) => void ? I : never;
/** Every venue's env shape, merged. */
type VenueEnv = UnionToIntersection<(typeof registry)[Venue]['env']>;

/** Merge the registry's env shapes; two venues declaring the same variable is a programming error. */
export function composeVenueEnv(entries: ReadonlyArray<{ env: EnvShape }>): EnvShape {
  const out: EnvShape = {};
  for (const { env } of entries)
    for (const [k, s] of Object.entries(env)) {
      if (k in out) throw new Error(`environment variable ${k} is declared by two venues`);
      out[k] = s;
    }
  return out;
}

const venueEnv = composeVenueEnv(Object.values(registry)) as VenueEnv;
const SECRET_KEYS = new Set(secretKeys(venueEnv));

const schema = z
  .object({
    ...coreEnv,
    ...venueEnv,
  })
  .superRefine((c, ctx) => {
    // A collector without a shared bus would publish to nobody; a gateway without one would never see live data.
    if (c.PERP_ROLE !== 'all' && c.PERP_BUS_URL === '')
      ctx.addIssue({ code: 'custom', path: ['PERP_ROLE'], message: `PERP_ROLE=${c.PERP_ROLE} needs PERP_BUS_URL (a redis:// URL)` });
  });

export type Config = z.output<typeof schema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
}

/** Parse an environment (default process.env). Throws ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const res = schema.safeParse(env);
  if (res.success) return res.data;
  const problems = res.error.issues.map((i) => {
    const key = String(i.path[0] ?? '(env)');
    const msg = SECRET_KEYS.has(key) ? 'invalid value (not shown: secret)' : i.message;
    return `${key}: ${msg}`;
  });
  throw new ConfigError(problems);
}

export function defaultMode(c: Config): Mode {
  return c.PERP_CONNECTOR_MODE;
}

/** Config with secrets replaced, safe to log or return. */
export function redactedConfig(c: Config): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c)) out[k] = SECRET_KEYS.has(k) ? (v ? '***' : null) : v;
  return out;
}
