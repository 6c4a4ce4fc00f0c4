import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/index.js';

/** No Docker engine runs here: check what can be checked without one. */
describe('container files', () => {
  it('compose.yaml runs redis, postgres, one collector and two gateways with valid configuration', () => {
    const c = parse(readFileSync('compose.yaml', 'utf8')) as {
      services: Record<string, { environment?: Record<string, string>; build?: string }>;
    };
    expect(Object.keys(c.services).sort()).toEqual(['collector', 'gateway-1', 'gateway-2', 'postgres', 'redis']);
    const roles = Object.values(c.services)
      .map((s) => s.environment?.PERP_ROLE)
      .filter(Boolean);
    expect(roles.sort()).toEqual(['collector', 'gateway', 'gateway']);
    for (const name of ['collector', 'gateway-1', 'gateway-2']) expect(() => loadConfig(c.services[name]!.environment)).not.toThrow();
  });

  it('Dockerfile is multi-stage, installs production deps only, runs as non-root, and copies paths that exist', () => {
    const d = readFileSync('Dockerfile', 'utf8');
    expect(d.match(/^FROM /gm)!.length).toBeGreaterThanOrEqual(2);
    expect(d).toContain('npm ci --omit=dev');
    expect(d).toMatch(/^USER node$/m);
    for (const m of d.matchAll(/^COPY (?!--from)(\S+)/gm)) for (const p of m[1]!.split(' ')) expect(existsSync(p), p).toBe(true);
  });
});
