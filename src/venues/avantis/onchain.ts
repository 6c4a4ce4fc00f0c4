/**
 * On-chain verification of the Avantis data API (docs/venues/avantis.md §2.2a) over AVANTIS_BASE_RPC_URL, at the
 * metadata cadence: per listed pair, open interest long/short (`Multicall.getLongShortRatios()`, USDC 1e6, indexed by
 * pair) and the pair's OI cap (`PairStorage.pairMaxOI(i)`, USDC 1e6), read in one Multicall3 call through the shared
 * EVM transport (viem), compared with the catalog's `openInterest.{long,short}` and `pairMaxOI`.
 *
 * The ABI is SDK v0.8's (v1 contracts); the notes cannot confirm it for the v2 contracts (v2 reshaped some views), so
 * the contracts are read only where the operator configured their addresses; otherwise the source is UNAVAILABLE with
 * that reason. A pair whose chain and API values differ by more than AVANTIS_ONCHAIN_TOLERANCE_BPS is flagged
 * ONCHAIN_MISMATCH (its metadata is re-emitted) and the source `onchain-verify` turns FRAGILE with the differences.
 * Any failure (no RPC, transport, decode) leaves the venue serving: the source says why.
 */
import { parseAbi, type Address } from 'viem';
import { HttpClient } from '../../core/http.js';
import { RateLimiter } from '../../core/rate-limit.js';
import type { ConnectorContext } from '../../core/template.js';
import { EvmReader, revertReason } from '../../transports/evm.js';
import { JsonRpcClient } from '../../transports/jsonrpc.js';
import type { AvantisConfig } from './config.js';
import type { AvCtx } from './context.js';
import { emitMetadata } from './publish.js';
import type { Pair } from './wire.js';

/** SDK v0.8 ABI fragments (`Avantis-Labs/avantis_trader_sdk:avantis_trader_sdk/abis/Multicall.sol/Multicall.json`, PairStorage). */
export const AVANTIS_MULTICALL_ABI = parseAbi(['function getLongShortRatios() view returns (uint256[] longRatio, uint256[] shortRatio)']);
export const AVANTIS_PAIR_STORAGE_ABI = parseAbi(['function pairMaxOI(uint256 pairIndex) view returns (uint256)']);
/** USDC amounts on chain are 1e6 (§2.2). */
const USDC = 1e6;
/** Differences under this many USD are noise, whatever the ratio. */
const DUST_USD = 1;
export const SOURCE = 'onchain-verify';

export interface OnchainReader {
  evm: EvmReader;
  multicall: Address;
  pairStorage: Address;
  dispose: () => void;
}

/** Why the verification cannot run with this config, or null when it can. */
export function unavailableReason(c: AvantisConfig): string | null {
  if (c.AVANTIS_BASE_RPC_URL === 'none') return 'no Base RPC (AVANTIS_BASE_RPC_URL=none)';
  if (!c.AVANTIS_ONCHAIN_MULTICALL_ADDRESS || !c.AVANTIS_ONCHAIN_PAIR_STORAGE_ADDRESS)
    return (
      'contract ABI not confirmed for the v2 contracts (docs/venues/avantis.md §2.2a: only the SDK v0.8 ABI is published, ' +
      'and v2 reshaped some views); set AVANTIS_ONCHAIN_MULTICALL_ADDRESS and AVANTIS_ONCHAIN_PAIR_STORAGE_ADDRESS to verify with it'
    );
  return null;
}

/** The reader on its own limiter and HTTP client (an RPC rate limit never pauses the data API), or null with health saying why. */
export function onchainReader(kit: ConnectorContext, c: AvantisConfig, timeoutMs: number): OnchainReader | null {
  const why = unavailableReason(c);
  if (why) {
    kit.health.setSource({ name: SOURCE, status: 'UNAVAILABLE', reason: why, lastSuccessAt: null });
    return null;
  }
  const limiter = new RateLimiter({ budgetPerMinute: 30, now: kit.io.now });
  const http = new HttpClient({ venue: 'avantis', fetch: kit.io.fetch, limiter, now: kit.io.now, timeoutMs, retries: 1 });
  const count = (name: string) => kit.health.count(`onchain.${name}`);
  const rpc = new JsonRpcClient({ venue: 'avantis', http, url: c.AVANTIS_BASE_RPC_URL, limiter, count, revertReason });
  return {
    evm: new EvmReader({ venue: 'avantis', rpc, multicallAddress: c.AVANTIS_MULTICALL3_ADDRESS }),
    multicall: c.AVANTIS_ONCHAIN_MULTICALL_ADDRESS!,
    pairStorage: c.AVANTIS_ONCHAIN_PAIR_STORAGE_ADDRESS!,
    dispose: () => http.dispose(),
  };
}

export interface ChainPair {
  long: number;
  short: number;
  maxOi: number | null;
}

/** One field's difference beyond tolerance, as text; null when within it (or either side is missing). */
export function differs(what: string, api: number | undefined, chain: number | null, tolBps: number): string | null {
  if (api === undefined || chain === null) return null;
  const diff = Math.abs(api - chain);
  const rel = diff / Math.max(Math.abs(api), Math.abs(chain));
  if (diff < DUST_USD || rel * 10_000 <= tolBps) return null;
  return `${what} chain ${chain.toFixed(2)} vs api ${api.toFixed(2)} (${(rel * 10_000).toFixed(0)} bps)`;
}

/** The differences of one pair (OI long, OI short, OI cap). */
export function comparePair(p: Pair, chain: ChainPair, tolBps: number): string[] {
  return [
    differs('OI long', p.openInterest?.long, chain.long, tolBps),
    differs('OI short', p.openInterest?.short, chain.short, tolBps),
    differs('pairMaxOI', p.pairMaxOI, chain.maxOi, tolBps),
  ].filter((x): x is string => x !== null);
}

/** Read the chain for every listed pair: one aggregate3 with getLongShortRatios and pairMaxOI(i) per pair. */
async function readChain(r: OnchainReader, indexes: number[], signal: AbortSignal): Promise<Map<number, ChainPair>> {
  const scope = r.evm.scope(signal);
  const subs = await scope.multicall([
    { address: r.multicall, abi: AVANTIS_MULTICALL_ABI, functionName: 'getLongShortRatios', what: 'Multicall.getLongShortRatios()' },
    ...indexes.map((i) => ({
      address: r.pairStorage,
      abi: AVANTIS_PAIR_STORAGE_ABI,
      functionName: 'pairMaxOI',
      args: [BigInt(i)],
      what: `PairStorage.pairMaxOI(${i})`,
    })),
  ]);
  const ratios = subs[0]!;
  if (!ratios.ok) throw ratios.error;
  const [longs, shorts] = ratios.value as readonly [readonly bigint[], readonly bigint[]];
  const out = new Map<number, ChainPair>();
  indexes.forEach((i, k) => {
    const cap = subs[k + 1]!;
    if (longs[i] === undefined || shorts[i] === undefined) return;
    out.set(i, {
      long: Number(longs[i]) / USDC,
      short: Number(shorts[i]) / USDC,
      maxOi: cap.ok ? Number(cap.value as bigint) / USDC : null,
    });
  });
  return out;
}

/** The verification job (metadata cadence). */
export async function verify(ctx: AvCtx, r: OnchainReader, signal: AbortSignal): Promise<void> {
  const { kit } = ctx;
  const listed = [...ctx.idByKey.keys()].map((key) => ({ key, p: ctx.state.pairs.get(key)! })).filter((x) => x.p.index !== undefined);
  if (listed.length === 0) return;
  const chain = await kit.secondary(SOURCE, () =>
    readChain(
      r,
      listed.map((x) => x.p.index!),
      signal,
    ),
  );
  if (!chain) return;
  const tol = ctx.config.AVANTIS_ONCHAIN_TOLERANCE_BPS;
  const found = new Map<string, string[]>();
  for (const { key, p } of listed) {
    const c = chain.get(p.index!);
    const d = c ? comparePair(p, c, tol) : ['not found on chain'];
    if (d.length) found.set(key, d);
  }
  kit.health.setCounter('onchain.checkedPairs', chain.size);
  kit.health.setCounter('onchain.mismatches', found.size);
  const changed = found.size !== ctx.onchainMismatch.size || [...found.keys()].some((k) => !ctx.onchainMismatch.has(k));
  ctx.onchainMismatch = found;
  if (found.size === 0) kit.sourceOk(SOURCE, `${chain.size} pairs match the data API within ${tol} bps (OI long/short, pairMaxOI)`);
  else {
    const list = [...found].slice(0, 3).map(([k, d]) => `${ctx.idByKey.get(k)}: ${d.join(', ')}`);
    const reason = `${found.size} pair(s) differ from the data API beyond ${tol} bps: ${list.join('; ')}`;
    kit.health.setSource({ name: SOURCE, status: 'FRAGILE', reason, lastSuccessAt: kit.io.now() });
  }
  if (changed) emitMetadata(ctx);
}
