/**
 * Generated artefacts: src/generated/graphql.ts (graphql-codegen from schema/schema.graphql) and
 * schema/perp-connectors.schema.json (JSON Schema of the REST payload, from its zod schema).
 * `tsx scripts/codegen.ts` writes them; `--check` fails if the checked-in files differ (CI diff-check).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { generate } from '@graphql-codegen/cli';
import { format, resolveConfig } from 'prettier';
import { z } from 'zod';
import { payloadSchema } from '../src/gateway/http/payload-schema.js';

const check = process.argv.includes('--check');

async function pretty(text: string, file: string): Promise<string> {
  const options = (await resolveConfig(file)) ?? {};
  return format(text, { ...options, filepath: file });
}

const outputs: Array<{ file: string; content: string }> = [];
const generated = (await generate(
  { cwd: process.cwd(), ...(await import('yaml').then((y) => y.parse(readFileSync('codegen.yml', 'utf8')))) },
  false,
)) as Array<{
  filename: string;
  content: string;
}>;
for (const g of generated) outputs.push({ file: g.filename, content: await pretty(g.content, g.filename) });
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
