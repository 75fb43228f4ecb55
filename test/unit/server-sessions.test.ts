import { describe, expect, it } from 'vitest';
import { ofKind, replies, seenBy, simulate } from '../support/run.ts';

const oneClient = (program: unknown[], extra: Record<string, unknown> = {}) => ({
  clients: [{ name: 'c', program, ...extra }],
});

describe('sessions on a standalone server', () => {
  it('negotiates the timeout into [2·tickTime, 20·tickTime] as the real server did', () => {
    const table: [number, number][] = [
      [1, 4000],
      [2000, 4000],
      [3999, 4000],
      [4000, 4000],
      [10000, 10000],
      [40000, 40000],
      [40001, 40000],
      [600000, 40000],
    ];
    for (const [requested, granted] of table) {
      const { events } = simulate(oneClient([], { sessionTimeout: requested }));
      expect(ofKind(events, 'client.session', 'c')[0]?.timeout).toBe(granted);
    }
  });

  it('makes createSession and closeSession txns, each with its own zxid', () => {
    const { events } = simulate(oneClient([{ op: 'create', path: '/a' }, { op: 'close' }]));
    const commits = ofKind(events, 'txn.commit').map((e) => `${e.zxid} ${e.type}`);
    expect(commits).toEqual(['0x1 createSession', '0x2 create2', '0x3 closeSession']);
    expect(ofKind(events, 'client.session', 'c').map((e) => e.state)).toEqual(['SyncConnected', 'Closed']);
  });

  it('gives session ids whose top byte is the creating server id', () => {
    const { events } = simulate(oneClient([]));
    expect(ofKind(events, 'client.session', 'c')[0]?.session).toBe(0x0100000000000000n);
  });

  it('gives new session ids after a restart that never repeat the ones handed out before the crash', () => {
    const { events } = simulate({
      clients: [
        { name: 'before', sessionTimeout: 20000, program: [] },
        { name: 'after', start: 3000, program: [] },
      ],
      faults: [
        { at: 1000, action: 'crash', target: 'zk1' },
        { at: 2000, action: 'restart', target: 'zk1' },
      ],
    });
    const ids = ofKind(events, 'client.session').map((e) => e.session);
    expect(ids[0]).toBe(0x0100000000000000n);
    const after = ofKind(events, 'client.session', 'after')[0]!.session as bigint;
    expect(after).not.toBe(ids[0]);
    expect(after >> 56n).toBe(1n);
  });

  it('expires a crashed client after its timeout, deleting its ephemerals and firing watches', () => {
    const { events } = simulate({
      servers: { count: 1, tickTime: 2000 },
      clients: [
        {
          name: 'holder',
          sessionTimeout: 6000,
          program: [{ op: 'create', path: '/e', mode: 'ephemeral' }],
        },
        { name: 'watcher', start: 500, program: [{ op: 'exists', path: '/e', watch: true }] },
      ],
      faults: [{ at: 3000, action: 'crash', target: 'holder' }],
    });
    const lastTouch = Math.max(
      ...events
        .filter((e) => e.kind === 'net.send' && e.from === 'holder' && e.t <= 3000)
        .map((e) => e.at as number),
    );
    const expire = ofKind(events, 'server.session').find((e) => e.op === 'expire')!;
    // ExpiryQueue rounds the deadline up to the next tick and checks once per tick.
    expect(expire.t).toBeGreaterThanOrEqual(lastTouch + 6000);
    expect(expire.t).toBeLessThanOrEqual(lastTouch + 6000 + 2000);
    const deleted = ofKind(events, 'client.event', 'watcher').find((e) => e.type === 'NodeDeleted');
    expect(deleted?.path).toBe('/e');
    expect(deleted!.t).toBeGreaterThan(expire.t);
    expect(ofKind(events, 'txn.commit').filter((e) => e.type === 'closeSession')).toHaveLength(1);
  });

  it('removes all of a closing session’s ephemerals in one txn, with one child event for the parent', () => {
    const { events, sim } = simulate({
      clients: [
        {
          name: 'owner',
          program: [
            { op: 'create', path: '/p' },
            { op: 'create', path: '/p/e1', mode: 'ephemeral' },
            { op: 'create', path: '/p/e2', mode: 'ephemeral' },
            { op: 'create', path: '/p/e3', mode: 'ephemeral' },
            { op: 'sleep', ms: 2000 },
            { op: 'close' },
          ],
        },
        {
          name: 'watcher',
          start: 1000,
          program: [
            { op: 'children', path: '/p', watch: true },
            { op: 'exists', path: '/p/e1', watch: true },
            { op: 'exists', path: '/p/e3', watch: true },
          ],
        },
      ],
    });
    const close = ofKind(events, 'txn.commit').find((e) => e.type === 'closeSession')!;
    const seen = ofKind(events, 'client.event', 'watcher').filter((e) => e.type !== 'None');
    expect(seen.map((e) => `${e.type} ${e.path}`).sort()).toEqual(
      ['NodeChildrenChanged /p', 'NodeDeleted /p/e1', 'NodeDeleted /p/e3'].sort(),
    );
    const server = sim.world.node('zk1') as import('../../src/sim/server/server.ts').ZooKeeperServer;
    const p = server.database.peek('/p')!;
    expect(p.children).toEqual([]);
    expect('0x' + p.stat.pzxid.toString(16)).toBe(close.zxid);
    // 3 creates + 3 deletes.
    expect(p.stat.cversion).toBe(6);
  });

  it('delivers the event for a client’s own write before the reply to that write', () => {
    const { events } = simulate(
      oneClient([
        { op: 'create', path: '/x', data: 'a' },
        { op: 'get', path: '/x', watch: true },
        { op: 'set', path: '/x', data: 'b' },
        { op: 'exists', path: '/x', watch: true },
        { op: 'delete', path: '/x' },
      ]),
    );
    expect(seenBy(events, 'c').filter((s) => !s.startsWith('event None'))).toEqual([
      'reply create /x ok',
      'reply get /x ok',
      'event NodeDataChanged /x',
      'reply set /x ok',
      'reply exists /x ok',
      'event NodeDeleted /x',
      'reply delete /x ok',
    ]);
  });

  it('answers exists on a missing node with a null stat and still sets the watch', () => {
    const { events } = simulate({
      clients: [
        { name: 'w', program: [{ op: 'exists', path: '/later', watch: true }] },
        { name: 'm', start: 100, program: [{ op: 'create', path: '/later' }] },
      ],
    });
    const r = replies(events, 'w')[0]!;
    expect(r.ok).toBe(true);
    expect(r.result).toEqual({ stat: null });
    expect(seenBy(events, 'w')).toContain('event NodeCreated /later');
    // The read took no zxid: createSession ×2 and one create2.
    expect(ofKind(events, 'txn.commit').map((e) => e.type)).toEqual([
      'createSession',
      'createSession',
      'create2',
    ]);
  });

  it('reports a failed multi as its failing error, with every sub-op result, and applies nothing', () => {
    const { events } = simulate(
      oneClient([
        { op: 'create', path: '/m' },
        {
          op: 'multi',
          ops: [
            { op: 'create', path: '/m/a' },
            { op: 'check', path: '/m', version: 7 },
            { op: 'delete', path: '/m' },
          ],
        },
        { op: 'exists', path: '/m/a' },
      ]),
    );
    const [, multi, exists] = replies(events, 'c');
    expect(multi).toMatchObject({ ok: false, err: 'BadVersion', path: '/m/a' });
    expect((multi!.result as { results: unknown[] }).results).toEqual([
      { op: 'error', err: 'RolledBack' },
      { op: 'error', err: 'BadVersion' },
      { op: 'error', err: 'RuntimeInconsistency' },
    ]);
    expect(exists!.result).toEqual({ stat: null });
    // The failed multi still took a zxid, as an error txn of type multi.
    expect(ofKind(events, 'txn.commit').map((e) => e.type)).toEqual(['createSession', 'create2', 'multi']);
  });

  it('fails the request in flight with ConnectionLoss when the server crashes, then reconnects with the same session after a restart', () => {
    const { events } = simulate({
      clients: [
        {
          name: 'c',
          sessionTimeout: 20000,
          program: [
            { op: 'create', path: '/kept', data: 'v' },
            { op: 'sleep', ms: 1000 },
            { op: 'get', path: '/kept' },
            { op: 'get', path: '/kept' },
          ],
        },
      ],
      // The paused server holds the first get unanswered; then it crashes with the get in flight.
      faults: [
        { at: 500, action: 'pause', target: 'zk1' },
        { at: 1500, action: 'crash', target: 'zk1' },
        { at: 3000, action: 'restart', target: 'zk1' },
      ],
    });
    const r = replies(events, 'c');
    expect(r.map((e) => (e.ok ? 'ok' : e.err))).toEqual(['ok', 'ConnectionLoss', 'ok']);
    expect((r[2]!.result as { data: string }).data).toBe('v');
    const sessions = ofKind(events, 'client.session', 'c');
    expect(sessions).toHaveLength(2);
    expect(sessions[1]!.session).toBe(sessions[0]!.session);
    expect(sessions[1]!.moved).toBe(true);
    expect(seenBy(events, 'c')).toContain('event None Disconnected');
  });

  it('tells a client that comes back after its session expired that it is Expired', () => {
    const { events } = simulate({
      network: { latency: { distribution: 'uniform', min: 1, jitter: 2 }, detectMs: 1000 },
      clients: [
        {
          name: 'c',
          sessionTimeout: 4000,
          program: [
            { op: 'create', path: '/e', mode: 'ephemeral' },
            { op: 'sleep', ms: 20000 },
          ],
        },
      ],
      faults: [
        { at: 1000, action: 'partition', groups: [['c'], ['zk1']] },
        { at: 12000, action: 'heal' },
      ],
    });
    expect(ofKind(events, 'server.session').some((e) => e.op === 'expire')).toBe(true);
    expect(ofKind(events, 'client.session', 'c').map((e) => e.state)).toEqual(['SyncConnected', 'Expired']);
    const expired = ofKind(events, 'client.session', 'c')[1]!;
    expect(expired.t).toBeGreaterThan(12000);
  });

  it('restores the tree and the sessions from snapshot + txn log after a crash', () => {
    const { events } = simulate({
      clients: [
        {
          name: 'w',
          program: [
            { op: 'create', path: '/a', data: '1' },
            { op: 'set', path: '/a', data: '2' },
            { op: 'create', path: '/s-', mode: 'persistent_sequential' },
          ],
        },
        {
          name: 'r',
          start: 5000,
          program: [
            { op: 'get', path: '/a' },
            { op: 'create', path: '/s-', mode: 'persistent_sequential' },
          ],
        },
      ],
      faults: [
        { at: 2000, action: 'crash', target: 'zk1' },
        { at: 2500, action: 'restart', target: 'zk1' },
      ],
    });
    const r = replies(events, 'r');
    expect((r[0]!.result as { data: string; stat: { version: number } }).data).toBe('2');
    expect((r[0]!.result as { stat: { version: number } }).stat.version).toBe(1);
    expect((r[1]!.result as { path: string }).path).toBe('/s-0000000002');
  });
});

describe('determinism', () => {
  const doc = () => ({
    network: { latency: { distribution: 'uniform', min: 1, jitter: 30 }, detectMs: 500 },
    clients: ['a', 'b', 'c'].map((name, i) => ({
      name,
      start: i * 3,
      program: [
        { op: 'create', path: `/q-`, mode: 'ephemeral_sequential', data: name },
        { op: 'children', path: '/', watch: true },
        { op: 'sleep', ms: 100 },
        { op: 'close' },
      ],
    })),
  });

  it('gives the same trace hash for the same scenario, run twice', () => {
    const a = simulate({ seed: 5, ...doc() });
    const b = simulate({ seed: 5, ...doc() });
    expect(a.sim.traceHash()).toBe(b.sim.traceHash());
    expect(a.events.length).toBeGreaterThan(50);
  });

  it('changes the trace when the seed changes the network’s dice', () => {
    const hashes = new Set([1, 2, 3, 4].map((seed) => simulate({ seed, ...doc() }).sim.traceHash()));
    expect(hashes.size).toBe(4);
  });
});
