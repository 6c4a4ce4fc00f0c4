/**
 * Decoded on-chain state of the venue: which accounts are watched (pool, custodies from the pool and config, each
 * custody's Doves AG oracle), the latest decoded record and slot per account (latest slot wins; an older slot never
 * replaces a newer one), and the served markets derived from it. Pure bookkeeping, no I/O.
 */
import { DataError } from '../../core/errors.js';
import type { JupiterConfig } from './config.js';
import { CUSTODY_MINTS, CUSTODY_NAMES, DOVES_PROGRAM, KNOWN_MINTS, PERPETUALS_PROGRAM, SHORT_COLLATERAL_SYMBOL } from './constants.js';
import { decodeAgPriceFeed, decodeCustody, decodePool } from './decode.js';
import type { AgPriceFeed, Custody, Pool } from './layout.js';
import { marketIdOf, type JupMarket } from './normalize.js';

const NO_KEY = '11111111111111111111111111111111';

export type Role = 'pool' | 'custody' | 'oracle';

export interface Held<T> {
  slot: number;
  value: T;
}

export class VenueState {
  readonly poolKey: string;
  pool: Held<Pool> | null = null;
  readonly custodies = new Map<string, Held<Custody>>();
  readonly oracles = new Map<string, Held<AgPriceFeed>>();
  markets: JupMarket[] = [];
  /** Stable custody symbols the pool holds (margin assets for shorts). */
  stables: string[] = [];
  /** The stable custody shorts pay (USDC), if decoded. */
  shortCustodyKey: string | null = null;
  /** Why custodies were not served, by custody key (health source text). */
  readonly skipped = new Map<string, string>();

  constructor(
    private readonly config: Pick<
      JupiterConfig,
      'JUPITER_POOL_ADDRESS' | 'JUPITER_CUSTODY_ADDRESSES' | 'JUPITER_AG_ORACLE_ADDRESSES' | 'JUPITER_EXTRA_MINTS'
    >,
  ) {
    this.poolKey = config.JUPITER_POOL_ADDRESS[0]!;
  }

  custodyKeys(): string[] {
    return [...new Set([...(this.pool?.value.custodies ?? []), ...this.config.JUPITER_CUSTODY_ADDRESSES])];
  }

  oracleKeys(): string[] {
    // The all-zero key means "no oracle" (e.g. a custody without a Doves AG feed).
    const fromCustodies = [...this.custodies.values()].map((c) => c.value.dovesAgOracle).filter((k) => k !== NO_KEY);
    return [...new Set([...fromCustodies, ...this.config.JUPITER_AG_ORACLE_ADDRESSES])];
  }

  /** Every account to read and follow: pool, custodies, oracles. */
  keys(): string[] {
    return [this.poolKey, ...this.custodyKeys(), ...this.oracleKeys()];
  }

  roleOf(key: string): Role | null {
    if (key === this.poolKey) return 'pool';
    if (this.custodyKeys().includes(key)) return 'custody';
    if (this.oracleKeys().includes(key)) return 'oracle';
    return null;
  }

  heldSlot(key: string): number {
    if (key === this.poolKey) return this.pool?.slot ?? -1;
    return this.custodies.get(key)?.slot ?? this.oracles.get(key)?.slot ?? -1;
  }

  /**
   * Apply one account's bytes at a slot. Returns its role when the record changed, null when the slot is older
   * than the one held or the key is not watched; throws a typed DataError (SCHEMA) when the bytes do not decode
   * or the owner program is wrong (the previous record is kept).
   */
  apply(key: string, slot: number, data: Buffer, owner: string | null): Role | null {
    const role = this.roleOf(key);
    if (role === null || slot < this.heldSlot(key)) return null;
    const program = role === 'oracle' ? DOVES_PROGRAM : PERPETUALS_PROGRAM;
    if (owner !== null && owner !== program) {
      throw new DataError('SCHEMA', `${role} ${key}: expected owner program ${program}, got ${owner}`);
    }
    if (role === 'pool') this.pool = { slot, value: decodePool(data) };
    else if (role === 'custody') this.custodies.set(key, { slot, value: decodeCustody(data) });
    else this.oracles.set(key, { slot, value: decodeAgPriceFeed(data) });
    return role;
  }

  symbolOf(key: string, c: Custody): string | null {
    return KNOWN_MINTS[c.mint]?.symbol ?? this.config.JUPITER_EXTRA_MINTS[c.mint] ?? CUSTODY_NAMES[key] ?? null;
  }

  /** Rebuild the served markets from decoded custodies (validating mints, §1). Returns true when the list changed. */
  rebuild(): boolean {
    const before = this.markets.map((m) => `${m.id}@${m.custody}`).join(',');
    const markets: JupMarket[] = [];
    const stables: string[] = [];
    this.skipped.clear();
    this.shortCustodyKey = null;
    for (const key of this.custodyKeys()) {
      const held = this.custodies.get(key);
      if (!held) continue;
      const c = held.value;
      const expectedMint = CUSTODY_MINTS[key];
      const known = KNOWN_MINTS[c.mint];
      const sym = this.symbolOf(key, c);
      if (expectedMint && expectedMint !== c.mint) {
        this.skipped.set(key, `custody ${key} holds mint ${c.mint}, expected ${expectedMint} (venues/jupiter.md §1)`);
        continue;
      }
      if (known && known.decimals !== c.decimals) {
        this.skipped.set(key, `custody ${key}: mint ${c.mint} has ${known.decimals} decimals, the custody says ${c.decimals}`);
        continue;
      }
      if (c.pool !== this.poolKey) {
        this.skipped.set(key, `custody ${key} belongs to pool ${c.pool}, not ${this.poolKey}`);
        continue;
      }
      if (c.isStable) {
        const s = sym ?? `STABLE_${key.slice(0, 6)}`;
        stables.push(s);
        if (s === SHORT_COLLATERAL_SYMBOL) this.shortCustodyKey = key;
        continue;
      }
      if (!sym) {
        this.skipped.set(key, `custody ${key}: mint ${c.mint} has no known symbol (set JUPITER_EXTRA_MINTS=${c.mint}=SYMBOL)`);
        continue;
      }
      const id = marketIdOf(sym);
      if (markets.some((m) => m.id === id)) {
        this.skipped.set(key, `custody ${key}: a second custody for ${id}`);
        continue;
      }
      markets.push({ id, base: id.slice('jupiter:'.length).split('-')[0]!, token: sym, custody: key, mint: c.mint });
    }
    this.markets = markets;
    this.stables = stables;
    return markets.map((m) => `${m.id}@${m.custody}`).join(',') !== before;
  }

  /** Markets affected by a change of `key` (an oracle or custody; the short custody and its oracle touch all). */
  affected(key: string): JupMarket[] {
    const short = this.shortCustodyKey;
    const shortOracle = short ? this.custodies.get(short)?.value.dovesAgOracle : undefined;
    if (key === short || key === shortOracle || key === this.poolKey) return this.markets;
    return this.markets.filter((m) => m.custody === key || this.custodies.get(m.custody)?.value.dovesAgOracle === key);
  }
}
