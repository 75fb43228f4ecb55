import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type Bridge, startBridge } from '../../src/live/bridge-server.ts';
import { parseLiveHash, parseSrvr, probeBridge, serverStatuses } from '../../src/live/live-link.ts';
import type { SocketLike } from '../../src/live/ws-transport.ts';

// The page's start of a live run against the bridge: server 1 a stand-in answering srvr as a
// 3.8 leader, server 2 a port nobody listens on (a server that is down).
const ORIGIN = 'http://127.0.0.1:5173';
const TOKEN = 'c'.repeat(48);
let zk: Server;
let bridge: Bridge;

beforeAll(async () => {
  zk = createServer((s) =>
    s.once('data', () => s.end('Zookeeper version: 3.8.0\nZxid: 0x300000007\nMode: leader\n')),
  );
  await new Promise<void>((r) => zk.listen(0, '127.0.0.1', r));
  const port = (zk.address() as { port: number }).port;
  bridge = await startBridge({
    servers: [
      { host: '127.0.0.1', port },
      { host: '127.0.0.1', port: 1 },
    ],
    token: TOKEN,
    origins: [ORIGIN],
    host: '127.0.0.1',
    port: 0,
  });
});

afterAll(async () => {
  await bridge.close();
  await new Promise((r) => zk.close(r));
});

const open = (u: string) => new WebSocket(u, { origin: ORIGIN }) as unknown as SocketLike;

describe('starting a live run from the page', () => {
  it('reads the link from the hash, beside other parameters', () => {
    expect(parseLiveHash(`#example=lock&live=ws://127.0.0.1:8765/&token=${TOKEN}`)).toEqual({
      bridge: 'ws://127.0.0.1:8765',
      token: TOKEN,
    });
    expect(parseLiveHash('#live=http://x&token=t')).toBeNull();
    expect(parseLiveHash('#live=ws://x')).toBeNull();
  });

  it('probes the bridge, with a message for each way it fails', async () => {
    const link = { bridge: `ws://127.0.0.1:${bridge.port}`, token: TOKEN };
    expect(await probeBridge(link)).toEqual({ ok: true, servers: 2 });
    const wrong = await probeBridge({ ...link, token: 'x' });
    expect(wrong).toMatchObject({ ok: false, message: expect.stringContaining('refused the token') });
    const none = await probeBridge({ bridge: 'ws://127.0.0.1:1', token: TOKEN });
    expect(none).toMatchObject({ ok: false, message: expect.stringContaining('No bridge answers') });
  });

  it("shows each server's mode, epoch and zxid, and a server that is down", async () => {
    const link = { bridge: `ws://127.0.0.1:${bridge.port}`, token: TOKEN };
    expect(await serverStatuses(link, 2, open)).toEqual([
      { server: 1, mode: 'leader', zxid: 0x300000007, epoch: 3 },
      { server: 2, mode: null, zxid: null, epoch: null, problem: 'down' },
    ]);
    expect(parseSrvr(1, 'This ZooKeeper instance is not currently serving requests\n')).toMatchObject({
      problem: 'not serving',
    });
  });
});
