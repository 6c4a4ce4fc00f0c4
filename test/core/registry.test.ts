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
