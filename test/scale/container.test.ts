/**
 * Container files, checked without a Docker engine (none runs here): compose.yaml parses (with its merge keys,
 * as Compose reads it), runs the documented topology with configurations the app accepts; the Dockerfile is
 * multi-stage, ships production dependencies only, runs as non-root, and copies every path the app reads at run
 * time (found by scanning src/), none of them excluded by .dockerignore.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/index.js';

interface Service {
  image?: string;
  build?: string;
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

const compose = parse(readFileSync('compose.yaml', 'utf8'), { merge: true }) as { services: Record<string, Service> };
const dockerfile = readFileSync('Dockerfile', 'utf8');
const stages = dockerfile.split(/^FROM /m).slice(1);
const final = stages.at(-1)!;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
}

describe('container files', () => {
  it('compose.yaml runs redis, postgres, one collector and two gateways, with configurations the app accepts', () => {
    const s = compose.services;
    expect(Object.keys(s).sort()).toEqual(['collector', 'gateway-1', 'gateway-2', 'postgres', 'redis']);
    const apps = ['collector', 'gateway-1', 'gateway-2'].map((n) => s[n]!);
    expect(apps.map((a) => a.environment?.PERP_ROLE)).toEqual(['collector', 'gateway', 'gateway']);
    for (const a of apps) {
      expect(a.build).toBe('.');
      const c = loadConfig(a.environment);
      expect(c.PERP_BUS_URL).toBe('redis://redis:6379');
      expect(c.PERP_HISTORY_URL).toMatch(/^postgres:\/\/postgres@postgres:5432\//);
      // The app waits for healthy services, and those services define how they are checked.
      expect(a.depends_on).toEqual({ redis: { condition: 'service_healthy' }, postgres: { condition: 'service_healthy' } });
    }
    expect(s.redis!.healthcheck?.test).toContain('redis-cli');
    expect(s.postgres!.healthcheck?.test).toContain('pg_isready');
    expect(new Set(apps.map((a) => a.environment?.PERP_INSTANCE_ID)).size).toBe(3);
    expect(s['gateway-1']!.ports).toEqual(['4001:4000']);
    expect(s['gateway-2']!.ports).toEqual(['4002:4000']);
    // The image's default port is what the gateways publish.
    expect(final).toMatch(/PORT=4000/);
  });

  it('Dockerfile: multi-stage, production dependencies only, non-root, and it ships what the app reads at run time', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toContain('npm ci --omit=dev');
    // The runtime stage installs nothing itself and takes node_modules from the production-only stage.
    const depsStage = /COPY --from=(\w+) \/app\/node_modules/.exec(final)?.[1];
    expect(depsStage).toBeDefined();
    expect(stages.find((st) => st.includes(` AS ${depsStage}`))).toContain('npm ci --omit=dev');
    expect(final).not.toMatch(/npm (ci|install)/);
    expect(final).toMatch(/^USER node$/m);
    expect(final.indexOf('USER node')).toBeGreaterThan(final.lastIndexOf('COPY'));
    // The command runs the compiled entry point the build stage produces (tsconfig outDir dist, rootDir src).
    const tsconfig = JSON.parse(readFileSync('tsconfig.json', 'utf8')) as { compilerOptions: { outDir: string; rootDir: string } };
    expect(final).toContain(`CMD ["node", "${tsconfig.compilerOptions.outDir}/main.js"]`);
    expect(existsSync(join(tsconfig.compilerOptions.rootDir, 'main.ts'))).toBe(true);
    expect((JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts.start).toBe(
      `node ${tsconfig.compilerOptions.outDir}/main.js`,
    );

    // Top-level directories src/ reads relative to the app root at run time.
    const needed = new Set<string>();
    for (const f of files('src')) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/new URL\('((?:\.\.\/)+)([\w-]+)/g))
        if (m[1]!.length / 3 === f.split('/').length - 1) needed.add(m[2]!);
      for (const m of text.matchAll(/join\(ROOT, '([\w-]+)\//g)) needed.add(m[1]!);
    }
    expect([...needed].sort()).toEqual(['mocks', 'public', 'schema']);
    const ignored = readFileSync('.dockerignore', 'utf8').split('\n').filter(Boolean);
    for (const dir of needed) {
      expect(final, dir).toMatch(new RegExp(`^COPY ${dir} \\./${dir}$`, 'm'));
      expect(ignored, dir).not.toContain(dir);
    }
    // Every plain COPY source exists and is not excluded from the build context.
    for (const m of dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm))
      for (const p of m[1]!.split(' ')) {
        expect(existsSync(p), p).toBe(true);
        expect(ignored, p).not.toContain(p);
      }
  });
});
