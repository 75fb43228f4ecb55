// A server's picture (ZooKeeperServer#view through worldView, docs/views.md) taken while real
// example scenarios run: role and epochs as server.state traces them, the FLE vote while LOOKING,
// the tree against the Stats clients were given, sessions, connections, watches and the log tail.
import { afterEach, describe, expect, it } from 'vitest';
import { hex } from '../../src/sim/trace/canonical.ts';
import type { TraceEvent } from '../../src/sim/trace/event.ts';
import type { ServerView, ZnodeView } from '../../src/sim/view/types.ts';
import { worldView } from '../../src/sim/view/world-view.ts';
import { byPath } from '../../src/sim/view/znode-view.ts';
import { example, nodesOf, scenario, start, type ViewRun } from '../support/views.ts';

let run: ViewRun | null = null;
afterEach(() => {
  run?.close();
  run = null;
});

async function begin(s: ReturnType<typeof example>): Promise<ViewRun> {
  run = await start(s);
  return run;
}

const node = (v: ServerView, path: string): ZnodeView | undefined => v.tree.find((n) => n.path === path);
const last = (events: readonly TraceEvent[], pred: (e: TraceEvent) => boolean) => events.filter(pred).at(-1);

/** The session id a client was given, as the trace writes it. */
function sessionOf(events: readonly TraceEvent[], client: string): string {
  const e = events.find((x) => x.kind === 'client.session' && x.client === client && x.session !== 0n);
  return hex(e!.session as bigint);
}

describe('roles and epochs', () => {
  it('a fresh 3-server ensemble: zk3 LEADING in BROADCAST, epoch 1; the others follow it', async () => {
    const r = await begin(example('ensemble-failover.json'));
    r.sim.runUntil(1200);
    const v = r.view();
    const [zk1, zk2, zk3] = v.servers;
    expect(zk3).toMatchObject({
      node: 'zk3',
      sid: 3,
      up: true,
      paused: false,
      observer: false,
      role: 'LEADING',
      zabState: 'BROADCAST',
      acceptedEpoch: 1,
      currentEpoch: 1,
      leader: 3,
      vote: null,
    });
    for (const f of [zk1!, zk2!]) {
      expect(f).toMatchObject({ role: 'FOLLOWING', zabState: 'BROADCAST', currentEpoch: 1, leader: 3 });
    }
    // The picture says what the last server.state event of each server said.
    for (const s of v.servers) {
      const e = last(r.sim.trace.events, (x) => x.kind === 'server.state' && x.server === s.sid)!;
      expect([s.role, s.zabState, s.currentEpoch, s.acceptedEpoch, s.leader]).toEqual([
        e.state,
        e.zabState,
        e.epoch,
        e.acceptedEpoch,
        e.leader,
      ]);
    }
  });

  it('the leader shows its last proposed zxid, as server.state does: (2, 0) right after failover', async () => {
    const r = await begin(example('ensemble-failover.json'));
    expect(
      r.stepUntil(() =>
        r.sim.trace.events.some(
          (e) =>
            e.kind === 'server.state' &&
            e.server === 2 &&
            e.state === 'LEADING' &&
            e.zabState === 'BROADCAST',
        ),
      ),
    ).toBe(true);
    expect(r.server('zk2')).toMatchObject({ role: 'LEADING', currentEpoch: 2, lastZxid: '0x200000000' });
    // A follower shows what it has applied.
    expect(r.server('zk1').lastZxid).toBe('0x100000004');
  });

  it('a standalone server is STANDALONE with no ZAB state, epoch or leader', async () => {
    const r = await begin(example('standalone-basics.json'));
    r.sim.runUntil(100);
    expect(r.server('zk1')).toMatchObject({
      role: 'STANDALONE',
      zabState: null,
      acceptedEpoch: 0,
      currentEpoch: 0,
      leader: null,
      vote: null,
    });
  });
});

describe('the vote while LOOKING', () => {
  it('each server first proposes itself, then adopts zk3 before deciding', async () => {
    const r = await begin(example('ensemble-failover.json'));
    r.sim.runUntil(0);
    for (const s of r.view().servers) {
      expect(s.role).toBe('LOOKING');
      expect(s.leader).toBeNull();
      expect(s.vote).toEqual({ leader: s.sid, zxid: '0x0', peerEpoch: 0, electionEpoch: 1 });
    }
    const decided = () => r.sim.trace.events.some((e) => e.kind === 'election.decided' && e.server === 1);
    expect(r.stepUntil(() => r.server('zk1').vote?.leader === 3 || decided())).toBe(true);
    expect(decided()).toBe(false);
    expect(r.server('zk1')).toMatchObject({ role: 'LOOKING', vote: { leader: 3, electionEpoch: 1 } });
  });

  it('after the leader crashes a follower votes in round 2 and decides on what it last voted', async () => {
    const r = await begin(example('ensemble-failover.json'));
    r.sim.runUntil(4000); // zk3 crashes at 4000
    const votes: NonNullable<ServerView['vote']>[] = [];
    const decided = () =>
      r.sim.trace.events.find((e) => e.kind === 'election.decided' && e.server === 1 && e.t >= 4000);
    r.stepUntil(() => {
      const v = r.server('zk1');
      if (v.role === 'LOOKING' && v.vote) votes.push(v.vote);
      return decided() !== undefined;
    });
    const d = decided()!;
    expect(votes.length).toBeGreaterThan(0);
    expect(votes.every((v) => v.electionEpoch === 2 && v.peerEpoch === 1)).toBe(true);
    expect(votes.at(-1)).toEqual({
      leader: d.leader,
      zxid: d.zxid,
      peerEpoch: d.peerEpoch,
      electionEpoch: d.electionEpoch,
    });
    expect(d.leader).toBe(2);
    expect(r.server('zk1')).toMatchObject({ role: 'FOLLOWING', vote: null, leader: 2 });
  });
});

describe('down servers', () => {
  it('a crashed server shows up:false and an empty picture; after its restart it holds the leader tree', async () => {
    const r = await begin(example('ensemble-failover.json'));
    r.sim.runUntil(4100);
    expect(r.server('zk3')).toEqual({
      node: 'zk3',
      sid: 3,
      up: false,
      paused: false,
      observer: false,
      role: null,
      zabState: null,
      acceptedEpoch: 0,
      currentEpoch: 0,
      lastZxid: '0x0',
      leader: null,
      vote: null,
      logTail: [],
      sessions: [],
      clients: [],
      watches: [],
      learners: [],
      syncedBy: null,
      expiries: [],
      limits: { tickTime: 0, initLimit: 0, syncLimit: 0 },
      timers: [],
      tree: [],
    });
    r.sim.runUntil(20_000);
    const zk3 = r.server('zk3');
    expect(zk3).toMatchObject({ up: true, role: 'FOLLOWING', leader: 2, currentEpoch: 2 });
    expect(zk3.tree).toEqual(r.server('zk2').tree);
    expect(zk3.tree.map((n) => n.path)).toEqual([
      '/',
      '/e',
      '/x',
      '/zookeeper',
      '/zookeeper/config',
      '/zookeeper/quota',
    ]);
  });

  it('a paused server is up, paused, and still drawn', async () => {
    const r = await begin(
      scenario({
        servers: { count: 3, tickTime: 500 },
        faults: [{ at: 3000, action: 'pause', target: 'zk1' }],
      }),
    );
    r.sim.runUntil(3500);
    expect(r.server('zk1')).toMatchObject({ up: true, paused: true, role: 'FOLLOWING', leader: 3 });
  });
});

describe('the tree', () => {
  it('every created node has the Stat its creator was given, its data, kind, ttl and sequential flag', async () => {
    const r = await begin(example('standalone-basics.json'));
    const events = r.sim.trace.events;
    const seen = new Set<string>();
    // alice's create replies come in program order: the k-th answers her k-th create step.
    const creates = r.scenario.clients[0]!.program.flatMap((step) =>
      step.op === 'create' ? [{ mode: step.mode ?? 'persistent', data: step.data ?? null }] : [],
    );
    let k = 0;
    // Each create reply is checked at the moment it arrives, before anything else can change the node.
    let read = 0;
    r.stepUntil(() => {
      for (const e of events.slice(read)) check(e);
      read = events.length;
      return false;
    });
    function check(e: TraceEvent): void {
      if (e.kind !== 'client.reply' || e.op !== 'create' || e.client !== 'alice') return;
      const m = creates[k++]!;
      if (!e.ok) return;
      const result = e.result as { path: string; stat: Record<string, unknown> };
      const n = node(r.server('zk1'), result.path)!;
      expect(n.stat).toEqual(result.stat);
      expect(n.data).toBe(m.data);
      const kind = m.mode.startsWith('ephemeral')
        ? 'ephemeral'
        : m.mode === 'container'
          ? 'container'
          : m.mode.endsWith('ttl')
            ? 'ttl'
            : 'persistent';
      expect(n.kind).toBe(kind);
      expect(n.ttl).toBe(kind === 'ttl' ? 60_000 : null);
      expect(n.sequential).toBe(m.mode.includes('sequential'));
      expect(n.acl).toEqual([{ perms: 'cdrwa', scheme: 'world', id: 'anyone' }]);
      seen.add(result.path);
    }
    expect(seen.size).toBe(9);
    // job- twice, member- and batch- (sequential TTL).
    expect([...seen].filter((p) => /\d{10}$/.test(p))).toHaveLength(4);
  });

  it('gives znodes with the same ACL one list, and each different ACL its own', async () => {
    const r = await begin(example('acl-demo.json'));
    r.sim.runUntil(30_000);
    const byText = new Map<string, ZnodeView['acl']>();
    for (const n of r.server('zk1').tree) {
      const text = JSON.stringify(n.acl);
      byText.set(text, byText.get(text) ?? n.acl);
      expect(n.acl).toBe(byText.get(text));
    }
    expect(byText.size).toBeGreaterThan(2);
  });

  it('is sorted parent first, with /zookeeper and its config node (read-only, aversion -1)', async () => {
    const r = await begin(example('standalone-basics.json'));
    r.sim.runUntil(5000);
    const tree = r.server('zk1').tree;
    const paths = tree.map((n) => n.path);
    expect(paths).toEqual([...paths].sort(byPath));
    expect(paths.slice(0, 2)).toEqual(['/', '/app']);
    expect(paths.slice(-3)).toEqual(['/zookeeper', '/zookeeper/config', '/zookeeper/quota']);
    const config = tree.find((n) => n.path === '/zookeeper/config')!;
    expect(config.acl).toEqual([{ perms: 'r', scheme: 'world', id: 'anyone' }]);
    expect(config.stat.aversion).toBe(-1);
    // /app's Stat as bob's last children reply (at ~4500) gave it, once nothing changed it since.
    const app = tree.find((n) => n.path === '/app')!;
    const reply = last(
      r.sim.trace.events,
      (e) => e.kind === 'client.reply' && e.op === 'children' && e.client === 'bob',
    )!;
    expect(app.stat).toEqual((reply.result as { stat: unknown }).stat);
    expect(app.stat.numChildren).toBe((reply.result as { children: string[] }).children.length);
    expect(app.data).toBe('v1');
  });

  it("an ephemeral node's owner is its creator's session; it leaves with the session", async () => {
    const r = await begin(example('standalone-basics.json'));
    r.sim.runUntil(1000);
    const alice = sessionOf(r.sim.trace.events, 'alice');
    const zk1 = r.server('zk1');
    const ephemerals = zk1.tree.filter((n) => n.kind === 'ephemeral');
    expect(ephemerals.map((n) => n.path)).toEqual(['/app/alice', '/app/member-0000000004']);
    for (const n of ephemerals) expect(n.stat.ephemeralOwner).toBe(alice);
    expect(zk1.tree.filter((n) => n.kind !== 'ephemeral').every((n) => n.stat.ephemeralOwner === '0x0')).toBe(
      true,
    );
    expect(zk1.sessions.map((s) => s.session)).toContain(alice);
    expect(r.client('alice').session).toBe(alice);
    r.sim.runUntil(r.scenario.duration);
    const after = r.server('zk1');
    expect(after.tree.filter((n) => n.kind === 'ephemeral')).toEqual([]);
    expect(after.sessions.map((s) => s.session)).not.toContain(alice);
  });
});

describe('sessions, connections and watches', () => {
  it('lists sessions with their negotiated timeouts and who is connected', async () => {
    const r = await begin(example('ensemble-failover.json'));
    r.sim.runUntil(3000);
    const events = r.sim.trace.events;
    const a = sessionOf(events, 'a');
    const w = sessionOf(events, 'w');
    const timeout = (c: string) =>
      events.find((e) => e.kind === 'client.session' && e.client === c)!.timeout as number;
    for (const s of r.view().servers) {
      expect(s.sessions).toEqual([
        { session: a, timeout: timeout('a') },
        { session: w, timeout: timeout('w') },
      ]);
    }
    expect(timeout('a')).toBe(4000);
    expect(r.server('zk1').clients).toEqual([{ client: 'w', session: w }]);
    expect(r.server(r.client('a').server!).clients).toEqual([{ client: 'a', session: a }]);
  });

  it('a watch appears after a read with watch=true and vanishes when it fires', async () => {
    const r = await begin(example('standalone-basics.json'));
    const events = r.sim.trace.events;
    const bobListed = () =>
      events.some((e) => e.kind === 'client.reply' && e.client === 'bob' && e.op === 'children');
    expect(r.stepUntil(bobListed)).toBe(true);
    const bob = sessionOf(events, 'bob');
    expect(r.server('zk1').watches).toEqual([
      { path: '/app', session: bob, kind: 'child' },
      { path: '/app/config', session: bob, kind: 'data' },
    ]);
    const fired = (type: string) =>
      events.some((e) => e.kind === 'client.event' && e.client === 'bob' && e.type === type);
    expect(r.stepUntil(() => fired('NodeDataChanged'))).toBe(true);
    expect(r.server('zk1').watches).toEqual([{ path: '/app', session: bob, kind: 'child' }]);
    expect(r.stepUntil(() => fired('NodeChildrenChanged'))).toBe(true);
    expect(r.server('zk1').watches).toEqual([]);
  });

  it('a persistent and a recursive watch show once each, until the connection goes', async () => {
    const r = await begin(
      scenario({
        servers: { count: 1, tickTime: 500 },
        clients: [
          {
            name: 'c',
            program: [
              { op: 'create', path: '/p' },
              { op: 'add_watch', path: '/p', mode: 'persistent' },
              { op: 'add_watch', path: '/', mode: 'persistent_recursive' },
              { op: 'set', path: '/p', data: 'x' },
              { op: 'sleep', ms: 1000 },
              { op: 'close' },
            ],
          },
        ],
      }),
    );
    r.sim.runUntil(800);
    const c = sessionOf(r.sim.trace.events, 'c');
    expect(r.server('zk1').watches).toEqual([
      { path: '/', session: c, kind: 'persistentRecursive' },
      { path: '/p', session: c, kind: 'persistent' },
    ]);
    r.sim.runUntil(5000);
    expect(r.server('zk1').watches).toEqual([]);
    expect(r.server('zk1').clients).toEqual([]);
  });
});

describe('the log tail', () => {
  it('names each txn by its OpCode and path, all committed, in zxid order', async () => {
    const r = await begin(example('ensemble-failover.json'));
    r.sim.runUntil(20_000);
    const commits = r.sim.trace.events.filter((e) => e.kind === 'txn.commit' && e.server === 2);
    expect(r.server('zk2').logTail).toEqual([
      {
        zxid: '0x100000001',
        type: 'createSession',
        path: null,
        committed: true,
        logged: true,
        durable: true,
        acks: null,
      },
      {
        zxid: '0x100000002',
        type: 'create2',
        path: '/x',
        committed: true,
        logged: true,
        durable: true,
        acks: null,
      },
      {
        zxid: '0x100000003',
        type: 'create2',
        path: '/e',
        committed: true,
        logged: true,
        durable: true,
        acks: null,
      },
      {
        zxid: '0x100000004',
        type: 'createSession',
        path: null,
        committed: true,
        logged: true,
        durable: true,
        acks: null,
      },
      {
        zxid: '0x200000001',
        type: 'setData',
        path: '/x',
        committed: true,
        logged: true,
        durable: true,
        acks: null,
      },
    ]);
    expect(commits.map((e) => e.zxid)).toEqual([
      '0x100000001',
      '0x100000002',
      '0x100000003',
      '0x100000004',
      '0x200000001',
    ]);
  });

  it('keeps the last 20', async () => {
    const creates = Array.from({ length: 25 }, (_, i) => ({ op: 'create', path: `/n${i}` }));
    const r = await begin(
      scenario({
        servers: { count: 1, tickTime: 500 },
        clients: [{ name: 'c', program: [...creates, { op: 'sleep', ms: 60_000 }] }],
      }),
    );
    r.sim.runUntil(5000);
    const tail = r.server('zk1').logTail;
    expect(tail).toHaveLength(20);
    // createSession is 0x1, /n0 … /n24 are 0x2 … 0x1a: the tail is /n5 … /n24.
    expect(tail.map((e) => e.path)).toEqual(creates.slice(5).map((c) => c.path));
    expect(tail.map((e) => e.zxid)).toEqual(Array.from({ length: 20 }, (_, i) => hex(7 + i)));
  });

  it('a leader with 45 proposals outstanding shows the last 20 of them', async () => {
    const names = Array.from({ length: 45 }, (_, i) => `c${i}`);
    const r = await begin(
      scenario({
        servers: { count: 3, tickTime: 500 },
        clients: names.map((name) => ({
          name,
          connect: [3],
          start: 1000,
          program: [
            { op: 'sleep', ms: 2000 },
            { op: 'create', path: `/${name}`, data: 'x' },
          ],
        })),
        faults: [
          {
            at: 2000,
            action: 'partition',
            groups: [
              ['zk3', ...names],
              ['zk1', 'zk2'],
            ],
          },
        ],
      }),
    );
    const events = r.sim.trace.events;
    const proposed = () => events.filter((e) => e.kind === 'zab.propose' && e.server === 3 && e.t > 2000);
    // Each picture along the way is drawn too (it once failed to size a tail of proposals only).
    expect(r.stepUntil(() => r.server('zk3') !== undefined && proposed().length === 45)).toBe(true);
    const tail = r.server('zk3').logTail;
    expect(tail.map((e) => e.zxid)).toEqual(
      proposed()
        .slice(25)
        .map((e) => e.zxid),
    );
    expect(tail.every((e) => !e.committed && e.acks?.length === 1)).toBe(true);
  });

  it('a proposal the leader cannot get a quorum for is shown uncommitted', async () => {
    const r = await begin(
      scenario({
        servers: { count: 3, tickTime: 500 },
        clients: [
          {
            name: 'c',
            connect: [3],
            start: 1000,
            program: [
              { op: 'sleep', ms: 2000 },
              { op: 'create', path: '/lonely', data: 'x' },
            ],
          },
        ],
        faults: [
          {
            at: 2000,
            action: 'partition',
            groups: [
              ['zk3', 'c'],
              ['zk1', 'zk2'],
            ],
          },
        ],
      }),
    );
    const events = r.sim.trace.events;
    expect(
      r.stepUntil(() => events.some((e) => e.kind === 'zab.propose' && e.server === 3 && e.t > 2000)),
    ).toBe(true);
    const propose = last(events, (e) => e.kind === 'zab.propose')!;
    expect(r.server('zk3').logTail.at(-1)).toEqual({
      zxid: propose.zxid,
      type: 'create2',
      path: '/lonely',
      committed: false,
      // Logged and fsynced on the leader, ACKed only by itself: no quorum of 3.
      logged: true,
      durable: true,
      acks: [3],
    });
    expect(node(r.server('zk3'), '/lonely')).toBeUndefined();
    expect(r.server('zk1').logTail.map((e) => e.zxid)).not.toContain(propose.zxid);
  });
});

describe('pictures change nothing', () => {
  /** The trace hash of a run stepped in 37 ms slices, taking every node's picture after each if `look`. */
  async function hashOf(file: string, look: boolean): Promise<string> {
    const s = example(file);
    const r = await start(s);
    try {
      const nodes = nodesOf(s);
      for (let t = 0; t <= s.duration; t += 37) {
        r.sim.runUntil(t);
        if (look) {
          const v = worldView(r.sim.world, nodes, t);
          // Plain JSON: the picture survives a round trip (and a postMessage) unchanged.
          expect(JSON.parse(JSON.stringify(v))).toEqual(v);
        }
      }
      r.sim.runUntil(s.duration);
      return r.sim.traceHash();
    } finally {
      r.close();
    }
  }

  for (const file of ['ensemble-failover.json', 'standalone-basics.json', 'recipes/lock.json']) {
    it(`${file}: the trace hash is the same with pictures taken along the way`, async () => {
      expect(await hashOf(file, true)).toBe(await hashOf(file, false));
    });
  }
});
