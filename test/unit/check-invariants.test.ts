// Each invariant: a clean real run passes, and a doctored trace (a real one with one event changed,
// or a minimal hand-written one) makes exactly that invariant report.
import { describe, expect, it } from 'vitest';
import { checkRun, liveServers } from '../../src/sim/check/index.ts';
import { INVARIANTS } from '../../src/sim/check/registry.ts';
import type { KeeperState } from '../../src/sim/client/client-session.ts';
import type { Request } from '../../src/sim/server/protocol.ts';
import {
  type BodyOf,
  type EventOf,
  isKind,
  type TraceBody,
  type TraceEvent,
  type TraceKind,
} from '../../src/sim/trace/event.ts';
import { ofKind, simulate } from '../support/run.ts';

/** Names of the invariants a trace violates (sorted, each once). */
const violated = (events: readonly TraceEvent[]): string[] =>
  [...new Set(checkRun(events, []).map((v) => v.invariant))].sort();

/** A hand-written trace: consecutive times, fields as given. */
const trace = (...events: TraceBody[]): TraceEvent[] => events.map((e, t) => ({ t, ...e }) as TraceEvent);

const leading = (server: number, epoch: number, logged = '0x0'): BodyOf<'server.state'> => ({
  kind: 'server.state',
  server,
  state: 'LEADING',
  zabState: 'BROADCAST',
  epoch,
  acceptedEpoch: epoch,
  zxid: `0x${(epoch * 2 ** 32).toString(16)}`,
  logged,
  leader: server,
});
const propose = (
  server: number,
  epoch: number,
  zxid: string,
  digest = `d${zxid}`,
): BodyOf<'zab.propose'> => ({
  kind: 'zab.propose',
  server,
  epoch,
  zxid,
  digest,
});
const commit = (
  server: number,
  zxid: string,
  digest = `d${zxid}`,
  type = 'create2',
  session = 1n,
): BodyOf<'txn.commit'> => ({
  kind: 'txn.commit',
  server,
  zxid,
  type,
  session,
  cxid: 1,
  digest,
});
const reply = (client: string, op: Request['op'], zxid: string, ok = true): BodyOf<'client.reply'> => ({
  kind: 'client.reply',
  client,
  op,
  path: '/x',
  ok,
  zxid,
});

/** A 3-server ensemble with writers, a follower crash and restart, and a leader failover. */
const failover = {
  seed: 5,
  duration: 25_000,
  servers: { count: 3, tickTime: 500 },
  clients: [
    {
      name: 'a',
      sessionTimeout: 4000,
      program: [
        { op: 'create', path: '/x', data: '1' },
        { op: 'create', path: '/e', mode: 'ephemeral' },
        { op: 'sleep', ms: 5000 },
        { op: 'set', path: '/x', data: '2' },
        { op: 'get', path: '/x' },
        { op: 'create', path: '/q-', mode: 'persistent_sequential' },
        { op: 'close' },
      ],
    },
    {
      name: 'b',
      start: 500,
      program: [
        { op: 'create', path: '/b', data: 'b' },
        { op: 'sleep', ms: 3000 },
        { op: 'set', path: '/b', data: 'c' },
        { op: 'sync', path: '/' },
        { op: 'get', path: '/b' },
        { op: 'children', path: '/' },
        { op: 'sleep', ms: 9000 },
        { op: 'create', path: '/late', data: 'b' },
        { op: 'get', path: '/late' },
      ],
    },
  ],
  faults: [
    { at: 2000, action: 'crash', target: 'zk1' },
    { at: 3000, action: 'restart', target: 'zk1' },
    { at: 4000, action: 'crash', target: 'zk3' },
    { at: 9000, action: 'restart', target: 'zk3' },
  ],
};

const clean = simulate(failover);
const events = clean.events;

/** A copy of the clean trace with the event at `i` replaced (or removed when `e` is null). */
function doctor(i: number, e: TraceEvent | null): TraceEvent[] {
  const copy = events.slice();
  if (e === null) copy.splice(i, 1);
  else copy[i] = e;
  return copy;
}

/** The clean trace's event at `i`, which must be of `kind`. */
function eventAt<K extends TraceKind>(i: number, kind: K): EventOf<K> {
  const e = events[i]!;
  if (!isKind(e, kind)) throw new Error(`event ${i} is ${e.kind}, not ${kind}`);
  return e;
}

const indexOf = (pred: (e: TraceEvent) => boolean, from = 0): number => {
  const i = events.findIndex((e, j) => j >= from && pred(e));
  if (i < 0) throw new Error('no such event in the clean run');
  return i;
};

describe('a clean run', () => {
  it('exercises failover: two established epochs, commits on every server, client writes and reads', () => {
    const leaders = ofKind(events, 'server.state').filter(
      (e) => e.state === 'LEADING' && e.zabState === 'BROADCAST',
    );
    expect(leaders.map((e) => e.epoch)).toEqual([1, 2]);
    expect(new Set(ofKind(events, 'txn.commit').map((e) => e.server))).toEqual(new Set([1, 2, 3]));
    expect(ofKind(events, 'client.reply').filter((e) => e.ok).length).toBeGreaterThan(8);
  });

  it('passes every invariant, final-state checks included', () => {
    expect(checkRun(events, liveServers(clean.sim))).toEqual([]);
    expect(liveServers(clean.sim).map((s) => s.id)).toEqual(['zk1', 'zk2', 'zk3']);
  });

  it('registers every invariant under a distinct name with a description', () => {
    const names = INVARIANTS.map((f) => f().name);
    expect(new Set(names).size).toBe(names.length);
    for (const f of INVARIANTS) expect(f().describe.length).toBeGreaterThan(20);
  });
});

describe('leadership', () => {
  it('one-leader-per-epoch: a second server establishing epoch 1 is reported', () => {
    const i = indexOf(
      (e) => e.kind === 'server.state' && e.state === 'LEADING' && e.zabState === 'BROADCAST',
    );
    const copy = events.slice();
    copy.splice(i + 1, 0, { ...eventAt(i, 'server.state'), server: 1 });
    const v = checkRun(copy, []).filter((x) => x.invariant === 'one-leader-per-epoch');
    expect(v).toHaveLength(1);
    expect(v[0]!.message).toContain('both established themselves as leader of epoch 1');
    expect(v[0]!.events).toEqual([i, i + 1]);
  });

  it('epoch-order: establishing epoch 2 after epoch 3 is reported', () => {
    expect(violated(trace(leading(3, 3), leading(2, 2)))).toEqual(['epoch-order']);
    expect(violated(trace(leading(2, 2), leading(3, 3)))).toEqual([]);
  });

  it('epoch-monotonic: a server whose acceptedEpoch goes back, or whose currentEpoch passes acceptedEpoch', () => {
    const st = (acceptedEpoch: number, epoch: number): BodyOf<'server.state'> => ({
      kind: 'server.state',
      server: 1,
      state: 'LOOKING',
      zabState: 'ELECTION',
      epoch,
      acceptedEpoch,
      zxid: '0x0',
    });
    expect(violated(trace(st(2, 2), st(3, 2), st(3, 3)))).toEqual([]);
    expect(violated(trace(st(2, 2), st(1, 1)))).toEqual(['epoch-monotonic']);
    expect(violated(trace(st(1, 2)))).toEqual(['epoch-monotonic']);
  });
});

describe('ZAB order and agreement', () => {
  it('proposal-order: a leader skipping a counter, or proposing outside its epoch', () => {
    expect(violated(trace(propose(1, 1, '0x100000001'), propose(1, 1, '0x100000002')))).toEqual([]);
    expect(violated(trace(propose(1, 1, '0x100000001'), propose(1, 1, '0x100000003')))).toEqual([
      'proposal-order',
    ]);
    expect(violated(trace(propose(1, 2, '0x100000001')))).toEqual(['proposal-order']);
  });

  it('integrity: a commit whose digest differs from the proposal', () => {
    const i = indexOf((e) => e.kind === 'zab.propose');
    expect(violated(doctor(i, { ...eventAt(i, 'zab.propose'), digest: 'deadbeef' }))).toEqual(['integrity']);
  });

  it('integrity: a zxid proposed twice, and a commit nobody proposed', () => {
    expect(violated(trace(propose(1, 1, '0x100000001', 'a'), propose(2, 1, '0x100000001', 'b')))).toContain(
      'integrity',
    );
    expect(violated(trace(commit(1, '0x100000001')))).toEqual(['integrity']);
  });

  it('agreement: a follower committing a different txn under a zxid', () => {
    const first = eventAt(
      indexOf((e) => e.kind === 'txn.commit'),
      'txn.commit',
    );
    const i = indexOf((e) => e.kind === 'txn.commit' && e.zxid === first.zxid && e.server !== first.server);
    const v = violated(doctor(i, { ...eventAt(i, 'txn.commit'), digest: 'deadbeef' }));
    expect(v).toContain('agreement');
    expect(v).toEqual(['agreement', 'integrity']);
  });

  it('commit-order: a server committing two txns the wrong way round', () => {
    const i = indexOf((e) => e.kind === 'txn.commit' && e.server === 1);
    const j = indexOf((e) => e.kind === 'txn.commit' && e.server === 1, i + 1);
    const copy = events.slice();
    copy[i] = events[j]!;
    copy[j] = events[i]!;
    expect(violated(copy)).toContain('commit-order');
  });

  it('no-skip: a follower that skips a zxid others committed', () => {
    // Remove one of server 1's commits in the middle of its history.
    const mine = events.flatMap((e, i) => (e.kind === 'txn.commit' && e.server === 1 ? [i] : []));
    const i = mine[Math.floor(mine.length / 2)]!;
    const v = checkRun(doctor(i, null), []).filter((x) => x.invariant === 'no-skip');
    expect(v).toHaveLength(1);
    expect(v[0]!.message).toContain(`skipping committed ${events[i]!.zxid}`);
  });

  it('no-skip: also when the skipped zxid is committed elsewhere only afterwards', () => {
    const t = trace(
      propose(2, 1, '0x100000001'),
      propose(2, 1, '0x100000002'),
      propose(2, 1, '0x100000003'),
      commit(2, '0x100000001'),
      commit(1, '0x100000001'),
      commit(1, '0x100000003'),
      commit(2, '0x100000002'),
      commit(2, '0x100000003'),
    );
    const v = checkRun(t, []);
    expect(v.map((x) => x.invariant)).toEqual(['no-skip']);
    expect(v[0]!.message).toContain('server 1 went from 0x100000001 to 0x100000003');
  });

  it('no-skip and commit-order: a server.load resets where a server stands', () => {
    const t = trace(
      propose(2, 1, '0x100000001'),
      propose(2, 1, '0x100000002'),
      propose(2, 1, '0x100000003'),
      commit(2, '0x100000001'),
      commit(2, '0x100000002'),
      commit(1, '0x100000001'),
      { kind: 'server.load', server: 1, how: 'snap', zxid: '0x100000002' },
      commit(1, '0x100000003'),
      commit(2, '0x100000003'),
    );
    expect(checkRun(t, [])).toEqual([]);
  });
});

describe('durability', () => {
  const history = [
    propose(1, 1, '0x100000001'),
    propose(1, 1, '0x100000002'),
    commit(1, '0x100000001'),
    commit(1, '0x100000002'),
    reply('c', 'create', '0x100000002'),
  ];

  it('a later leader whose log ends before an acknowledged write', () => {
    const v = checkRun(trace(...history, leading(2, 2, '0x100000001')), []);
    expect(v.map((x) => x.invariant)).toEqual(['durability']);
    expect(v[0]!.message).toContain('0x100000002 (acknowledged to client c)');
    expect(v[0]!.events).toEqual([4, 5]);
    expect(checkRun(trace(...history, leading(2, 2, '0x100000002')), [])).toEqual([]);
  });

  it('a TRUNC that cuts a committed txn off a learner', () => {
    const trunc: BodyOf<'zab.trunc'> = {
      kind: 'zab.trunc',
      server: 3,
      from: '0x100000002',
      to: '0x100000001',
    };
    expect(violated(trace(...history, trunc))).toEqual(['durability']);
    expect(violated(trace(...history, { ...trunc, from: '0x100000003', to: '0x100000002' }))).toEqual([]);
  });

  it('an OK reply for a write no server committed', () => {
    const i = indexOf((e) => e.kind === 'client.reply' && e.op === 'set' && e.ok === true);
    expect(violated(doctor(i, { ...eventAt(i, 'client.reply'), zxid: '0x7fffffff' }))).toContain(
      'durability',
    );
  });
});

describe('sessions', () => {
  it('session-closed: a txn of a session after its closeSession', () => {
    const close = eventAt(
      indexOf((e) => e.kind === 'txn.commit' && e.type === 'closeSession'),
      'txn.commit',
    );
    const late = indexOf(
      (e) => e.kind === 'txn.commit' && e.server === close.server,
      events.indexOf(close) + 1,
    );
    const forged = { ...eventAt(late, 'txn.commit'), session: close.session, type: 'create2' };
    expect(violated(doctor(late, forged))).toContain('session-closed');
    // An error txn is how a closed session's request ends: fine.
    expect(
      violated(doctor(late, { ...forged, type: 'error', digest: eventAt(late, 'txn.commit').digest })),
    ).not.toContain('session-closed');
  });

  it('session-unique: a session id created twice', () => {
    const cs = (server: number, zxid: string) =>
      commit(server, zxid, 'x', 'createSession', 0x300000000000000n);
    // the same txn on two servers is fine
    expect(violated(trace(cs(1, '0x100000001'), cs(2, '0x100000001')))).toEqual(['integrity']);
    expect(violated(trace(cs(1, '0x100000001'), cs(1, '0x200000001')))).toEqual([
      'integrity',
      'session-unique',
    ]);
  });

  it('session-lifecycle: a client reconnecting after its session expired, unless it restarted', () => {
    const s = (state: KeeperState): BodyOf<'client.session'> => ({
      kind: 'client.session',
      client: 'a',
      session: 1n,
      state,
      server: 1,
      timeout: 4000,
    });
    expect(violated(trace(s('SyncConnected'), s('Expired'), s('SyncConnected')))).toEqual([
      'session-lifecycle',
    ]);
    expect(
      violated(
        trace(
          s('SyncConnected'),
          s('Expired'),
          { kind: 'node.start', node: 'a', incarnation: 2 },
          s('SyncConnected'),
        ),
      ),
    ).toEqual([]);
  });
});

describe('clients', () => {
  // read-committed wants every zxid a client sees committed: a standalone server commits these.
  const committed: TraceBody[] = [
    { kind: 'server.state', server: 1, state: 'STANDALONE', epoch: 0, zxid: '0x0' },
    commit(1, '0x4'),
    commit(1, '0x5'),
  ];

  it('monotonic-reads: a reply older than the one before', () => {
    const replies = events.flatMap((e, i) => (e.kind === 'client.reply' && e.zxid !== undefined ? [i] : []));
    const i = replies.at(-1)!;
    const v = checkRun(doctor(i, { ...eventAt(i, 'client.reply'), zxid: '0x1' }), []);
    expect(v.map((x) => x.invariant)).toContain('monotonic-reads');
  });

  it('monotonic-reads: across reconnects, but a restarted client starts afresh', () => {
    expect(violated(trace(...committed, reply('c', 'get', '0x5'), reply('c', 'get', '0x4')))).toEqual([
      'monotonic-reads',
    ]);
    expect(
      violated(
        trace(
          ...committed,
          reply('c', 'get', '0x5'),
          { kind: 'node.start', node: 'c', incarnation: 2 },
          reply('c', 'get', '0x4'),
        ),
      ),
    ).toEqual([]);
  });

  it('read-your-writes: a read answered before the client’s own OK write', () => {
    const v = violated(trace(reply('c', 'set', '0x5'), reply('c', 'get', '0x4')));
    expect(v).toContain('read-your-writes');
    // a failed write does not count
    expect(
      violated(
        trace(
          ...committed,
          reply('c', 'set', '0x5', false),
          { kind: 'node.start', node: 'c', incarnation: 2 },
          reply('c', 'get', '0x4'),
        ),
      ),
    ).toEqual([]);
  });
});

describe('final state', () => {
  it('final-tree: an ephemeral owned by a session the server does not know', () => {
    const { sim, events: ev } = simulate(failover);
    const server = liveServers(sim)[0]!;
    const db = server.database;
    const zxid = db.lastProcessedZxid + 1;
    db.processTxn(
      db.prepRequest(
        {
          op: 'create',
          path: '/ghost',
          data: null,
          acl: [{ perms: 31, scheme: 'world', id: 'anyone' }],
          mode: 'ephemeral',
        },
        { sessionId: 0x99n, cxid: 1, authIds: [] },
        zxid,
        1,
      ),
    );
    const v = checkRun(ev, liveServers(sim));
    expect(v.map((x) => x.invariant)).toEqual(['final-tree']);
    expect(v[0]!.message).toBe(`${server.id} /ghost: ephemeral of session 0x99, which is not open there`);
  });

  it('replica-determinism: two servers at the same zxid with different trees', () => {
    const { sim, events: ev } = simulate(failover);
    const [a, b] = liveServers(sim);
    expect(a!.database.lastProcessedZxid).toBe(b!.database.lastProcessedZxid);
    const zxid = a!.database.lastProcessedZxid + 1;
    const acl = [{ perms: 31, scheme: 'world', id: 'anyone' }];
    for (const [s, path] of [
      [a!, '/left'],
      [b!, '/right'],
    ] as const) {
      const db = s.database;
      db.processTxn(
        db.prepRequest(
          { op: 'create', path, data: null, acl, mode: 'persistent' },
          { sessionId: 0n, cxid: 1, authIds: [] },
          zxid,
          1,
        ),
      );
    }
    const v = checkRun(ev, liveServers(sim)).filter((x) => x.invariant === 'replica-determinism');
    expect(v.length).toBeGreaterThan(0);
    expect(v[0]!.message).toContain(`${a!.id} and ${b!.id} are both at 0x`);
    expect(v[0]!.message).toContain('left');
    expect(v[0]!.message).toContain('right');
  });
});

describe('standalone runs', () => {
  it('pass (no zab.propose: integrity does not apply to a STANDALONE server)', () => {
    const { sim, events: ev } = simulate({
      servers: { count: 1 },
      clients: [
        { name: 'a', program: [{ op: 'create', path: '/a' }, { op: 'get', path: '/a' }, { op: 'close' }] },
      ],
    });
    expect(ofKind(ev, 'zab.propose')).toEqual([]);
    expect(ofKind(ev, 'txn.commit').length).toBeGreaterThan(0);
    expect(checkRun(ev, liveServers(sim))).toEqual([]);
  });
});
