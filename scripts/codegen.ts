/**
 * Generated artefacts, in dependency order:
 *   1. the `enum Venue` block of schema/schema.graphql, from the venue registry (src/venues/registry.ts);
 *   2. src/generated/graphql.ts (graphql-codegen from schema/schema.graphql);
 *   3. src/generated/payload.ts (zod of the REST payload, from schema/payload.graphql over the schema);
 *   4. schema/perp-connectors.schema.json (JSON Schema of the REST payload, from that zod).
 * `tsx scripts/codegen.ts` writes them; `--check` fails if the checked-in files differ (CI diff-check).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { generate } from '@graphql-codegen/cli';
import { buildSchema, Kind, parse } from 'graphql';
import { format, resolveConfig } from 'prettier';
import { z } from 'zod';
import { VENUES, registry } from '../src/venues/registry.js';
import { payloadModule } from './codegen-payload.js';

const check = process.argv.includes('--check');
const SCHEMA = 'schema/schema.graphql';

/** schema.graphql with its `enum Venue` block rewritten from the registry (values in registry order). */
function withRegistryVenues(sdl: string): string {
  const values = VENUES.map((v) => `  ${JSON.stringify(registry[v].description)}\n  ${v.toUpperCase()}`).join('\n');
  const re = /(enum Venue \{\n)[^}]*(\})/;
  if (!re.test(sdl)) throw new Error(`${SCHEMA}: no \`enum Venue { … }\` block to generate`);
  return sdl.replace(re, `$1${values}\n$2`);
}

async function pretty(text: string, file: string): Promise<string> {
  const options = (await resolveConfig(file)) ?? {};
  return format(text, { ...options, filepath: file });
}

const outputs: Array<{ file: string; content: string }> = [];
const sdl = await pretty(withRegistryVenues(readFileSync(SCHEMA, 'utf8')), SCHEMA);
outputs.push({ file: SCHEMA, content: sdl });
if (!check) writeFileSync(SCHEMA, sdl); // graphql-codegen reads the file
const generated = (await generate(
  { cwd: process.cwd(), ...(await import('yaml').then((y) => y.parse(readFileSync('codegen.yml', 'utf8')))) },
  false,
)) as Array<{
  filename: string;
  content: string;
}>;
for (const g of generated) outputs.push({ file: g.filename, content: await pretty(g.content, g.filename) });
const documentText = readFileSync('schema/payload.graphql', 'utf8').replace(/^#.*\n/gm, '');
const op = parse(documentText).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
if (!op) throw new Error('schema/payload.graphql: no operation');
const payloadFile = 'src/generated/payload.ts';
outputs.push({ file: payloadFile, content: await pretty(payloadModule(buildSchema(sdl), op, documentText), payloadFile) });
// The JSON Schema comes from the zod that item 3 generates: write it first, then import it.
if (!check) writeFileSync(payloadFile, outputs.at(-1)!.content);
const { payloadSchema } = await import('../src/gateway/http/payload-schema.js');
const jsonSchema = z.toJSONSchema(payloadSchema, { target: 'draft-2020-12' });
outputs.push({
  file: 'schema/perp-connectors.schema.json',
  content:
    JSON.stringify(
      { $id: 'https://perp-connectors/schema/perp-connectors.schema.json', title: 'GET /api/perp-connectors payload', ...jsonSchema },
      null,
      2,
    ) + '\n',
});

let stale = 0;
for (const o of outputs) {
  let current = '';
  try {
    current = readFileSync(o.file, 'utf8');
  } catch {
    /* missing */
  }
  if (current === o.content) continue;
  if (check) {
    stale++;
    process.stderr.write(`codegen check: ${o.file} is out of date; run \`npm run codegen\` and commit the result\n`);
  } else {
    writeFileSync(o.file, o.content);
    process.stdout.write(`wrote ${o.file}\n`);
  }
}
if (check && stale > 0) process.exit(1);
if (check) process.stdout.write(`codegen check: ${outputs.length} generated files up to date\n`);
