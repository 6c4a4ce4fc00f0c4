import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { encodeText, sendEncoded } from '../../src/gateway/ws/frames.js';

let wss: WebSocketServer | null = null;
afterEach(async () => {
  for (const c of wss?.clients ?? []) c.terminate();
  await new Promise<void>((r) => (wss ? wss.close(() => r()) : r()));
  wss = null;
});

/** A server and one client; resolves with the server side of the connection and what the client receives. */
async function pair(perMessageDeflate = false) {
  wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate });
  await once(wss, 'listening');
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, { perMessageDeflate });
  const [server] = (await once(wss, 'connection')) as [WebSocket];
  await once(client, 'open');
  const got: string[] = [];
  client.on('message', (d, binary) => got.push(`${binary ? 'bin' : 'text'}:${d.toString()}`));
  return { server, got };
}

const until = async (f: () => boolean) => {
  for (let i = 0; i < 400 && !f(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('pre-framed text frames (src/gateway/ws/frames.ts)', () => {
  it('every payload length form (7-bit, 16-bit, 64-bit) arrives intact as one text message, written directly', async () => {
    const { server, got } = await pair();
    const bodies = ['x'.repeat(10), 'é'.repeat(100), 'y'.repeat(125), 'z'.repeat(126), 'a'.repeat(65_535), 'b'.repeat(70_000)];
    const direct = bodies.map((b) => sendEncoded(server, encodeText(b)));
    await until(() => got.length === bodies.length);
    expect(got).toEqual(bodies.map((b) => `text:${b}`));
    expect(direct).toEqual(bodies.map(() => true));
  });

  it('falls back to ws.send when an extension rewrites frames (permessage-deflate), still one text message each', async () => {
    const { server, got } = await pair(true);
    const bodies = ['hello', 'w'.repeat(5000)];
    const direct = bodies.map((b) => sendEncoded(server, encodeText(b)));
    await until(() => got.length === bodies.length);
    expect(got).toEqual(bodies.map((b) => `text:${b}`));
    expect(direct).toEqual([false, false]);
  });
});
