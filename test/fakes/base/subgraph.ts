/**
 * Fake SynFutures subgraph: `hourlyAmmDatas` (oyster-subgraph `HourlyAmmData`) generated per AMM from a constant
 * hourly funding and volume, with the long funding index packed in the low 128 bits and the short index in the high
 * 128 bits (each int128, two's complement; docs/venues/synfutures.md §6). Reads the GraphQL variables the connector sends.
 */
import { WAD, wad } from './amm.js';

export interface HourlySeries {
  /** Mark price (quote per base). */
  mark: number;
  /** Per hour, positive = that side pays (its funding index falls by cost × mark each hour). */
  longCostPerHour: number;
  shortCostPerHour: number;
  /** Quote volume per hour. */
  volumePerHour: number;
  /** History depth. Default 95 days. */
  days?: number;
}

interface Row {
  timestamp: string;
  volume: string;
  firstFundingIndex: string;
  lastFundingIndex: string;
  lastMarkPrice: string;
  amm: { id: string };
}

const HOUR = 3600;
const M128 = (1n << 128n) - 1n;
export const pack = (long: bigint, short: bigint): string => (((short & M128) << 128n) | (long & M128)).toString();

export function seriesRows(ammId: string, s: HourlySeries, nowS: number): Row[] {
  const end = Math.floor(nowS / HOUR) * HOUR;
  const n = (s.days ?? 95) * 24;
  const markW = wad(s.mark);
  const longStep = -((wad(s.longCostPerHour) * markW) / WAD);
  const shortStep = -((wad(s.shortCostPerHour) * markW) / WAD);
  const rows: Row[] = [];
  for (let k = 0; k <= n; k++) {
    const ts = end - (n - k) * HOUR;
    rows.push({
      timestamp: String(ts),
      volume: wad(s.volumePerHour).toString(),
      firstFundingIndex: pack(BigInt(k) * longStep, BigInt(k) * shortStep),
      lastFundingIndex: pack(BigInt(k + 1) * longStep, BigInt(k + 1) * shortStep),
      lastMarkPrice: markW.toString(),
      amm: { id: ammId },
    });
  }
  return rows;
}

/** Answer a POST body `{query, variables: {amms, from, to, first}}`. */
export function hourlyAnswer(series: ReadonlyMap<string, HourlySeries>, body: string): unknown {
  const req = JSON.parse(body) as { query?: string; variables?: { amms?: string[]; from?: string; to?: string; first?: number } };
  if (!req.query?.includes('hourlyAmmDatas')) return { errors: [{ message: 'unsupported query' }] };
  const v = req.variables ?? {};
  const from = Number(v.from ?? 0);
  const to = Number(v.to ?? Infinity);
  const nowS = Math.floor(Date.now() / 1000);
  const rows = (v.amms ?? [])
    .flatMap((id) => {
      const s = series.get(id);
      return s ? seriesRows(id, s, nowS) : [];
    })
    .filter((r) => Number(r.timestamp) >= from && Number(r.timestamp) <= to)
    .sort((a, b) => Number(a.timestamp) - Number(b.timestamp) || a.amm.id.localeCompare(b.amm.id))
    .slice(0, v.first ?? 100);
  return { data: { hourlyAmmDatas: rows } };
}
