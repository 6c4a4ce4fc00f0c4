/**
 * One load-generator process for bench/fanout.ts `fanoutSpread`: FANOUT_CLIENTS subscribers to FANOUT_URL
 * (graphql-ws when FANOUT_GRAPHQL=1, else raw ws), counted for FANOUT_SECONDS; prints `RESULT <json>`.
 */
import { fanout } from './fanout.js';

const r = await fanout({
  url: process.env.FANOUT_URL!,
  clients: Number(process.env.FANOUT_CLIENTS),
  graphql: process.env.FANOUT_GRAPHQL === '1',
  seconds: Number(process.env.FANOUT_SECONDS ?? 5),
  rate: Number(process.env.FANOUT_RATE ?? 10),
});
process.stdout.write(`RESULT ${JSON.stringify(r)}\n`);
process.exit(0);
