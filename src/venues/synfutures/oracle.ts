/**
 * Oracle cross-check for SynFutures' oracle-backed markets (LINK, PYTH; docs/venues/synfutures.md §8a): each cycle
 * reads the Chainlink aggregator of the market's base on Base (viem multicall through the venue's RPC limiter) and the
 * Pyth Hermes price of the same base, and keeps one observation per market (src/oracles/deviation.ts) that the next
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

/** Bases of the served, cross-checked markets. */
function checkedBases(ctx: SynCtx): string[] {
  const bases = new Set<string>();
  for (const info of ctx.byId.values()) if (checked(info)) bases.add(info.base);
  return [...bases].sort();
}

/** One oracle cycle: read both sources for every checked base, then store an observation per market. */
export async function oracleCheck(ctx: SynCtx, deps: OracleDeps, signal: AbortSignal): Promise<void> {
  const bases = checkedBases(ctx);
  if (bases.length === 0) return;
  const feeds = bases.map((b) => ORACLE_FEEDS[b]!);
  const { kit } = ctx;
  const [links, pyth] = await Promise.all([
    kit.secondary('oracle-chainlink', () =>
      readChainlink(
        deps.evm.scope(signal),
        'synfutures',
        feeds.map((f) => ({ base: { aggregator: f.chainlink, heartbeatS: f.heartbeatS }, quote: null })),
      ),
    ),
    kit.secondary('oracle-pyth', () =>
      deps.pyth(
        feeds.map((f) => f.pyth),
        signal,
      ),
    ),
  ]);
  const now = kit.io.now();
  const byBase = new Map<string, ReturnType<typeof observeOracles>>();
  bases.forEach((b, i) => {
    const f = feeds[i]!;
    const cl = chainlinkReading(f.chainlink, links ? links[i]! : null, f.heartbeatS * 1000);
    const py = pythReading(f.pyth, pyth, ctx.config.PYTH_MAX_AGE_MS);
    byBase.set(b, observeOracles(cl, py, ctx.config.ORACLE_DEVIATION_BPS, now));
  });
  for (const info of ctx.byId.values()) {
    const o = checked(info) ? byBase.get(info.base) : undefined;
    if (o) ctx.oracle.set(info.id, o);
    else ctx.oracle.delete(info.id);
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
