/**
 * Aster combined market stream (`/stream?streams=a/b/…`, venues/aster.md §3): `!markPrice@arr@1s` for mark,
 * index and funding of every symbol, plus `<symbol>@depth@100ms` diffs for the symbols in use. Frames are checked
 * by hand (no schema library on the hot path) and parsed once; a malformed frame is counted, never half-applied.
 */
import type { DiffFrame } from './book.js';

export interface MarkFrameEntry {
  s: string;
  p: string;
  i: string;
  r: string;
  T: number;
  E: number;
}

export type StreamMessage =
  | { kind: 'mark'; entries: MarkFrameEntry[] }
  | { kind: 'depth'; symbol: string; diff: DiffFrame }
  | { kind: 'other' }
  | { kind: 'malformed'; reason: string };

const isStr = (x: unknown): x is string => typeof x === 'string';
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isLevels = (x: unknown): x is Array<[string, string]> =>
  Array.isArray(x) && x.every((l) => Array.isArray(l) && isStr(l[0]) && isStr(l[1]));

/** Parse one combined-stream frame: `{"stream":"btcusdt@depth@100ms","data":{…}}`. */
export function parseFrame(text: string): StreamMessage {
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch {
    return { kind: 'malformed', reason: 'not JSON' };
  }
  if (typeof msg !== 'object' || msg === null) return { kind: 'malformed', reason: 'not an object' };
  const m = msg as { stream?: unknown; data?: unknown; result?: unknown; id?: unknown };
  if (!isStr(m.stream)) return 'result' in m || 'id' in m ? { kind: 'other' } : { kind: 'malformed', reason: 'no stream name' };
  const data = m.data;
  if (m.stream.startsWith('!markPrice@arr')) {
    if (!Array.isArray(data)) return { kind: 'malformed', reason: 'markPrice@arr data is not an array' };
    const entries: MarkFrameEntry[] = [];
    for (const e of data as Array<Record<string, unknown>>) {
      if (!e || !isStr(e.s) || !isStr(e.p) || !isStr(e.r) || !isNum(e.T) || !isNum(e.E))
        return { kind: 'malformed', reason: 'markPrice entry missing s/p/r/T/E' };
      entries.push({ s: e.s, p: e.p, i: isStr(e.i) ? e.i : '', r: e.r, T: e.T, E: e.E });
    }
    return { kind: 'mark', entries };
  }
  if (m.stream.includes('@depth')) {
    const d = data as Record<string, unknown> | null;
    if (!d || !isStr(d.s) || !isNum(d.U) || !isNum(d.u) || !isNum(d.pu) || !isNum(d.E) || !isLevels(d.b) || !isLevels(d.a)) {
      return { kind: 'malformed', reason: 'depthUpdate missing s/U/u/pu/E/b/a' };
    }
    return { kind: 'depth', symbol: d.s, diff: { U: d.U, u: d.u, pu: d.pu, E: d.E, b: d.b, a: d.a } };
  }
  return { kind: 'other' };
}

/** Stream names for a connection (≤ 200 per connection). */
export function streamNames(depthSymbols: string[]): string[] {
  return ['!markPrice@arr@1s', ...depthSymbols.map((s) => `${s.toLowerCase()}@depth@100ms`)].slice(0, 200);
}
