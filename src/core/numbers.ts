import { DataError } from './errors.js';

/**
 * The one guarded number parser. Accepts finite numbers and decimal strings
 * (venues send "0.00010000"); rejects NaN, ±Infinity, empty strings and anything else
 * with a DataError naming the field and what arrived.
 */
export function num(value: unknown, field: string): number {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && value.trim() !== '') n = Number(value);
  else if (typeof value === 'bigint') n = Number(value);
  else throw new DataError('INVALID_NUMBER', `${field}: expected a finite number, got ${describe(value)}`);
  if (!Number.isFinite(n)) throw new DataError('INVALID_NUMBER', `${field}: expected a finite number, got ${describe(value)}`);
  return n;
}

/** Like `num` but null/undefined/'' pass through as null. */
export function numOrNull(value: unknown, field: string): number | null {
  if (value === null || value === undefined || value === '') return null;
  return num(value, field);
}

/** Finite check for computed values: returns null instead of NaN/Infinity. */
export function finiteOrNull(n: number | null | undefined): number | null {
  return n === null || n === undefined || !Number.isFinite(n) ? null : n;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (typeof value === 'number') return String(value);
  return value === null ? 'null' : typeof value;
}
