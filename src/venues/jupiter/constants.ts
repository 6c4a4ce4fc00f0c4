/** Jupiter Perps constants (docs/venues/jupiter.md sections cited per item). */

/** Perpetuals program: owner of Pool and Custody accounts (§1). */
export const PERPETUALS_PROGRAM = 'PERPHjGBqRHArX4DySjwM6UJHiR3sWAatqfdBS2qQJu';
/** Doves program: owner of the AG price-feed accounts (§1). */
export const DOVES_PROGRAM = 'DoVEsk76QybCEHQGzkvYPWLQu9gzNoZZZt3TPiL597e';
/** The JLP pool, the only one (§1). */
export const DEFAULT_POOL = '5BUwFW4nRbftYTDMbgxykoFWqWHPzahFSNAaaaJtVKsq';

/** Built-in custodies (§1): SOL, ETH, BTC (WBTC), USDC, USDT, JupUSD. Overridable by JUPITER_CUSTODY_ADDRESSES. */
export const DEFAULT_CUSTODIES = [
  '7xS2gz2bTp3fwCC7knJvUWTEU9Tycczu6VhJYKgi1wdz', // SOL
  'AQCGyheWPLeo6Qp9WpYS9m3Qj479t7R636N9ey1rEjEn', // ETH
  '5Pv3gM9JrFFH883SWAhvJC9RPYmo8UNxuFtv5bMMALkm', // BTC (WBTC)
  'G18jKKXQwBbrHeiK3C9MRXhkHsLHf7XgCSisykV46EZa', // USDC
  '4vkNeXiYEUizLdrpdPS1eC2mccyM4NUPRtERrk6ZETkk', // USDT
  'DdwY1ELc9rRK7xNL3hTXabSFBmVrTPpfsUZSv2Y3LL1U', // JupUSD (added 2026-06-29)
] as const;

/** Built-in Doves AG oracles (§1), prefetched at start; each custody's own `dovesAgOracle` field is authoritative. */
export const DEFAULT_AG_ORACLES = [
  'FYq2BWQ1V5P1WFBqr3qB2Kb5yHVvSv7upzKodgQE5zXh', // SOL
  'AFZnHPzy4mvVCffrVwhewHbFc93uTHvDSFrVH7GtfXF1', // ETH
  'hUqAT1KQ7eW1i6Csp9CXYtpPfSAvi835V7wKi5fRfmC', // BTC
  '6Jp2xZUTWdDD2ZyUPRzeMdc6AFQ5K3pFgZxk2EijfjnM', // USDC
  'Fgc93D641F8N2d1xLjQ4jmShuD3GE3BsCXA56KBQbF5u', // USDT
] as const;

/** Known mints → venue token symbol and decimals (§1). Symbols go through core/symbols (WBTC → BTC in ids). */
export const KNOWN_MINTS: Readonly<Record<string, { symbol: string; decimals: number }>> = {
  So11111111111111111111111111111111111111112: { symbol: 'SOL', decimals: 9 },
  '7vfCXTUXx5WJV5JADk17DUJ4ksgau7utNKj4b963voxs': { symbol: 'ETH', decimals: 8 },
  '3NZ9JMVBmGAqocybic2c7LQCJScmgsAZ6vQqTDzcqmJh': { symbol: 'WBTC', decimals: 8 },
  EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v: { symbol: 'USDC', decimals: 6 },
  Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB: { symbol: 'USDT', decimals: 6 },
};

/** Built-in custodies whose mint is known (§1): a custody at one of these addresses must hold that mint. */
export const CUSTODY_MINTS: Readonly<Record<string, string>> = {
  '7xS2gz2bTp3fwCC7knJvUWTEU9Tycczu6VhJYKgi1wdz': 'So11111111111111111111111111111111111111112',
  AQCGyheWPLeo6Qp9WpYS9m3Qj479t7R636N9ey1rEjEn: '7vfCXTUXx5WJV5JADk17DUJ4ksgau7utNKj4b963voxs',
  '5Pv3gM9JrFFH883SWAhvJC9RPYmo8UNxuFtv5bMMALkm': '3NZ9JMVBmGAqocybic2c7LQCJScmgsAZ6vQqTDzcqmJh',
  G18jKKXQwBbrHeiK3C9MRXhkHsLHf7XgCSisykV46EZa: 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v',
  '4vkNeXiYEUizLdrpdPS1eC2mccyM4NUPRtERrk6ZETkk': 'Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB',
};
/** A stable custody whose mint is not in KNOWN_MINTS is named by its address (§1: JupUSD, mint unconfirmed). */
export const CUSTODY_NAMES: Readonly<Record<string, string>> = {
  DdwY1ELc9rRK7xNL3hTXabSFBmVrTPpfsUZSv2Y3LL1U: 'JupUSD',
};

/** The stable custody every USDC-collateralised short pays (§6.1). */
export const SHORT_COLLATERAL_SYMBOL = 'USDC';

/** 1e9 scale of rates, utilisation and debt (§6.2). */
export const RATE_POWER = 1_000_000_000n;
export const BPS_POWER = 10_000n;
export const DBPS_POWER = 100_000n;
export const HOURS_IN_A_YEAR = 8_760n;
/** USD amounts on chain have 6 decimals (§5.3). */
export const USD_DECIMALS = 6;

/** Doves AG price older than this is served stale and the MARK channel degrades (§5.6: our rule, 60 s). */
export const ORACLE_MAX_AGE_MS = 60_000;
/** Synthetic depth notionals, USD (§8). */
export const DEPTH_NOTIONALS_USD = [10_000, 50_000, 100_000, 250_000, 1_000_000] as const;
/** UI leverage limit (docs.jup.ag positions-and-collateral, §7); the on-chain limit is the custody's pricing.maxLeverage. */
export const UI_MAX_LEVERAGE = 250;
/** Minimum collateral, USD (jup-ag/cli docs/perps.md, §7). */
export const MIN_COLLATERAL_USD = 10;
/** Slot lag (behind the highest slot seen) at which an RPC answer counts as stale (§9). */
export const MAX_SLOT_LAG = 150;

/** DefiLlama's listing of this venue (`npm run crosscheck`): protocol slug and yields `/perps` marketplace name. */
export const DEFILLAMA = { slug: 'jupiter-perpetual-exchange', marketplace: 'Jupiter' } as const;
