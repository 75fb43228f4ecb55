import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type Bridge, startBridge } from '../../src/live/bridge-server.ts';

// The bridge against a stand-in for a ZooKeeper server on a loopback port: it echoes bytes back,
// and answers "srvr" as a server would (a four-letter word is a connection of its own).
const ORIGIN = 'http://127.0.0.1:5173';
const TOKEN = 'a'.repeat(48);
let zk: Server;
let bridge: Bridge;

beforeAll(async () => {
  zk = createServer((s) => {
    s.once('data', (first) => {
      if (first.toString() === 'srvr') {
        s.end('Zookeeper version: 3.8.0\nMode: standalone\nZxid: 0x2a\n');
        return;
      }
      s.write(first);
      s.on('data', (b) => s.write(b));
    });
  });
  await new Promise<void>((r) => zk.listen(0, '127.0.0.1', r));
  const port = (zk.address() as { port: number }).port;
  bridge = await startBridge({
    servers: [{ host: '127.0.0.1', port }],
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

const url = (path: string) => `ws://127.0.0.1:${bridge.port}${path}`;

/** Opens a WebSocket; resolves with it once open, or with the HTTP status it was refused with. */
function open(path: string, origin: string | null = ORIGIN): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url(path), origin === null ? {} : { origin });
    ws.on('open', () => resolve(ws));
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(0));
  });
}

describe('the bridge', () => {
  it('relays bytes both ways with the server it names by index', async () => {
    const ws = await open(`/zk?token=${TOKEN}&server=0`);
    expect(ws).toBeInstanceOf(WebSocket);
    const socket = ws as WebSocket;
    const back = new Promise<Buffer>((r) => socket.once('message', (d: Buffer) => r(d)));
    socket.send(Buffer.from([0, 0, 0, 4, 1, 2, 3, 4]));
    expect([...(await back)]).toEqual([0, 0, 0, 4, 1, 2, 3, 4]);
    socket.close();
  });

  it('answers an allowed four-letter word and refuses others', async () => {
    const ws = (await open(`/4lw?token=${TOKEN}&server=0&word=srvr`)) as WebSocket;
    const text = await new Promise<string>((r) => ws.once('message', (d: Buffer) => r(d.toString())));
    expect(text).toContain('Mode: standalone');
    expect(await open(`/4lw?token=${TOKEN}&server=0&word=kill`)).toBe(400);
  });

  it('refuses a wrong or missing token, another origin, no origin, and a server it was not given', async () => {
    expect(await open(`/zk?token=${'b'.repeat(48)}&server=0`)).toBe(401);
    expect(await open('/zk?server=0')).toBe(401);
    expect(await open(`/zk?token=${TOKEN}&server=0`, 'http://evil.example')).toBe(403);
    expect(await open(`/zk?token=${TOKEN}&server=0`, null)).toBe(403);
    expect(await open(`/zk?token=${TOKEN}&server=1`)).toBe(400);
    expect(await open(`/zk?token=${TOKEN}&server=127.0.0.1:22`)).toBe(400);
  });

  it('tells the page how many servers it relays to, with the token only', async () => {
    const ok = await fetch(`http://127.0.0.1:${bridge.port}/info?token=${TOKEN}`, {
      headers: { origin: ORIGIN },
    });
    expect(await ok.json()).toMatchObject({ servers: 1 });
    expect(ok.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const no = await fetch(`http://127.0.0.1:${bridge.port}/info`);
    expect(no.status).toBe(401);
    // The page can read a refusal's status (CORS), to say "wrong token" rather than "no bridge";
    // the refusal says nothing else.
    const wrong = await fetch(`http://127.0.0.1:${bridge.port}/info?token=x`, {
      headers: { origin: ORIGIN },
    });
    expect([wrong.status, wrong.headers.get('access-control-allow-origin')]).toEqual([401, ORIGIN]);
    expect(await wrong.text()).toBe('wrong or missing token');
  });
});
