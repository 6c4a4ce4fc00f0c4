import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redactedConfig } from '../../src/config/index.js';

describe('config', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(4000);
    expect(c.PERP_CONNECTOR_MODE).toBe('auto');
    expect(c.PERP_CONNECTOR_LIVE_TTL_MS).toBe(60_000);
    expect(c.PERP_CONNECTOR_MOCK_TTL_MS).toBe(10_000);
    expect(c.PERP_VENUES).toEqual(['aster', 'avantis', 'jupiter', 'synfutures', 'hyperliquid']);
    expect(c.ASTER_REST_URL).toBe('https://fapi.asterdex.com');
    expect(c.ASTER_RATE_LIMIT_PER_MIN).toBe(60);
    expect(c.SYNFUTURES_CHAIN_ID).toBe(8453);
  });

  it('lists every problem in one message and never echoes a secret', () => {
    let err: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        PERP_CONNECTOR_MODE: 'turbo',
        PERP_VENUES: 'aster,binance',
        ASTER_REST_URL: 'not a url',
        SYNFUTURES_GATE_ADDRESS: '0x12',
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const e = err as ConfigError;
    expect(e.problems).toHaveLength(5);
    expect(e.message).toContain('PORT: expected an integer from 0 to 65535, got "eighty"');
    expect(e.message).toContain('PERP_CONNECTOR_MODE: expected auto, live or mock');
    expect(e.message).toContain('unknown venue(s) binance');
    expect(e.message).toContain('ASTER_REST_URL');
    expect(e.message).toContain('SYNFUTURES_GATE_ADDRESS');
  });

  it('redacts secrets', () => {
    const c = loadConfig({ ASTER_API_KEY: 'k-123', ASTER_SECRET_KEY: 's-456' });
    const r = JSON.stringify(redactedConfig(c));
    expect(r).not.toContain('k-123');
    expect(r).not.toContain('s-456');
    expect(r).toContain('"ASTER_API_KEY":"***"');
  });
});
