/** The app's one demand registry: ref-counted holds, TTL touches, remote demand, replay into a new connector. */
import { describe, expect, it } from 'vitest';
import { DemandRegistry } from '../../src/app/demand.js';
import { parseMarketId } from '../../src/core/symbols.js';

function setup() {
  let t = 1_000;
  const reg = new DemandRegistry({
    now: () => t,
    ttlMs: 1000,
    venueOf: (id) => parseMarketId(id)?.venue ?? null,
    self: 'me',
    holdTtlMs: 600,
  });
  const calls: string[] = [];
  const target = (tag: string) => ({
    watch: (id: string) => calls.push(`${tag}+${id}`),
    unwatch: (id: string) => calls.push(`${tag}-${id}`),
  });
  return { reg, calls, target, advance: (ms: number) => (t += ms) };
}

const ETH = 'aster:ETH-USD-PERP';
const SOL = 'aster:SOL-USD-PERP';

describe('DemandRegistry', () => {
  it('holds are ref-counted: the connector unwatches only when the last holder releases', () => {
    const { reg, calls, target } = setup();
    reg.attach('aster', target('c1'));
    const r1 = reg.hold(ETH);
    const r2 = reg.hold(ETH);
    r1();
    r1(); // idempotent
    expect(calls).toEqual([`c1+${ETH}`]);
    r2();
    expect(calls).toEqual([`c1+${ETH}`, `c1-${ETH}`]);
    expect(reg.demanded()).toEqual([]);
  });

  it('query demand lasts the TTL after the last ask, then the sweep unwatches', () => {
    const { reg, calls, target, advance } = setup();
    reg.attach('aster', target('c1'));
    reg.touch(SOL);
    advance(600);
    reg.touch(SOL); // extends to 1600 from here
    advance(900);
    reg.sweep();
    expect(reg.demanded('aster')).toEqual([SOL]);
    advance(200);
    reg.sweep();
    expect(calls).toEqual([`c1+${SOL}`, `c1-${SOL}`]);
  });

  it('replays every current demand into a connector attached later (restart, lease hand-over)', () => {
    const { reg, calls, target } = setup();
    reg.hold(ETH);
    reg.touch(SOL);
    reg.applyRemote({ from: 'other', entries: [{ market: 'aster:BTC-USD-PERP', ttlMs: 500 }] });
    reg.attach('aster', target('c1'));
    reg.detach('aster');
    reg.attach('aster', target('c2'));
    expect(calls.filter((c) => c.startsWith('c2')).sort()).toEqual([`c2+aster:BTC-USD-PERP`, `c2+${ETH}`, `c2+${SOL}`]);
  });

  it('remote demand expires unless refreshed; a process ignores its own announcements', () => {
    const { reg, advance } = setup();
    reg.applyRemote({ from: 'me', entries: [{ market: ETH, ttlMs: 500 }] });
    expect(reg.demanded()).toEqual([]);
    reg.applyRemote({ from: 'other', entries: [{ market: ETH, ttlMs: 500 }] });
    advance(400);
    reg.applyRemote({ from: 'other', entries: [{ market: ETH, ttlMs: 500 }] });
    advance(400);
    expect(reg.demanded()).toEqual([ETH]);
    advance(200);
    reg.sweep();
    expect(reg.demanded()).toEqual([]);
  });

  it('announces holds with the hold lifetime and touches with what is left of their TTL', () => {
    const { reg, advance } = setup();
    const news: string[][] = [];
    reg.onNewLocal = (m) => news.push(m);
    reg.hold(ETH);
    reg.touch(SOL);
    advance(300);
    reg.touch(SOL); // not new: no second announcement
    expect(news).toEqual([[ETH], [SOL]]);
    expect(reg.localEntries()).toEqual([
      { market: ETH, ttlMs: 600 },
      { market: SOL, ttlMs: 1000 },
    ]);
  });
});
