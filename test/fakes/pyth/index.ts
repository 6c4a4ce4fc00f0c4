/**
 * A fake Pyth Hermes (docs/venues/synfutures.md §8a, the shared Hermes client src/oracles/pyth.ts): `GET
 * /v2/updates/price/latest?ids[]=…` answering `{binary, parsed[]}` for the prices set in the test (ids without `0x`,
 * integer price strings with an exponent, publish_time in seconds). Faults come from the generic FakeServer.
 */
import type { FakeServer } from '../server.js';
import { startFake } from '../server.js';

export class FakeHermes {
  private readonly prices = new Map<string, { price: string; expo: number; publishTime: number }>();
  /** Mount on `server` under `prefix` (another fake may host it, e.g. the fake Base node at `/hermes`). */
  constructor(
    readonly server: FakeServer,
    readonly prefix = '',
  ) {
    server.route('GET', `${prefix}/v2/updates/price/latest`, (req) => {
      const ids = req.query.getAll('ids[]').map((x) => x.toLowerCase().replace(/^0x/, ''));
      const parsed = ids.flatMap((id) => {
        const p = this.prices.get(id);
        if (!p) return [];
        const price = { price: p.price, conf: '1000000', expo: p.expo, publish_time: p.publishTime };
        return [
          { id, price, ema_price: price, metadata: { slot: 1, proof_available_time: p.publishTime, prev_publish_time: p.publishTime } },
        ];
      });
      return { binary: { encoding: 'hex', data: [] }, parsed };
    });
  }

  static async start(): Promise<FakeHermes> {
    return new FakeHermes(await startFake());
  }

  get url(): string {
    return `${this.server.url}${this.prefix}`;
  }

  /** Set a feed's price (a decimal number, stored as an integer string × 10^-8) published at `publishTimeS`. */
  set(id: string, price: number, publishTimeS = Math.floor(Date.now() / 1000)): this {
    this.prices.set(id.toLowerCase().replace(/^0x/, ''), { price: String(Math.round(price * 1e8)), expo: -8, publishTime: publishTimeS });
    return this;
  }

  close(): Promise<void> {
    return this.server.close();
  }
}
