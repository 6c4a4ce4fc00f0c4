/**
 * WAD (1e18) and Q96 fixed-point helpers in bigint, as in `SynFutures/oyster-sdk:src/math/basic.ts` (docs/venues/synfutures.md
 * §7.1): every on-chain quantity is combined in integers and converted to a JS number exactly once, at the end.
 */
import { num } from '../../core/numbers.js';

export const WAD = 10n ** 18n;
export const Q96 = 1n << 96n;

/** a·1e18 / b, truncated toward zero like the contracts' `wdiv` (oyster-sdk:src/math/basic.ts). */
export const wdiv = (a: bigint, b: bigint): bigint => (a * WAD) / b;

/** fair price in WAD from the AMM's sqrt price: sqrtPX96² · 1e18 / 2^192 (§7.1). */
export function sqrtX96ToWad(sqrtPX96: bigint): bigint {
  return (sqrtPX96 * sqrtPX96 * WAD) >> 192n;
}

/** The one conversion of a WAD integer to a number: exact decimal string, then a single correctly rounded parse. */
export function wadToNumber(x: bigint, field: string): number {
  const neg = x < 0n;
  const digits = (neg ? -x : x).toString().padStart(19, '0');
  return num(`${neg ? '-' : ''}${digits.slice(0, -18)}.${digits.slice(-18)}`, field);
}
