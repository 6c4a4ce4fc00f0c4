/**
 * zod helpers for environment values (strings in, typed values out, clear messages). Each venue's `config.ts` builds
 * its env shape from these; `src/config/` composes the shapes from the registry.
 */
import { z } from 'zod';

/** A venue's (or the core's) environment: variable name → zod schema of its string value. */
export type EnvShape = Record<string, z.ZodType<unknown, string | undefined>>;
/** The parsed values of an env shape. */
export type EnvOf<E extends EnvShape> = { [K in keyof E]: z.output<E[K]> };

/** Metadata marking a secret: its value is never echoed in an error message, a log or a redacted config. */
const SECRET_META = { secret: true } as const;

/** Whether a schema was built by `envSecret` (its value must never be shown). */
export function isSecret(schema: z.ZodType): boolean {
  return (schema.meta() as { secret?: unknown } | undefined)?.secret === true;
}

/** The names of the secrets in an env shape. */
export function secretKeys(shape: EnvShape): string[] {
  return Object.entries(shape)
    .filter(([, s]) => isSecret(s))
    .map(([k]) => k);
}

export const envInt = (def: number, min = 0) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return def;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min) {
        ctx.addIssue({ code: 'custom', message: `expected an integer ≥ ${min}, got ${JSON.stringify(v)}` });
        return z.NEVER;
      }
      return n;
    });

export const envUrl = (def: string, protocols: string[] = ['http:', 'https:']) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const s = v === undefined || v.trim() === '' ? def : v.trim();
      try {
        const u = new URL(s);
        if (!protocols.includes(u.protocol)) throw new Error('protocol');
        return s.replace(/\/+$/, '');
      } catch {
        ctx.addIssue({ code: 'custom', message: `expected a ${protocols.join('/')} URL, got ${JSON.stringify(v)}` });
        return z.NEVER;
      }
    });

export const envString = (def: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? def : v.trim()));

/** A secret (API key): null when unset; marked so that no message, log or redacted config ever shows its value. */
export const envSecret = () =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? null : v.trim()))
    .meta(SECRET_META);

export const envBool = (def: boolean) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return def;
      const s = v.trim().toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(s)) return true;
      if (['0', 'false', 'no', 'off'].includes(s)) return false;
      ctx.addIssue({ code: 'custom', message: `expected true/false/1/0, got ${JSON.stringify(v)}` });
      return z.NEVER;
    });

export const envAddress = (def: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const s = v === undefined || v.trim() === '' ? def : v.trim();
      if (!/^0x[0-9a-fA-F]{40}$/.test(s)) {
        ctx.addIssue({ code: 'custom', message: `expected a 0x-prefixed 20-byte address, got ${JSON.stringify(v)}` });
        return z.NEVER;
      }
      return s as `0x${string}`;
    });
