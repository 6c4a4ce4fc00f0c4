import type { Channel } from './types.js';

/** Default cadences and SLAs (DESIGN §3). Overridable per deployment through config. */
export interface ChannelTiming {
  cadenceMs: number;
  slaMs: number;
}
export type Timings = Record<Channel, ChannelTiming>;

export const DEFAULT_TIMINGS: Timings = {
  FUNDING: { cadenceMs: 60_000, slaMs: 180_000 },
  MARK: { cadenceMs: 60_000, slaMs: 180_000 },
  DEPTH: { cadenceMs: 10_000, slaMs: 30_000 },
  METADATA: { cadenceMs: 600_000, slaMs: 1_800_000 },
};
