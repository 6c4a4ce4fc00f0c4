/**
 * A TCP pass-through in front of a real service (PostgreSQL, Redis) that a test can cut and restore: `cut()` stops
 * listening and resets every open connection (the service looks gone: new connections are refused); `restore()`
 * listens again on the same port, so clients configured with the proxy's address reconnect on their own.
 */
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';

export interface CuttableProxy {
  readonly port: number;
  /** True between cut() and restore(). */
  readonly isCut: boolean;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function openCuttableProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<CuttableProxy> {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  let isCut = false;
  const listen = async (): Promise<void> => {
    const s = createServer((client) => {
      const upstream = connect(targetPort, targetHost);
      for (const x of [client, upstream]) {
        sockets.add(x);
        x.on('close', () => sockets.delete(x));
        x.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((r) => s.listen(port, '127.0.0.1', r));
    port = (s.address() as AddressInfo).port;
    server = s;
  };
  const stop = async (): Promise<void> => {
    const s = server;
    server = null;
    for (const x of sockets) x.resetAndDestroy();
    sockets.clear();
    if (s) await new Promise<void>((r) => s.close(() => r()));
  };
  await listen();
  return {
    get port() {
      return port;
    },
    get isCut() {
      return isCut;
    },
    async cut() {
      isCut = true;
      await stop();
    },
    async restore() {
      isCut = false;
      await listen();
    },
    close: stop,
  };
}
