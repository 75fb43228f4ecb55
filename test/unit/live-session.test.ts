// LiveSession, the page's RunControl in Live mode, against stand-ins for the bridge: what it says
// when the bridge refuses or ZooKeeper is down, the frame it gives the views, and script edits
// kept for the next run. (Against a real ZooKeeper: test/e2e/live-mode.e2e.ts.)
import { describe, expect, it } from 'vitest';
import type { Frame } from '../../src/conductor/run-control.ts';
import { LiveSession, type LiveState } from '../../src/live/live-session.ts';
import type { SocketFactory, SocketLike } from '../../src/live/ws-transport.ts';
import { validateScenario } from '../../src/scenario/validate.ts';

const LINK = { bridge: 'ws://127.0.0.1:8765', token: 't' };

const scenario = (() => {
  const v = validateScenario({
    version: 1,
    seed: 1,
    duration: 3000,
    servers: { count: 3 },
    clients: [{ name: 'c1', connect: [1, 2, 3], script: 'print(1)' }],
    faults: [{ at: 100, action: 'crash', target: 'zk1' }],
  });
  if (!v.ok) throw new Error('bad scenario');
  return v.scenario;
})();

/** A bridge whose /4lw answers `answer(server, word)` and closes. */
function fourLetters(answer: (server: number, word: string) => string): SocketFactory {
  return (url) => {
    const u = new URL(url.replace(/^ws/, 'http'));
    const ws: SocketLike = {
      binaryType: 'arraybuffer',
      readyState: 1,
      onopen: null,
      onmessage: null,
      onclose: null,
      onerror: null,
      send() {},
      close() {},
    };
    setTimeout(() => {
      const text = answer(Number(u.searchParams.get('server')), u.searchParams.get('word') ?? '');
      if (text !== '') ws.onmessage?.({ data: text });
      ws.onclose?.({});
    }, 1);
    return ws;
  };
}

const info = (status: number, body: unknown) =>
  (async () => new Response(JSON.stringify(body), { status })) as unknown as typeof fetch;

function settled(s: LiveSession, done: (st: LiveState) => boolean): Promise<LiveState> {
  return new Promise((resolve) => {
    const stop = s.onState((st) => {
      if (done(st)) {
        queueMicrotask(() => stop());
        resolve(st);
      }
    });
  });
}

const noLua = async () => null;

describe('LiveSession', () => {
  it('says the bridge refused the token, and cannot play', async () => {
    const s = new LiveSession(LINK, scenario, {
      open: fourLetters(() => ''),
      fetch: info(401, {}),
      lua: noLua,
    });
    const st = await settled(s, (x) => x.phase === 'failed');
    expect(st.problem).toMatch(/refused the token/);
    s.play(1);
    expect(s.state.phase).toBe('failed');
    s.dispose();
  });

  it('says ZooKeeper is down when no server answers srvr, and draws them down', async () => {
    const s = new LiveSession(LINK, scenario, {
      open: fourLetters(() => ''),
      fetch: info(200, { servers: 2 }),
      lua: noLua,
    });
    const st = await settled(s, (x) => x.problem !== null);
    expect(st.problem).toBe(
      'The bridge answers, but none of its 2 ZooKeeper servers does (zk1: down, zk2: down): is ZooKeeper running?',
    );
    let frame: Frame | null = null;
    s.subscribe((f) => (frame = f));
    expect(frame!.view.servers.map((x) => [x.node, x.up])).toEqual([
      ['zk1', false],
      ['zk2', false],
    ]);
    s.dispose();
  });

  it('shows srvr’s mode and zxid, lists what it adapted, and keeps a script edit for the next run', async () => {
    const srvr = (server: number) =>
      `Zookeeper version: 3.8.0\nZxid: 0x50000000${server + 3}\nMode: ${server === 0 ? 'leader' : 'follower'}\n`;
    const s = new LiveSession(LINK, scenario, {
      open: fourLetters((server, word) =>
        word === 'srvr' ? srvr(server) : `${word} is not executed because it is not in the whitelist.`,
      ),
      fetch: info(200, { servers: 2 }),
      lua: noLua,
      // The tree reader's connection gets no session from this stand-in: the read fails and says so.
    });
    const st = await settled(s, (x) => x.problem !== null);
    expect(st.problem).toBe('Reading the tree failed: server 1 closed the connection');
    expect(st.phase).toBe('ready');
    expect(st.refused).toEqual([
      'cons (not in 4lw.commands.whitelist)',
      'wchc (not in 4lw.commands.whitelist)',
    ]);
    expect(st.notes).toEqual([
      'c1 connects to zk1, zk2 (the scenario names zk1, zk2, zk3; the bridge relays to 2 servers)',
      'not run: crash zk1 at 100 ms (it needs control of the servers or the network)',
    ]);
    let frame: Frame | null = null;
    s.subscribe((f) => (frame = f));
    expect(frame!.view.servers.map((x) => [x.node, x.role, x.lastZxid, x.currentEpoch])).toEqual([
      ['zk1', 'LEADING', '0x500000003', 5],
      ['zk2', 'FOLLOWING', '0x500000004', 5],
    ]);
    expect(frame!.status).toBe('paused');
    await s.editScript('c1', 'print(2)');
    expect(frame!.scenario.clients[0]!.script).toBe('print(2)');
    s.dispose();
  });
});
