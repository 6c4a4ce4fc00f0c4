/** Solana pub/sub frames and subscription bookkeeping, and the cross-check arithmetic (docs/venues/jupiter.md §3.1, §9). */
import { describe, expect, it } from 'vitest';
import { borrowCrossCheck, priceBand } from '../../../src/venues/jupiter/checks.js';
import type { Custody } from '../../../src/venues/jupiter/layout.js';
import { AccountSubscriptions, parsePubsub } from '../../../src/venues/jupiter/protocol.js';

describe('pub/sub frames', () => {
  it('parses an ack, a notification (payload left encoded), a closed account, errors and garbage', () => {
    expect(parsePubsub('{"jsonrpc":"2.0","result":23784,"id":3}')).toEqual({ kind: 'ack', id: 3, subscription: 23784 });
    const n = parsePubsub(
      JSON.stringify({
        jsonrpc: '2.0',
        method: 'accountNotification',
        params: {
          subscription: 23784,
          result: { context: { slot: 5199307 }, value: { data: ['AAEC', 'base64'], owner: 'Own', lamports: 1 } },
        },
      }),
    );
    expect(n).toEqual({ kind: 'notification', subscription: 23784, slot: 5199307, data: 'AAEC', owner: 'Own' });
    expect(
      parsePubsub(
        '{"jsonrpc":"2.0","method":"accountNotification","params":{"subscription":1,"result":{"context":{"slot":9},"value":null}}}',
      ),
    ).toEqual({ kind: 'notification', subscription: 1, slot: 9, data: null, owner: null });
    expect(parsePubsub('{"jsonrpc":"2.0","id":4,"error":{"code":-32602,"message":"Invalid param"}}')).toEqual({
      kind: 'error',
      id: 4,
      message: 'Invalid param',
    });
    expect(parsePubsub('{nope').kind).toBe('malformed');
    expect(parsePubsub('{"jsonrpc":"2.0","method":"accountNotification","params":{"subscription":1,"result":{}}}').kind).toBe('malformed');
    expect(
      parsePubsub(
        '{"jsonrpc":"2.0","method":"accountNotification","params":{"subscription":1,"result":{"context":{"slot":9},"value":{"data":"x"}}}}',
      ),
    ).toEqual({ kind: 'malformed', reason: 'account data is not ["<b64>","base64"]' });
  });

  it('subscribes each key once per socket and maps acks to accounts; reset forgets them', () => {
    const s = new AccountSubscriptions();
    const sent: string[] = [];
    s.ensure(['A', 'B'], (f) => sent.push(f));
    s.ensure(['A', 'B', 'C'], (f) => sent.push(f));
    expect(sent.map((f) => (JSON.parse(f) as { params: [string, unknown] }).params[0])).toEqual(['A', 'B', 'C']);
    expect(JSON.parse(sent[0]!)).toEqual({
      jsonrpc: '2.0',
      id: 1,
      method: 'accountSubscribe',
      params: ['A', { encoding: 'base64', commitment: 'confirmed' }],
    });
    s.ack(2, 77);
    expect(s.keyOf(77)).toBe('B');
    expect(s.keyOf(1)).toBeUndefined();
    s.reset();
    expect(s.keyOf(77)).toBeUndefined();
    s.ensure(['A'], (f) => sent.push(f));
    expect(sent).toHaveLength(4);
  });
});

describe('cross-checks', () => {
  // util 56 % on the docs curve → 51 369e-9 per hour = 0.0051369 %/h
  const c = {
    owned: 100n,
    locked: 56n,
    debt: 0n,
    borrowLendInterestsAccured: 0n,
    hourlyFundingDbps: 0n,
    minRateBps: 1_000n,
    targetRateBps: 6_000n,
    maxRateBps: 23_000n,
    targetUtilizationRate: 800_000_000n,
  } as Custody;
  it('accepts pool-info values within their 4-dp rounding and names the others', () => {
    const ok = borrowCrossCheck([{ id: 'x', long: c, short: null, info: { longPctPerHour: 0.0051, shortPctPerHour: 9 } }]);
    expect(ok.notes).toEqual([]);
    expect(ok.worstPct).toBeCloseTo(0.0000369, 12);
    const bad = borrowCrossCheck([{ id: 'x', long: c, short: c, info: { longPctPerHour: 0.0052, shortPctPerHour: 0.0051 } }]);
    expect(bad.notes).toEqual(['x long: on-chain 0.005137 %/h vs pool-info 0.0052 %/h']);
  });
  it('price band in bps of spot', () => {
    const r = priceBand(
      [
        { id: 'a', mark: 100, spot: 100.5 },
        { id: 'b', mark: 101, spot: 100 },
      ],
      60,
    );
    expect(r.notes).toEqual(['b: oracle 101 vs spot 100 (100.0 bps)']);
    expect(r.worstBps).toBeCloseTo(100, 9);
  });
});
