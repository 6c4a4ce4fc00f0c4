/**
 * The ONE module with the SynFutures v3 (Oyster) ABI fragments this connector calls, pinned from the published
 * artifacts (never retyped by guesswork). The connector encodes/decodes with viem from these, and the fake Base
 * node (test/fakes/base) encodes its answers from the very same fragments.
 *
 * Base is a "legacy" network: its QuoteParam still carries `stabilityFeeRatioParam`
 * (`SynFutures/sdks:packages/perp/README.md`; docs/venues/synfutures.md §1), so the Observer fragments below follow the
 * legacy ABI `SynFutures/sdks:packages/perp/src/abis/Observer.json@b567cff`, not `abis/current/`.
 */
import { parseAbi } from 'viem';

/** Struct layouts shared by the Observer fragments (`SynFutures/sdks:packages/perp/src/abis/Observer.json@b567cff`). */
const STRUCTS = [
  // BlockInfo: (uint32 timestamp, uint32 height), returned by every Observer batch read.
  'struct BlockInfo { uint32 timestamp; uint32 height; }',
  // DexV2Feeder / PriceFeeder: the index feeders (FeederType enum encoded as uint8).
  'struct DexV2Feeder { uint8 ftype; bool isToken0Quote; address pair; uint64 scaler0; uint64 scaler1; }',
  'struct PriceFeeder { uint8 ftype; uint64 scaler0; address aggregator0; uint24 heartBeat0; uint64 scaler1; address aggregator1; uint24 heartBeat1; }',
  // QuoteParam, legacy layout with stabilityFeeRatioParam (QuoteType enum as uint8). Fee ratios are bps (§10).
  'struct QuoteParam { uint128 minMarginAmount; uint16 tradingFeeRatio; uint16 protocolFeeRatio; uint64 stabilityFeeRatioParam; uint8 qtype; uint128 tip; }',
  // Amm: one pair (expiry) of an instrument; Status enum as uint8; WAD (1e18) quantities except sqrtPX96 (Q96).
  'struct Amm { uint32 expiry; uint32 timestamp; uint8 status; int24 tick; uint160 sqrtPX96; uint128 liquidity; uint128 totalLiquidity; uint128 totalShort; uint128 openInterests; uint128 totalLong; uint128 involvedFund; uint128 feeIndex; uint128 protocolFee; uint128 longSocialLossIndex; uint128 shortSocialLossIndex; int128 longFundingIndex; int128 shortFundingIndex; uint128 insuranceFund; uint128 settlementPrice; }',
  // AssembledInstrumentData: amms[i] and markPrices[i] belong to the same expiry (Condition enum as uint8).
  'struct AssembledInstrumentData { address instrumentAddr; string symbol; address market; DexV2Feeder dexV2Feeder; PriceFeeder priceFeeder; uint16 initialMarginRatio; uint16 maintenanceMarginRatio; QuoteParam param; uint256 spotPrice; uint8 condition; Amm[] amms; uint256[] markPrices; }',
  // Setting: per-instrument setting incl. the quote token and its decimals.
  'struct Setting { string symbol; address config; address gate; address market; address quote; uint8 decimals; uint16 initialMarginRatio; uint16 maintenanceMarginRatio; QuoteParam param; }',
  // CurveState / MinimalPearl: the AMM curve and the per-tick pearls (liquidityNet crossed like a CL swap, `left` =
  // resting limit-order size, > 0 bids below the price, < 0 asks above; oyster-sdk:src/chart/depth.ts).
  'struct CurveState { uint160 sqrtPX96; int24 tick; uint256 liquidity; }',
  'struct MinimalPearl { int128 liquidityNet; int96 left; }',
  // Quotation: Instrument.inquire's answer (oyster-sdk:src/types/typechain/Instrument.ts QuotationStruct).
  'struct Quotation { uint256 benchmark; uint160 sqrtFairPX96; int24 tick; uint256 mark; uint256 entryNotional; uint256 fee; uint256 minAmount; uint160 sqrtPostFairPX96; int24 postTick; }',
] as const;

/**
 * Gate: `getAllInstruments() returns (address[])` lists every instrument, including new permissionless listings
 * (docs/venues/synfutures.md §3; `SynFutures/oyster-sdk:src/abis/Gate.json@fdb5e1a`: outputs `address[]`).
 */
export const GATE_ABI = parseAbi(['function getAllInstruments() view returns (address[])']);

/**
 * Observer (legacy Base ABI, `SynFutures/sdks:packages/perp/src/abis/Observer.json@b567cff`):
 * - `getInstrumentByAddressList(address[] instrumentList)` → (AssembledInstrumentData[], BlockInfo); ≤ 10 per call (§3);
 * - `getSetting(address instrument)` → Setting (quote token address and decimals, IMR/MMR, QuoteParam);
 * - `liquidityDetails(address instrument, uint32 expiry, uint24 tickDelta)` → (CurveState, int24[] tids, MinimalPearl[], BlockInfo) (§9).
 * The Base Observer has no `inquireByBase`: price impact comes from `Instrument.inquire` (issue 9).
 */
export const OBSERVER_ABI = parseAbi([
  ...STRUCTS,
  'function getInstrumentByAddressList(address[] instrumentList) view returns (AssembledInstrumentData[], BlockInfo)',
  'function getSetting(address instrument) view returns (Setting)',
  'function liquidityDetails(address instrument, uint32 expiry, uint24 tickDelta) view returns (CurveState amm, int24[] tids, MinimalPearl[] pearls, BlockInfo blockInfo)',
]);

/**
 * Instrument:
 * - `placePaused()` → bool and `inquire(uint32 expiry, int256 size)` → Quotation:
 *   `SynFutures/oyster-sdk:src/types/typechain/Instrument.ts@21d3929` (the instrument's condition comes with the
 *   Observer's AssembledInstrumentData, so `condition()` is not called);
 * - `fundingHour()`: on Base since block 21216046 (docs/venues/synfutures.md §7.4); absent from the published
 *   `@synfutures/perpv3-ts` Base ABI (issue 9), and no published ABI states its return width, so it is decoded as
 *   one 32-byte word (`uint256`), which is ABI-identical for any uintN return. 0 means 24.
 */
export const INSTRUMENT_ABI = parseAbi([
  ...STRUCTS,
  'function placePaused() view returns (bool)',
  'function fundingHour() view returns (uint256)',
  'function inquire(uint32 expiry, int256 size) view returns (Quotation)',
]);

/** Multicall3 `aggregate3` as the fake node decodes it; the connector's multicalls are viem's (src/transports/evm.ts) (canonical deployment 0xcA11…CA11 on every EVM chain; mds1/multicall `Multicall3.sol`). */
export const MULTICALL3_ABI = parseAbi([
  'struct Call3 { address target; bool allowFailure; bytes callData; }',
  'struct Result { bool success; bytes returnData; }',
  'function aggregate3(Call3[] calls) payable returns (Result[] returnData)',
]);

/** Solidity `Error(string)` selector and layout (the shared EVM transport's), used by the fake node's reverts. */
export { ERROR_ABI } from '../../transports/evm.js';
