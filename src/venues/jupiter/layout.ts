/**
 * The ONE layout table of the on-chain accounts we read (docs/venues/jupiter.md §5.2, §5.3, §5.6): field, type, byte
 * offset, little-endian. The connector's decoder (decode.ts) and the fake node's encoder (test/fakes/solana) both
 * read this table; decoder tests use hand-written golden buffers at literal offsets, so they are not circular.
 * Only the stable prefix is listed: accounts grow by appending fields (Custody 1060 → 1117 bytes), so decoders read
 * these offsets and ignore trailing bytes.
 */

import type { FieldDef, FieldTypes } from '../../transports/solana-codecs.js';

export type { FieldDef, FieldType, FieldTypes } from '../../transports/solana-codecs.js';
export { FIELD_SIZE } from '../../transports/solana-codecs.js';

export interface AccountLayout<F extends readonly FieldDef[] = readonly FieldDef[]> {
  readonly name: string;
  /** Anchor discriminator, sha256("account:<Name>")[:8], hex (§5.2). */
  readonly discriminator: string;
  /** Program that must own the account (§1). */
  readonly owner: string;
  /** Shortest buffer accepted: the end of the documented prefix. */
  readonly minLength: number;
  readonly fields: F;
}
/** A decoded record: one typed property per field of the layout. */
export type Decoded<F extends readonly FieldDef[]> = { [E in F[number] as E['field']]: FieldTypes[E['type']] };

/** Custody (§5.3), julianfssen IDL prefix, ends at 1060 bytes; monakki's client appends fields up to 1117. */
export const CUSTODY_FIELDS = [
  { field: 'pool', type: 'pubkey', offset: 8 },
  { field: 'mint', type: 'pubkey', offset: 40 },
  { field: 'tokenAccount', type: 'pubkey', offset: 72 },
  { field: 'decimals', type: 'u8', offset: 104 },
  { field: 'isStable', type: 'bool', offset: 105 },
  { field: 'oracleAccount', type: 'pubkey', offset: 106 },
  { field: 'oracleType', type: 'u8', offset: 138 },
  { field: 'oracleBuffer', type: 'u64', offset: 139 },
  { field: 'maxPriceAgeSec', type: 'u32', offset: 147 },
  { field: 'tradeImpactFeeScalar', type: 'u64', offset: 151 },
  { field: 'pricingBuffer', type: 'u64', offset: 159 },
  { field: 'swapSpread', type: 'u64', offset: 167 },
  { field: 'maxLeverage', type: 'u64', offset: 175 },
  { field: 'maxGlobalLongSizes', type: 'u64', offset: 183 },
  { field: 'maxGlobalShortSizes', type: 'u64', offset: 191 },
  { field: 'allowSwap', type: 'bool', offset: 199 },
  { field: 'allowAddLiquidity', type: 'bool', offset: 200 },
  { field: 'allowRemoveLiquidity', type: 'bool', offset: 201 },
  { field: 'allowIncreasePosition', type: 'bool', offset: 202 },
  { field: 'allowDecreasePosition', type: 'bool', offset: 203 },
  { field: 'allowCollateralWithdrawal', type: 'bool', offset: 204 },
  { field: 'allowLiquidatePosition', type: 'bool', offset: 205 },
  { field: 'targetRatioBps', type: 'u64', offset: 206 },
  { field: 'feesReserves', type: 'u64', offset: 214 },
  { field: 'owned', type: 'u64', offset: 222 },
  { field: 'locked', type: 'u64', offset: 230 },
  { field: 'guaranteedUsd', type: 'u64', offset: 238 },
  { field: 'globalShortSizes', type: 'u64', offset: 246 },
  { field: 'globalShortAveragePrices', type: 'u64', offset: 254 },
  { field: 'cumulativeInterestRate', type: 'u128', offset: 262 },
  { field: 'lastUpdate', type: 'i64', offset: 278 },
  { field: 'hourlyFundingDbps', type: 'u64', offset: 286 },
  { field: 'bump', type: 'u8', offset: 294 },
  { field: 'tokenAccountBump', type: 'u8', offset: 295 },
  { field: 'increasePositionBps', type: 'u64', offset: 296 },
  { field: 'decreasePositionBps', type: 'u64', offset: 304 },
  { field: 'maxPositionSizeUsd', type: 'u64', offset: 312 },
  { field: 'dovesOracle', type: 'pubkey', offset: 320 },
  { field: 'minRateBps', type: 'u64', offset: 352 },
  { field: 'maxRateBps', type: 'u64', offset: 360 },
  { field: 'targetRateBps', type: 'u64', offset: 368 },
  { field: 'targetUtilizationRate', type: 'u64', offset: 376 },
  { field: 'dovesAgOracle', type: 'pubkey', offset: 384 },
  // priceImpactBuffer.openInterest [i64; 60] at 416..896 is not read (the imbalance surcharge is not modelled).
  { field: 'priceImpactLastUpdated', type: 'i64', offset: 896 },
  { field: 'priceImpactFeeFactor', type: 'u64', offset: 904 },
  { field: 'priceImpactExponent', type: 'f32', offset: 912 },
  { field: 'deltaImbalanceThresholdDecimal', type: 'u64', offset: 916 },
  { field: 'maxFeeBps', type: 'u64', offset: 924 },
  { field: 'borrowsLimitInBps', type: 'u64', offset: 932 },
  { field: 'maintainanceMarginBps', type: 'u64', offset: 940 },
  { field: 'protocolFeeBps', type: 'u64', offset: 948 },
  { field: 'liquidationMargin', type: 'u64', offset: 956 },
  { field: 'liquidationFeeBps', type: 'u64', offset: 964 },
  { field: 'borrowsCumulativeInterestRate', type: 'u128', offset: 972 },
  { field: 'borrowsLastUpdate', type: 'i64', offset: 988 },
  { field: 'borrowsHourlyFundingDbps', type: 'u64', offset: 996 },
  { field: 'debt', type: 'u128', offset: 1004 },
  { field: 'borrowLendInterestsAccured', type: 'u128', offset: 1020 },
  { field: 'borrowLimitInTokenAmount', type: 'u64', offset: 1036 },
  { field: 'minInterestFeeBps', type: 'u64', offset: 1044 },
  { field: 'minInterestFeeGracePeriodSeconds', type: 'u64', offset: 1052 },
] as const satisfies readonly FieldDef[];

export const CUSTODY_LAYOUT: AccountLayout<typeof CUSTODY_FIELDS> = {
  name: 'Custody',
  discriminator: '01b830515d833f91',
  owner: 'PERPHjGBqRHArX4DySjwM6UJHiR3sWAatqfdBS2qQJu',
  minLength: 1060,
  fields: CUSTODY_FIELDS,
};

/** Doves AgPriceFeed (§5.6); fields end at byte 202. */
export const AG_PRICE_FEED_FIELDS = [
  { field: 'mint', type: 'pubkey', offset: 8 },
  { field: 'edgeFeed', type: 'pubkey', offset: 40 },
  { field: 'clFeed', type: 'pubkey', offset: 72 },
  { field: 'pythFeed', type: 'pubkey', offset: 104 },
  { field: 'price', type: 'u64', offset: 168 },
  { field: 'expo', type: 'i8', offset: 176 },
  { field: 'timestamp', type: 'i64', offset: 177 },
  { field: 'maxAgPriceAgeSec', type: 'u32', offset: 185 },
  { field: 'maxPriceFeedAgeSec', type: 'u32', offset: 189 },
  { field: 'maxPriceDiffBps', type: 'u64', offset: 193 },
  { field: 'bump', type: 'u8', offset: 201 },
] as const satisfies readonly FieldDef[];

export const AG_PRICE_FEED_LAYOUT: AccountLayout<typeof AG_PRICE_FEED_FIELDS> = {
  name: 'AgPriceFeed',
  discriminator: '70f98bd9d7d0f936',
  owner: 'DoVEsk76QybCEHQGzkvYPWLQu9gzNoZZZt3TPiL597e',
  minLength: 202,
  fields: AG_PRICE_FEED_FIELDS,
};

/**
 * Pool (§5.4): `name` is a Borsh string, so everything after it sits at variable offsets and is read sequentially:
 * discriminator, name (u32 length + UTF-8), custodies (u32 count + 32-byte keys), aumUsd (u128). Later fields unread.
 */
export const POOL_LAYOUT = {
  name: 'Pool',
  discriminator: 'f19a6d0411b16dbc',
  owner: 'PERPHjGBqRHArX4DySjwM6UJHiR3sWAatqfdBS2qQJu',
  sequence: [
    { field: 'name', type: 'string' },
    { field: 'custodies', type: 'vec<pubkey>' },
    { field: 'aumUsd', type: 'u128' },
  ],
} as const;

export type Custody = Decoded<typeof CUSTODY_FIELDS>;
export type AgPriceFeed = Decoded<typeof AG_PRICE_FEED_FIELDS>;
export interface Pool {
  name: string;
  custodies: string[];
  aumUsd: bigint;
}
