/**
 * A TCP pass-through in front of a fake venue, one per process under test: the venue stays ONE fake server (one
 * request log, one rate window), while each process's connections (REST and WebSocket alike) are counted at its
 * own door, so a test can tell which process opened any connection to the venue, and when.
 */
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';

export interface Door {
  readonly port: number;
  /** Times (ms) of every connection accepted. */
  readonly connections: number[];
  close(): Promise<void>;
}

export async function openDoor(targetPort: number): Promise<Door> {
  const sockets = new Set<Socket>();
  const connections: number[] = [];
  const server: Server = createServer((client) => {
    connections.push(Date.now());
    const upstream = connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    connections,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
