/**
 * Chainlink price feeds (AggregatorV3Interface) read through the shared EVM transport (src/transports/evm.ts): one
 * Multicall3 `aggregate3` with `decimals()` and `latestRoundData()` per feed. A feed is a base aggregator, optionally
 * divided by a quote aggregator (the way a two-leg feeder prices BASE/QUOTE from BASE/USD and QUOTE/USD); each leg
 * keeps its own update time and heartbeat, and the feed is as old as its oldest leg.
 */
import { parseAbi, type Address } from 'viem';
import { VenueError } from '../core/errors.js';
import type { ContractRead, EvmScope } from '../transports/evm.js';

/** AggregatorV3Interface, the two views read (docs.chain.link data-feeds API reference). */
export const AGGREGATOR_V3_ABI = parseAbi([
  'function decimals() view returns (uint8)',
  'function latestRoundData() view returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)',
]);

export interface ChainlinkLeg {
  aggregator: Address;
  /** The feed's heartbeat, s: it updates at least this often; an older answer is stale. */
  heartbeatS: number;
}
export interface ChainlinkFeed {
  base: ChainlinkLeg;
  /** Quote leg to divide by (e.g. USDC/USD), or null for a feed already in the wanted quote. */
  quote: ChainlinkLeg | null;
}
export interface ChainlinkPrice {
  price: number;
  /** The oldest leg's `updatedAt`, epoch ms. */
  updatedAt: number;
  /** The heartbeat of that oldest-relative-to-its-heartbeat leg, ms (the tightest deadline). */
  heartbeatMs: number;
}

type Round = readonly [bigint, bigint, bigint, bigint, bigint];

/** One leg's answer: the price and its update time, or its typed error. */
function legOf(venue: VenueError['venue'], leg: ChainlinkLeg, dec: unknown, round: unknown): { price: number; updatedAt: number } {
  const [, answer, , updatedAt] = round as Round;
  if (answer <= 0n) throw new VenueError(venue, 'SCHEMA', `Chainlink ${leg.aggregator}: non-positive answer ${answer}`);
  return { price: Number(answer) / 10 ** Number(dec), updatedAt: Number(updatedAt) * 1000 };
}

/**
 * Read `feeds` in one aggregate3 (in the caller's scope, so it can share the HTTP request with other reads). Each
 * feed gets its price or its typed error (a reverted or undecodable leg fails that feed only).
 */
export async function readChainlink(
  scope: EvmScope,
  venue: VenueError['venue'],
  feeds: readonly ChainlinkFeed[],
): Promise<Array<ChainlinkPrice | VenueError>> {
  const legs = feeds.flatMap((f) => (f.quote ? [f.base, f.quote] : [f.base]));
  const reads: ContractRead[] = legs.flatMap((l) => [
    { address: l.aggregator, abi: AGGREGATOR_V3_ABI, functionName: 'decimals', what: `Chainlink ${l.aggregator}.decimals()` },
    { address: l.aggregator, abi: AGGREGATOR_V3_ABI, functionName: 'latestRoundData', what: `Chainlink ${l.aggregator}.latestRoundData()` },
  ]);
  const subs = await scope.multicall(reads);
  let k = 0;
  const leg = (l: ChainlinkLeg) => {
    const [dec, round] = [subs[k++]!, subs[k++]!];
    if (!dec.ok) throw dec.error;
    if (!round.ok) throw round.error;
    return { ...legOf(venue, l, dec.value, round.value), heartbeatMs: l.heartbeatS * 1000 };
  };
  return feeds.map((f) => {
    const start = k;
    try {
      const b = leg(f.base);
      const q = f.quote ? leg(f.quote) : null;
      k = start + (f.quote ? 4 : 2);
      if (!q) return b;
      // The feed is stale as soon as either leg is: keep the leg closest to (or past) its own deadline.
      const tight = b.updatedAt + b.heartbeatMs <= q.updatedAt + q.heartbeatMs ? b : q;
      return { price: b.price / q.price, updatedAt: tight.updatedAt, heartbeatMs: tight.heartbeatMs };
    } catch (err) {
      k = start + (f.quote ? 4 : 2);
      if (err instanceof VenueError) return err;
      throw err;
    }
  });
}
