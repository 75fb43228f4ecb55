// Live mode's view state (issue #14 item 3): the four-letter words' text as a 3.8 server writes it,
// the WorldView the page's views draw from it, and the scenario adapted to the bridge's servers.
import { describe, expect, it } from 'vitest';
import { parseCons, parseWchc, refusedWord } from '../../src/live/four-letter-text.ts';
import type { ServerStatus } from '../../src/live/live-link.ts';
import { forBridge } from '../../src/live/live-scenario.ts';
import { liveWorldView, type ServerRead } from '../../src/live/live-world.ts';
import { validateScenario } from '../../src/scenario/validate.ts';
import type { Scenario } from '../../src/sim/scenario-types.ts';
import type { TraceEvent } from '../../src/sim/trace/event.ts';
import type { ClientView } from '../../src/sim/view/types.ts';
import { znodeView } from '../support/znode-view.ts';

// Taken from ZooKeeper 3.8.0 (Debian) during a run of examples/lessons/lock.json: the reader's
// session (to=30000), four clients, and a four-letter word's own connection (no session).
const CONS = [
  ' /127.0.0.1:50336[1](queued=0,recved=130,sent=130,sid=0x1000140cd100000,lop=GETA,est=1796635023223,to=30000,lcxid=0x81,lzxid=0xc,lresp=21029747,llat=1,minlat=0,avglat=1,maxlat=25)',
  ' /127.0.0.1:50500[1](queued=0,recved=6,sent=7,sid=0x1000140cd100002,lop=PING,est=1796635026098,to=4000,lcxid=0x4,lzxid=0xc,lresp=21030047,llat=0,minlat=0,avglat=0,maxlat=2)',
  ' /127.0.0.1:50520[1](queued=0,recved=4,sent=4,sid=0x1000140cd100004,lop=EXIS,est=1796635026493,to=4000,lcxid=0x3,lzxid=0xb,lresp=21029112,llat=0,minlat=0,avglat=0,maxlat=1)',
  ' /127.0.0.1:50562[0](queued=0,recved=1,sent=0)',
  '',
  '',
].join('\n');
const WCHC = [
  '0x1000140cd100002',
  '0x1000140cd100004',
  '\t/lock/406cffdc15f75cb7__lock__0000000002',
  '0x1000140cd100003',
  '\t/lock/044109582a11a5eb__lock__0000000001',
  '',
].join('\n');

describe('four-letter words', () => {
  it('cons: each connection, its session and negotiated timeout; none for a connection without one', () => {
    expect(parseCons(CONS)).toEqual([
      { remote: '/127.0.0.1:50336', session: '0x1000140cd100000', timeout: 30000 },
      { remote: '/127.0.0.1:50500', session: '0x1000140cd100002', timeout: 4000 },
      { remote: '/127.0.0.1:50520', session: '0x1000140cd100004', timeout: 4000 },
      { remote: '/127.0.0.1:50562', session: null, timeout: null },
    ]);
  });

  it('wchc: each session’s watched paths; a session listed again has moved on to the child table', () => {
    expect(parseWchc(WCHC)).toEqual([
      { session: '0x1000140cd100004', path: '/lock/406cffdc15f75cb7__lock__0000000002', table: null },
      { session: '0x1000140cd100003', path: '/lock/044109582a11a5eb__lock__0000000001', table: null },
    ]);
    const both = '0xa\n\t/x\n0xb\n\t/y\n0xa\n\t/z\n0xc\n\t/w\n';
    expect(parseWchc(both).map((w) => [w.session, w.path, w.table])).toEqual([
      ['0xa', '/x', null],
      ['0xb', '/y', null],
      ['0xa', '/z', 'child'],
      ['0xc', '/w', 'child'],
    ]);
  });

  it('says when a server refuses a word', () => {
    expect(refusedWord('wchc is not executed because it is not in the whitelist.\n')).toBe(
      'not in 4lw.commands.whitelist',
    );
    expect(refusedWord('This ZooKeeper instance is not currently serving requests\n')).toBe('not serving');
    expect(refusedWord(CONS)).toBeNull();
  });
});

const status = (server: number, mode: string | null, zxid: number | null): ServerStatus => ({
  server,
  mode,
  zxid,
  epoch: zxid === null ? null : Math.floor(zxid / 2 ** 32),
  ...(mode === null ? { problem: 'down' } : {}),
});

const client = (node: string, session: string | null): ClientView => ({
  node,
  up: true,
  paused: false,
  started: true,
  session,
  state: session === null ? 'CONNECTING' : 'CONNECTED',
  server: session === null ? null : 'zk2',
  waitingOn: null,
  line: null,
  script: 'running',
  error: null,
});

describe('the live WorldView', () => {
  const reads: ServerRead[] = [
    { status: status(1, 'follower', 0x300000007), cons: [], wchc: [] },
    {
      status: status(2, 'leader', 0x300000009),
      cons: parseCons(CONS),
      wchc: [
        ...parseWchc(WCHC),
        { session: '0x1000140cd100000', path: '/zookeeper', table: null },
        { session: '0x1000140cd100002', path: '/members', table: null },
      ],
    },
    { status: status(3, null, null), cons: null, wchc: null },
  ];
  const events: TraceEvent[] = [
    { t: 5, kind: 'client.request', client: 'c2', op: 'children', path: '/members', xid: 3 },
  ];
  const view = liveWorldView({
    t: 1234,
    servers: reads,
    tree: { server: 2, znodes: [znodeView('/'), znodeView('/lock')] },
    clients: [client('c2', '0x1000140cd100002'), client('c4', '0x1000140cd100004')],
    readerSession: '0x1000140cd100000',
    events,
  });

  it('gives each server srvr’s mode as a role, its zxid and the epoch in the zxid’s high bits', () => {
    expect(view.servers.map((s) => [s.node, s.up, s.role, s.lastZxid, s.currentEpoch, s.leader])).toEqual([
      ['zk1', true, 'FOLLOWING', '0x300000007', 3, 2],
      ['zk2', true, 'LEADING', '0x300000009', 3, 2],
      ['zk3', false, null, '0x0', 0, null],
    ]);
    expect(view.servers.every((s) => s.vote === null && s.logTail.length === 0)).toBe(true);
  });

  it('the sessions cons lists (not the reader’s own), the run’s clients by session', () => {
    const zk2 = view.servers[1]!;
    expect(zk2.sessions).toEqual([
      { session: '0x1000140cd100002', timeout: 4000 },
      { session: '0x1000140cd100004', timeout: 4000 },
    ]);
    expect(zk2.clients).toEqual([
      { client: 'c2', session: '0x1000140cd100002' },
      { client: 'c4', session: '0x1000140cd100004' },
    ]);
  });

  it('watches from wchc, a child watch where the client read the children', () => {
    expect(view.servers[1]!.watches).toEqual([
      { path: '/lock/406cffdc15f75cb7__lock__0000000002', session: '0x1000140cd100004', kind: 'data' },
      { path: '/lock/044109582a11a5eb__lock__0000000001', session: '0x1000140cd100003', kind: 'data' },
      { path: '/members', session: '0x1000140cd100002', kind: 'child' },
    ]);
  });

  it('the tree on the server it was read from, and the clients as the run draws them', () => {
    expect(view.servers.map((s) => s.tree.length)).toEqual([0, 2, 0]);
    expect(view.clients.map((c) => c.node)).toEqual(['c2', 'c4']);
    expect(view.t).toBe(1234);
  });
});

describe('a scenario for the bridge', () => {
  const lock = (() => {
    const v = validateScenario({
      version: 1,
      seed: 1,
      duration: 5000,
      servers: { count: 3 },
      clients: [
        { name: 'c1', connect: [1, 2, 3], script: 'zk.sleep(1)' },
        { name: 'c2', connect: [3], script: 'zk.sleep(1)' },
      ],
      faults: [
        { at: 1000, action: 'crash', target: 'zk1' },
        { at: 2000, action: 'expire', target: 'c1' },
      ],
    });
    if (!v.ok) throw new Error(JSON.stringify(v.errors));
    return v.scenario;
  })();

  it('connects clients to the servers the bridge has, and keeps only the faults a live run can apply', () => {
    const { scenario, notes } = forBridge(lock, 1);
    expect(scenario.clients.map((c) => [c.name, c.connect])).toEqual([
      ['c1', [1]],
      ['c2', [1]],
    ]);
    expect(scenario.faults.map((f) => f.action)).toEqual(['expire']);
    expect(notes).toEqual([
      'c1 connects to zk1 (the scenario names zk1, zk2, zk3; the bridge relays to 1 server)',
      'c2 connects to zk1 (the scenario names zk3; the bridge relays to 1 server)',
      'not run: crash zk1 at 1000 ms (it needs control of the servers or the network)',
    ]);
  });

  it('changes nothing the bridge can run as it stands', () => {
    const noFaults: Scenario = { ...lock, faults: [] };
    expect(forBridge(noFaults, 3)).toEqual({ scenario: noFaults, notes: [] });
  });
});
