import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, isEnumType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { composeVenueEnv, loadConfig, redactedConfig } from '../../src/config/index.js';
import { envSecret, envString, secretKeys } from '../../src/core/env.js';
import { EXAMPLE_MARKET_ID, marketId, parseMarketId } from '../../src/core/symbols.js';
import { payloadSchema } from '../../src/gateway/http/payload-schema.js';
import { registry, VENUES } from '../../src/venues/registry.js';

const sdl = readFileSync('schema/schema.graphql', 'utf8');

describe('venue registry: the one source of venue names', () => {
  it('lists the venues in registry order', () => {
    expect(VENUES).toEqual(Object.keys(registry));
    expect(VENUES).toEqual(['aster', 'avantis', 'jupiter', 'synfutures', 'hyperliquid']);
  });

  it('the schema Venue enum is the registry, upper-cased, with each entry’s description', () => {
    const t = buildSchema(sdl).getType('Venue');
    if (!isEnumType(t)) throw new Error('Venue is not an enum');
    expect(t.getValues().map((v) => v.name)).toEqual(VENUES.map((v) => v.toUpperCase()));
    expect(t.getValues().map((v) => v.description)).toEqual(VENUES.map((v) => registry[v].description));
  });

  it('the market-id pattern accepts every registered venue and nothing else', () => {
    for (const v of VENUES)
      expect(parseMarketId(marketId(v, 'BTC', 'USDT'))).toEqual({ venue: v, base: 'BTC', quote: 'USD', variant: null });
    expect(parseMarketId('binance:BTC-USD-PERP')).toBeNull();
    expect(parseMarketId(EXAMPLE_MARKET_ID)?.venue).toBe(VENUES[0]);
  });

  it('config composes every venue’s env shape from the registry, with its defaults', () => {
    const c = loadConfig({}) as unknown as Record<string, unknown>;
    for (const v of VENUES) for (const key of Object.keys(registry[v].env)) expect(c, key).toHaveProperty(key);
    expect(c.JUPITER_RATE_LIMIT_PER_MIN).toBe(30);
    expect(c.AVANTIS_SOCKET_PATH).toBe('/socket.io');
  });

  it('secrets are the schemas marked by envSecret, and are redacted without a list to maintain', () => {
    const all = VENUES.flatMap((v) => secretKeys(registry[v].env));
    expect(all.sort()).toEqual(['ASTER_API_KEY', 'ASTER_API_SIGNER_KEY', 'ASTER_SECRET_KEY', 'JUPITER_API_KEY']);
    const r = redactedConfig(loadConfig({ JUPITER_API_KEY: 'jk-789' }));
    expect(r.JUPITER_API_KEY).toBe('***');
    expect(r.ASTER_API_KEY).toBeNull();
    expect(JSON.stringify(r)).not.toContain('jk-789');
  });

  it('two venues declaring the same variable is refused', () => {
    expect(() => composeVenueEnv([{ env: { A_URL: envString('x') } }, { env: { A_URL: envSecret() } }])).toThrow(
      'environment variable A_URL is declared by two venues',
    );
  });

  it('the payload validator takes its venue enum from the schema (derived, not copied)', () => {
    const venueEnum = payloadSchema.shape.connectors.element.shape.venue;
    expect(venueEnum.options).toEqual(VENUES.map((v) => v.toUpperCase()));
    expect(payloadSchema.shape.markets.element.shape.id.safeParse('binance:BTC-USD-PERP').success).toBe(false);
    expect(payloadSchema.shape.markets.element.shape.id.safeParse(EXAMPLE_MARKET_ID).success).toBe(true);
  });
});

/** Every .ts file under a directory. */
function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('no venue names outside src/venues', () => {
  it('no source file outside src/venues and src/generated names a registered venue (comments included)', () => {
    const re = new RegExp(`(^|[^a-z])(${VENUES.join('|')})([^a-z]|$)`, 'i');
    const offenders = tsFiles('src')
      .filter((p) => !/^src\/(venues|generated)\//.test(p))
      .filter((p) => re.test(readFileSync(p, 'utf8')));
    expect(offenders).toEqual([]);
  });
});

/**
 * scripts/ and test/ name no venue either, except where a test is about named venues by value. Per-venue folders are
 * exempt (test/venues/<v>/, test/fakes/<v>/, test/fixtures/<v>/, test/live/<v>.test.ts); every other exception is
 * listed here with its reason, and an exception that no longer names a venue fails (the list only shrinks).
 */
const NAMING_EXCEPTIONS: Record<string, string> = Object.fromEntries(
  (
    [
      // Shared chain fakes hosting named venues' programs/contracts (a Solana validator, a Base node).
      ['fakes', 'test/fakes/base/amm.ts test/fakes/base/index.ts test/fakes/base/scenario.ts test/fakes/base/subgraph.ts'],
      ['fakes', 'test/fakes/solana/encode.ts test/fakes/solana/index.ts test/fakes/solana/scenario.ts'],
      // Cross-venue behaviour asserted by value on named venues' mock datasets and fakes.
      ['by value', 'test/mocks/connector.test.ts test/mocks/datasets.test.ts test/mocks/generator.test.ts test/mocks/parity.test.ts'],
      ['by value', 'test/scout/completeness.test.ts test/scout/gateway.test.ts test/scout/honest.test.ts test/scout/spreads.test.ts'],
      ['by value', 'test/scout/venue-fixes.test.ts test/flow/board-panel.test.ts test/flow/flow.test.ts test/flow/gaps.test.ts'],
      ['by value', 'test/flow/order-flow.test.ts test/crosscheck/crosscheck.test.ts test/core/funding.test.ts test/core/config.test.ts'],
      ['by value', 'test/core/registry.test.ts test/store/history.suite.ts test/fuzz/aster.fuzz.test.ts test/fuzz/venues.fuzz.test.ts'],
      ['by value', 'test/fuzz/graphql-gen.ts test/browser/board.test.ts test/browser/cross-origin.test.ts test/browser/graphiql.test.ts'],
      // Gateway, fault and scale tests that put a named venue's fake (or the reference connector) in its slot.
      ['slots', 'test/gateway/api-errors.test.ts test/gateway/demand-registry.test.ts test/gateway/demand-replicas.test.ts'],
      ['slots', 'test/gateway/demand.test.ts test/gateway/fanout.test.ts test/gateway/freshness.test.ts test/gateway/health-truth.test.ts'],
      [
        'slots',
        'test/gateway/live-mode.test.ts test/gateway/mock-mode.test.ts test/gateway/process.test.ts test/gateway/subscriptions.test.ts',
      ],
      ['slots', 'test/scale/lease-bus.test.ts test/scale/processes.test.ts test/venues/recovery.test.ts'],
      ['slots', 'test/scale/redis-restart.test.ts test/scale/scale-out.test.ts'],
      // The recorder test records two named venues' fakes and asserts their values.
      ['by value', 'test/mocks/recorder.test.ts test/mocks/recorder-two-minutes.test.ts test/mocks/record-rig.ts'],
      ['by value', 'test/scout/top-of-book.test.ts'],
      // Shared oracle/EVM fakes and tests naming the venue whose contracts or feeds they host.
      ['fakes', 'test/fakes/pyth/index.ts test/transports/evm.test.ts'],
    ] as const
  ).flatMap(([why, paths]) => paths.split(' ').map((p) => [p, why])),
);

describe('no venue names in scripts/ and test/ outside the per-venue folders', () => {
  const re = new RegExp(`(^|[^a-z])(${VENUES.join('|')})([^a-z]|$)`, 'i');
  const own = new RegExp(`^test/((venues|fakes|fixtures)/(${VENUES.join('|')})/|live/(${VENUES.join('|')})\\.test\\.ts$)`);
  const naming = ['scripts', 'test'].flatMap(tsFiles).filter((p) => !own.test(p) && re.test(readFileSync(p, 'utf8')));

  it('scripts/ names no venue (the mock generator iterates the registry)', () => {
    expect(naming.filter((p) => p.startsWith('scripts/'))).toEqual([]);
  });

  it('a test file outside the per-venue folders names a venue only if it is a listed exception', () => {
    expect(naming.filter((p) => p.startsWith('test/') && !(p in NAMING_EXCEPTIONS))).toEqual([]);
  });

  it('every listed exception still names a venue (a cleaned file leaves the list)', () => {
    expect(Object.keys(NAMING_EXCEPTIONS).filter((p) => !naming.includes(p))).toEqual([]);
  });
});
