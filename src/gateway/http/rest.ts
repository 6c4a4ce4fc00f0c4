/**
 * GET /api/perp-connectors?mode=auto|live|mock. Built by executing one fixed GraphQL document over the same
 * resolvers as /graphql (so both surfaces always agree), plus a summary. Cached per mode: the live TTL when
 * every venue served is live, the mock TTL when any venue is on mock; the cache state is in the payload.
 */
import { execute, parse, type GraphQLSchema } from 'graphql';
import type { Mode } from '../../core/types.js';
import type { App } from '../../app/app.js';
import { PAYLOAD_QUERY } from '../../generated/payload.js';
import { createContext } from '../graphql/context.js';
import type { Payload } from './payload-schema.js';
import { SCHEMA_VERSION } from '../graphql/version.js';

/** The fixed document (schema/payload.graphql, embedded by codegen) whose result types the payload. */
export const PAYLOAD_DOCUMENT = parse(PAYLOAD_QUERY);

export type SpreadSummaryFn = (app: App, mode: Mode) => Promise<Payload['summary']['topSpreads']>;

export class RestPayloadCache {
  private readonly entries = new Map<Mode, { at: number; ttlMs: number; payload: Omit<Payload, 'cache'>; body?: string }>();

  constructor(
    private readonly app: App,
    private readonly schema: GraphQLSchema,
    private readonly topSpreads: SpreadSummaryFn,
  ) {}

  /** The payload for a mode, from cache while within its TTL. */
  async get(mode: Mode): Promise<Payload> {
    const now = this.app.now();
    const hit = this.entries.get(mode);
    if (hit && now - hit.at < hit.ttlMs) return { ...hit.payload, cache: { hit: true, ageMs: now - hit.at, ttlMs: hit.ttlMs } };
    const payload = await this.build(mode);
    const anyMock = payload.connectors.some((c) => c.dataSource === 'MOCK');
    const ttlMs = anyMock ? this.app.config.PERP_CONNECTOR_MOCK_TTL_MS : this.app.config.PERP_CONNECTOR_LIVE_TTL_MS;
    this.entries.set(mode, { at: now, ttlMs, payload });
    return { ...payload, cache: { hit: false, ageMs: 0, ttlMs } };
  }

  async build(mode: Mode): Promise<Omit<Payload, 'cache'>> {
    const ctx = createContext(this.app, mode);
    const res = await execute({
      schema: this.schema,
      document: PAYLOAD_DOCUMENT,
      contextValue: ctx,
      variableValues: { mode: mode.toUpperCase() },
    });
    if (res.errors?.length) throw new Error(`payload query failed: ${res.errors.map((e) => e.message).join('; ')}`);
    const data = res.data as unknown as { connectors: Payload['connectors']; markets: Payload['markets'] };
    const by = (pred: (c: Payload['connectors'][number]) => boolean) => data.connectors.filter(pred).map((c) => c.venue);
    return {
      schemaVersion: SCHEMA_VERSION,
      generatedAt: new Date(ctx.now).toISOString(),
      mode,
      connectors: data.connectors,
      markets: data.markets,
      summary: {
        venues: data.connectors.length,
        markets: data.markets.length,
        staleMarkets: data.markets.filter((m) => m.freshness.stale).length,
        liveVenues: by((c) => c.dataSource === 'LIVE' && c.status !== 'DOWN'),
        mockVenues: by((c) => c.dataSource === 'MOCK'),
        downVenues: by((c) => c.status === 'DOWN'),
        topSpreads: await this.topSpreads(this.app, mode),
      },
    };
  }
}
