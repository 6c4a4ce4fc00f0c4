/**
 * Oracle cross-check for SynFutures' oracle-backed markets (LINK, PYTH; docs/venues/synfutures.md §8a): each cycle
 * reads the Chainlink aggregator of the market's base on Base (a LINK market's own feeder aggregator and heartbeat,
 * else the notes' table; viem multicall through the venue's RPC limiter) and the Pyth Hermes price of the same base,
 * and keeps one observation per market (src/oracles/deviation.ts) that the next
 * state tick publishes with the market's stats. A failing source is shown in `sources` (`oracle-chainlink`,
 * `oracle-pyth`) and its reading carries the error; the primary path's health is untouched.
 */
import type { VenueError } from '../../core/errors.js';
import { readChainlink, type ChainlinkPrice } from '../../oracles/chainlink.js';
import { observeOracles, type OracleReadingObs } from '../../oracles/deviation.js';
import type { OraclePrice } from '../../oracles/pyth.js';
import type { EvmReader } from '../../transports/evm.js';
import { ORACLE_BACKED_TYPES, ORACLE_FEEDS } from './constants.js';
import type { SynCtx } from './context.js';
import type { InstrumentInfo } from './normalize.js';

export interface OracleDeps {
  evm: EvmReader;
  pyth: (ids: readonly string[], signal: AbortSignal) => Promise<Map<string, OraclePrice>>;
}

/** Cross-checked: oracle-backed (LINK, PYTH), USD-stable quote (the feeds are BASE/USD), base in the feed table. */
const checked = (info: InstrumentInfo): boolean =>
  ORACLE_BACKED_TYPES.has(info.marketType) && info.stableQuote && !!ORACLE_FEEDS[info.base];

interface Check {
  /** The Chainlink leg: a LINK market's own feeder aggregator when it has one, else the notes' table (§8a). */
  aggregator: `0x${string}`;
  heartbeatS: number;
  pyth: string;
}

/** The feed pair each served, cross-checked market is compared on, by market id. */
function checksOf(ctx: SynCtx): Map<string, Check> {
  const out = new Map<string, Check>();
  for (const info of ctx.byId.values()) {
    if (!checked(info)) continue;
    const t = ORACLE_FEEDS[info.base]!;
    const own = info.chainlink;
    out.set(info.id, { aggregator: own?.aggregator ?? t.chainlink, heartbeatS: own?.heartbeatS ?? t.heartbeatS, pyth: t.pyth });
  }
  return out;
}

/** One oracle cycle: read both sources for every distinct feed pair, then store an observation per market. */
export async function oracleCheck(ctx: SynCtx, deps: OracleDeps, signal: AbortSignal): Promise<void> {
  const checks = checksOf(ctx);
  for (const id of [...ctx.oracle.keys()]) if (!checks.has(id)) ctx.oracle.delete(id);
  if (checks.size === 0) return;
  const { kit } = ctx;
  const feeds = [...new Map([...checks.values()].map((c) => [`${c.aggregator.toLowerCase()}:${c.heartbeatS}`, c])).values()];
  const pythIds = [...new Set(feeds.map((f) => f.pyth))];
  const [links, pyth] = await Promise.all([
    kit.secondary('oracle-chainlink', () =>
      readChainlink(
        deps.evm.scope(signal),
        'synfutures',
        feeds.map((f) => ({ base: { aggregator: f.aggregator, heartbeatS: f.heartbeatS }, quote: null })),
      ),
    ),
    kit.secondary('oracle-pyth', () => deps.pyth(pythIds, signal)),
  ]);
  const now = kit.io.now();
  for (const [id, c] of checks) {
    const i = feeds.findIndex((f) => f.aggregator.toLowerCase() === c.aggregator.toLowerCase() && f.heartbeatS === c.heartbeatS);
    const cl = chainlinkReading(c.aggregator, links ? links[i]! : null, c.heartbeatS * 1000);
    const py = pythReading(c.pyth, pyth, ctx.config.PYTH_MAX_AGE_MS);
    ctx.oracle.set(id, observeOracles(cl, py, ctx.config.ORACLE_DEVIATION_BPS, now));
  }
  kit.health.setCounter('oracle.checkedMarkets', ctx.oracle.size);
}

function chainlinkReading(feed: string, r: ChainlinkPrice | VenueError | null, heartbeatMs: number): OracleReadingObs {
  const base = { source: 'CHAINLINK' as const, feed, heartbeatMs };
  if (r === null) return { ...base, price: null, asOf: null, error: 'Chainlink read failed (see sources: oracle-chainlink)' };
  if (r instanceof Error) return { ...base, price: null, asOf: null, error: `${r.code}: ${r.message}` };
  return { ...base, price: r.price, asOf: r.updatedAt, heartbeatMs: r.heartbeatMs, error: null };
}

function pythReading(id: string, prices: Map<string, OraclePrice> | null, maxAgeMs: number): OracleReadingObs {
  const base = { source: 'PYTH' as const, feed: `0x${id}`, heartbeatMs: maxAgeMs };
  const p = prices?.get(id);
  if (!prices) return { ...base, price: null, asOf: null, error: 'Pyth Hermes read failed (see sources: oracle-pyth)' };
  if (!p) return { ...base, price: null, asOf: null, error: `Pyth Hermes returned no price for ${id}` };
  return { ...base, price: p.price, asOf: p.publishTime, error: null };
}
