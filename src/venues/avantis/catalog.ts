/**
 * The Avantis catalog as the data API keeps it: a `/v2/trading` snapshot with every Socket.IO `RES:DATA` diff
 * deep-merged in (objects merge; scalars and arrays replace; docs/venues/avantis.md §1.3). Each pair is validated after
 * its merge: a pair whose merged state fails validation keeps its last good state and the failure is counted.
 */
import { DataError } from '../../core/errors.js';
import { Catalog, Pair } from './wire.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep-merge `diff` into `target` in place: objects merge, scalars and arrays replace. Returns the target. */
export function deepMerge(target: Obj, diff: Obj): Obj {
  for (const [k, v] of Object.entries(diff)) {
    if (k === '__proto__' || k === 'constructor' || k === 'prototype') continue;
    const cur = target[k];
    if (isObj(v) && isObj(cur)) deepMerge(cur, v);
    else target[k] = isObj(v) ? structuredClone(v) : v;
  }
  return target;
}

/** Where the catalog came from: the v2 data API, or the legacy catalog (no funding fields). */
export type CatalogSource = 'v2' | 'legacy';

export interface ApplyResult {
  /** Pair keys whose validated state changed. */
  changed: string[];
  /** Pair keys whose merged state failed validation (kept at their last good state). */
  rejected: Array<{ key: string; error: DataError }>;
  /** Retired slots skipped (snapshot loads only). */
  retired: number;
}

export class CatalogState {
  private raw: Obj = {};
  /** Validated pairs by index key. */
  readonly pairs = new Map<string, Pair>();
  source: CatalogSource = 'v2';
  /** When the snapshot was fetched, and when the state was last confirmed current (snapshot or live diff). */
  snapshotAt = 0;
  confirmedAt = 0;
  loaded = false;

  /** Replace the state with a validated snapshot body. Throws a typed SCHEMA DataError if the envelope is wrong. */
  load(body: unknown, source: CatalogSource, at: number): ApplyResult {
    const env = Catalog.safeParse(body);
    if (!env.success) throw new DataError('SCHEMA', `catalog envelope: ${env.error.issues[0]?.message ?? 'invalid'}`);
    const data = structuredClone(env.data) as Obj;
    this.raw = data;
    this.source = source;
    this.snapshotAt = this.confirmedAt = at;
    this.loaded = true;
    const before = new Set(this.pairs.keys());
    this.pairs.clear();
    const out: ApplyResult = { changed: [], rejected: [], retired: 0 };
    for (const [key, p] of Object.entries(env.data.pairInfos)) {
      // A retired slot (empty `from`, shown as "/") is not a market, whatever else it carries: skip it unvalidated.
      if (isObj(p) && (p.from === '' || p.from === null || p.from === undefined)) {
        out.retired++;
        continue;
      }
      const r = Pair.safeParse(p);
      if (r.success) {
        this.pairs.set(key, r.data);
        out.changed.push(key);
      } else out.rejected.push({ key, error: pairError(key, r.error.issues[0]) });
    }
    for (const k of before) if (!this.pairs.has(k)) out.changed.push(k);
    return out;
  }

  /** Merge one `RES:DATA` diff. A non-object diff is a typed MALFORMED error and changes nothing. */
  apply(diff: unknown, at: number): ApplyResult {
    if (!isObj(diff)) throw new DataError('MALFORMED', `RES:DATA: expected an object, got ${Array.isArray(diff) ? 'array' : typeof diff}`);
    const out: ApplyResult = { changed: [], rejected: [], retired: 0 };
    const { pairInfos, ...rest } = diff;
    deepMerge(this.raw, rest);
    if (pairInfos !== undefined) {
      if (!isObj(pairInfos)) throw new DataError('MALFORMED', 'RES:DATA: pairInfos is not an object');
      const rawPairs = (isObj(this.raw.pairInfos) ? this.raw.pairInfos : (this.raw.pairInfos = {})) as Obj;
      for (const [key, pd] of Object.entries(pairInfos)) {
        if (!isObj(pd)) {
          out.rejected.push({ key, error: new DataError('MALFORMED', `RES:DATA pair ${key}: expected an object`) });
          continue;
        }
        const prev = isObj(rawPairs[key]) ? (rawPairs[key] as Obj) : {};
        const merged = deepMerge(structuredClone(prev), pd);
        const r = Pair.safeParse(merged);
        if (!r.success) {
          out.rejected.push({ key, error: pairError(key, r.error.issues[0]) });
          continue;
        }
        rawPairs[key] = merged;
        this.pairs.set(key, r.data);
        out.changed.push(key);
      }
    }
    this.confirmedAt = at;
    return out;
  }

  group(index: number | undefined): { name: string | null; maxOI: number | null; oi: number | null } | null {
    if (index === undefined) return null;
    const g = (this.raw.groupInfo as Obj | undefined)?.[String(index)];
    if (!isObj(g)) return null;
    const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
    return { name: typeof g.name === 'string' ? g.name : null, maxOI: n(g.groupMaxOI), oi: n(g.groupOI) };
  }
}

function pairError(key: string, issue: { path: PropertyKey[]; message: string } | undefined): DataError {
  const where = issue ? `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}` : 'invalid';
  return new DataError('SCHEMA', `pair ${key}: ${where}`);
}
