/**
 * The house redesign's size rules, kept by a test instead of by review: no file in src/ over 400 lines and no function
 * over 80 lines (generated code aside), measured on the TypeScript syntax tree (a function's lines from its start to its
 * closing brace, nested functions counted in their parent as well).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 80;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'generated' ? [] : sources(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

interface Size {
  where: string;
  lines: number;
}

function measure(rel: string, text: string): { file: Size; functions: Size[] } {
  const sf = ts.createSourceFile(rel, text, ts.ScriptTarget.Latest, true);
  const functions: Size[] = [];
  const line = (pos: number) => sf.getLineAndCharacterOfPosition(pos).line;
  const visit = (n: ts.Node): void => {
    if (ts.isFunctionLike(n) && 'body' in n && n.body) {
      const start = line(n.getStart(sf));
      const name = 'name' in n && n.name ? n.name.getText(sf) : '(anonymous)';
      functions.push({ where: `${rel}:${start + 1} ${name}`, lines: line(n.end) - start + 1 });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return { file: { where: rel, lines: text.split('\n').length }, functions };
}

describe('house rules for src/', () => {
  const measured = sources(join(ROOT, 'src')).map((f) => measure(relative(ROOT, f), readFileSync(f, 'utf8')));

  it('reads the whole tree (a broken walk would pass vacuously)', () => {
    expect(measured.length).toBeGreaterThan(100);
    expect(measured.flatMap((m) => m.functions).length).toBeGreaterThan(500);
  });

  it(`no file is longer than ${MAX_FILE_LINES} lines`, () => {
    expect(measured.map((m) => m.file).filter((f) => f.lines > MAX_FILE_LINES)).toEqual([]);
  });

  it(`no function is longer than ${MAX_FUNCTION_LINES} lines`, () => {
    expect(measured.flatMap((m) => m.functions).filter((f) => f.lines > MAX_FUNCTION_LINES)).toEqual([]);
  });

  it('the measure counts a function from its start to its closing brace, nested ones too', () => {
    const body = Array.from({ length: 78 }, (_, i) => `  const v${i} = ${i};`).join('\n');
    const m = measure('probe.ts', `export function outer() {\n  const inner = () => {\n${body}\n  };\n  return inner;\n}\n`);
    expect(m.functions.map((f) => [f.where, f.lines])).toEqual([
      ['probe.ts:1 outer', 83],
      ['probe.ts:2 (anonymous)', 80],
    ]);
    expect(m.file.lines).toBe(84);
  });
});
