/**
 * Static files served from installed packages only (no CDN): GraphiQL, React UMD builds, the graphql-ws browser
 * client, and the board page. A fixed whitelist: no path from the request reaches the filesystem.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const pkgDir = (name: string): string => dirname(require.resolve(`${name}/package.json`));

interface StaticFile {
  path: string;
  type: string;
}

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export const VENDOR: Record<string, StaticFile> = {
  '/vendor/react.production.min.js': { path: join(pkgDir('react'), 'umd/react.production.min.js'), type: 'text/javascript' },
  '/vendor/react-dom.production.min.js': { path: join(pkgDir('react-dom'), 'umd/react-dom.production.min.js'), type: 'text/javascript' },
  '/vendor/graphiql.min.js': { path: join(pkgDir('graphiql'), 'graphiql.min.js'), type: 'text/javascript' },
  '/vendor/graphiql.min.css': { path: join(pkgDir('graphiql'), 'graphiql.min.css'), type: 'text/css' },
  '/vendor/graphql-ws.js': { path: join(pkgDir('graphql-ws'), 'umd/graphql-ws.min.js'), type: 'text/javascript' },
  '/graphiql/init.js': { path: join(ROOT, 'public/graphiql/init.js'), type: 'text/javascript' },
  '/board': { path: join(ROOT, 'public/board/index.html'), type: 'text/html; charset=utf-8' },
  '/board/': { path: join(ROOT, 'public/board/index.html'), type: 'text/html; charset=utf-8' },
  '/board/board.js': { path: join(ROOT, 'public/board/board.js'), type: 'text/javascript' },
  '/board/board.css': { path: join(ROOT, 'public/board/board.css'), type: 'text/css' },
};

const cache = new Map<string, Buffer>();

/** Bytes of a whitelisted static file, or null. Files are read once and kept. */
export function staticFile(urlPath: string): { body: Buffer; type: string } | null {
  const f = VENDOR[urlPath];
  if (!f) return null;
  let body = cache.get(urlPath);
  if (!body) {
    try {
      body = readFileSync(f.path);
    } catch {
      return null;
    }
    cache.set(urlPath, body);
  }
  return { body, type: f.type };
}

/** The GraphiQL page: local scripts only, subscriptions over graphql-ws on the same origin. */
export const GRAPHIQL_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8" />
<title>perp-connectors · GraphiQL</title>
<link rel="stylesheet" href="/vendor/graphiql.min.css" />
<style>html,body,#graphiql{height:100%;margin:0}</style>
</head>
<body>
<div id="graphiql">Loading…</div>
<script src="/vendor/react.production.min.js"></script>
<script src="/vendor/react-dom.production.min.js"></script>
<script src="/vendor/graphql-ws.js"></script>
<script src="/vendor/graphiql.min.js"></script>
<script src="/graphiql/init.js"></script>
</body>
</html>
`;
