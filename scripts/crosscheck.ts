/**
 * `npm run crosscheck [-- --gateway URL] [--venues a,b] [--tolerance 0.03] [--top 10]`: compares a running gateway's
 * 24 h volume, open interest and 24 h funding sample (top pairs per venue) with DefiLlama (DEFILLAMA_URL,
 * DEFILLAMA_YIELDS_URL) and prints a table with a verdict per row. Exit 0 all within tolerance, 1 some beyond,
 * 2 no network (one line says so).
 */
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../src/config/index.js';
import { runCrosscheck } from '../src/crosscheck/run.js';

const { values } = parseArgs({
  options: {
    gateway: { type: 'string' },
    venues: { type: 'string' },
    tolerance: { type: 'string', default: '0.03' },
    top: { type: 'string', default: '10' },
  },
});
// --venues is checked like PERP_VENUES (the config schema knows the venues).
let config: Config;
try {
  config = loadConfig(values.venues ? { ...process.env, PERP_VENUES: values.venues } : process.env);
} catch (err) {
  process.stderr.write(`crosscheck: ${(err as Error).message}\n`);
  process.exit(64);
}
const venues = config.PERP_VENUES;
const tol = Number(values.tolerance);
const top = Number(values.top);
if (!(tol >= 0) || !Number.isInteger(top) || top < 1) {
  process.stderr.write('crosscheck: bad arguments (--tolerance ≥ 0; --top an integer ≥ 1)\n');
  process.exit(64);
}
const r = await runCrosscheck({
  gatewayUrl: values.gateway ?? `http://127.0.0.1:${config.PORT}`,
  defillama: { api: config.DEFILLAMA_URL, yields: config.DEFILLAMA_YIELDS_URL },
  venues,
  tolerance: { VOLUME_24H: tol, OPEN_INTEREST: tol, FUNDING: tol },
  top,
});
process.stdout.write(r.lines.join('\n') + '\n');
process.exitCode = r.exitCode;
