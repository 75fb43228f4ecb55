import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../src/sim/trace/event.ts';
import { ofKind, replies, simulate } from '../support/run.ts';

/** Each server's last server.state event. */
function finalStates(events: readonly TraceEvent[]): Map<number, TraceEvent> {
  const m = new Map<number, TraceEvent>();
  for (const e of ofKind(events, 'server.state')) m.set(e.server as number, e);
  return m;
}

const syncModes = (events: readonly TraceEvent[], learner: number) =>
  ofKind(events, 'zab.sync')
    .filter((e) => e.learner === learner)
    .map((e) => e.mode);

describe('a fresh ensemble', () => {
  for (const count of [3, 5, 7]) {
    it(`of ${count} elects the highest sid, which starts epoch 1 at zxid (1, 0)`, () => {
      const { events } = simulate({ seed: count, duration: 3000, servers: { count } });
      const states = finalStates(events);
      expect(states.size).toBe(count);
      for (const [sid, e] of states) {
        expect(e.state).toBe(sid === count ? 'LEADING' : 'FOLLOWING');
        expect(e.zabState).toBe('BROADCAST');
        expect(e.leader).toBe(count);
        expect(e.epoch).toBe(1);
        // A follower shows its last committed zxid, 0 until the first txn; the leader (1, 0).
        expect(e.zxid).toBe(sid === count ? '0x100000000' : '0x0');
      }
      expect(ofKind(events, 'server.state')[0]).toMatchObject({ state: 'LOOKING', zabState: 'ELECTION' });
    });
  }

  it('goes through ELECTION, DISCOVERY, SYNCHRONIZATION and BROADCAST on every server', () => {
    const { events } = simulate({ duration: 3000, servers: { count: 3 } });
    for (const sid of [1, 2, 3]) {
      const zab = ofKind(events, 'server.state')
        .filter((e) => e.server === sid)
        .map((e) => e.zabState);
      expect(zab).toEqual(['ELECTION', 'DISCOVERY', 'SYNCHRONIZATION', 'BROADCAST']);
    }
  });
});

describe('leader failover', () => {
  const doc = {
    seed: 5,
    duration: 20_000,
    servers: { count: 3 },
    clients: [
      {
        name: 'a',
        start: 1000,
        sessionTimeout: 4000,
        program: [
          { op: 'create', path: '/x', data: '1' },
          { op: 'create', path: '/e', mode: 'ephemeral' },
          { op: 'sleep', ms: 6000 },
          { op: 'set', path: '/x', data: '2' },
          { op: 'get', path: '/e' },
          { op: 'sleep', ms: 30000 },
        ],
      },
    ],
    faults: [{ at: 4000, action: 'crash', target: 'zk3' }],
  };

  it('elects the highest survivor in epoch 2; the first new txn is (2, 1); the client keeps its session and ephemeral', () => {
    const { events } = simulate(doc);
    const states = finalStates(events);
    expect(states.get(2)).toMatchObject({ state: 'LEADING', epoch: 2, zxid: '0x200000000' });
    expect(states.get(1)).toMatchObject({ state: 'FOLLOWING', epoch: 2, leader: 2 });
    const commits = ofKind(events, 'txn.commit').filter((e) => e.server === 2 && e.t > 4000);
    expect(commits[0]?.zxid).toBe('0x200000001');
    const sessions = ofKind(events, 'client.session', 'a');
    expect(new Set(sessions.map((s) => s.session)).size).toBe(1);
    expect(replies(events, 'a').map((r) => (r.ok ? 'ok' : r.err))).toEqual(['ok', 'ok', 'ok', 'ok']);
  });

  it('the old leader restarts, rejoins as a follower and catches up by DIFF', () => {
    const { events, sim } = simulate({
      ...doc,
      faults: [...doc.faults, { at: 12_000, action: 'restart', target: 'zk3' }],
    });
    expect(finalStates(events).get(3)).toMatchObject({
      state: 'FOLLOWING',
      leader: 2,
      zabState: 'BROADCAST',
    });
    expect(syncModes(events, 3)).toEqual(['DIFF']);
    const z3 = sim.world.node('zk3') as import('../../src/sim/server/server.ts').ZooKeeperServer;
    expect(z3.database.peek('/x')?.data).toBe('2');
  });
});

describe('partitions', () => {
  it('a minority cannot write; the majority elects a new leader and can', () => {
    const { events } = simulate({
      seed: 9,
      duration: 30_000,
      servers: { count: 3 },
      clients: [
        {
          name: 'lonely',
          connect: [3],
          start: 1000,
          program: [
            { op: 'sleep', ms: 3000 },
            { op: 'create', path: '/minority' },
          ],
        },
        {
          name: 'crowd',
          connect: [1, 2],
          start: 1000,
          program: [
            { op: 'sleep', ms: 20_000 },
            { op: 'create', path: '/majority' },
          ],
        },
      ],
      faults: [
        {
          at: 2000,
          action: 'partition',
          groups: [
            ['zk3', 'lonely'],
            ['zk1', 'zk2', 'crowd'],
          ],
        },
      ],
    });
    const lonely = replies(events, 'lonely');
    expect(lonely).toHaveLength(1);
    expect(lonely[0]).toMatchObject({ ok: false, err: 'ConnectionLoss' });
    expect(replies(events, 'crowd')[0]).toMatchObject({ ok: true, op: 'create' });
    expect(ofKind(events, 'server.abdicate').some((e) => e.server === 3)).toBe(true);
    const states = finalStates(events);
    expect(states.get(2)).toMatchObject({ state: 'LEADING', epoch: 2 });
    expect(states.get(3)?.state).toBe('LOOKING');
    expect(ofKind(events, 'txn.commit').some((e) => e.type === 'create2' && e.server === 3)).toBe(false);
  });

  it('a leader that logged a proposal no follower saw is cut back by TRUNC when it rejoins', () => {
    const { events, sim } = simulate({
      seed: 2,
      duration: 40_000,
      servers: { count: 3 },
      clients: [
        {
          name: 'c',
          connect: [3],
          start: 1000,
          sessionTimeout: 40_000,
          program: [
            { op: 'create', path: '/before' },
            { op: 'sleep', ms: 2000 },
            { op: 'create', path: '/lost' },
          ],
        },
      ],
      // zk3 logs /lost but cannot reach a follower; the majority elects zk2 (commits nothing new:
      // the session outlives the run) and zk3 comes back with a zxid above zk2's last.
      faults: [
        {
          at: 2000,
          action: 'partition',
          groups: [
            ['zk3', 'c'],
            ['zk1', 'zk2'],
          ],
        },
        { at: 16_000, action: 'heal' },
      ],
    });
    expect(syncModes(events, 3)).toContain('TRUNC');
    expect(ofKind(events, 'zab.trunc').some((e) => e.server === 3)).toBe(true);
    for (const id of ['zk1', 'zk2', 'zk3']) {
      const s = sim.world.node(id) as import('../../src/sim/server/server.ts').ZooKeeperServer;
      expect(s.database.peek('/before')).not.toBeNull();
      expect(s.database.peek('/lost')).toBeNull();
    }
  });

  it('a follower that missed more than the committed log holds is sent a SNAP', () => {
    const writes = Array.from({ length: 520 }, (_, i) => ({ op: 'create', path: `/n${i}` }));
    const { events, sim } = simulate({
      seed: 4,
      duration: 60_000,
      servers: { count: 3 },
      clients: [{ name: 'w', connect: [3], start: 1000, program: writes }],
      faults: [
        { at: 500, action: 'crash', target: 'zk1' },
        { at: 40_000, action: 'restart', target: 'zk1' },
      ],
    });
    expect(
      ofKind(events, 'zab.sync')
        .filter((e) => e.learner === 1 && e.t > 40_000)
        .map((e) => e.mode),
    ).toEqual(['SNAP']);
    const z1 = sim.world.node('zk1') as import('../../src/sim/server/server.ts').ZooKeeperServer;
    expect(z1.database.peek('/n519')).not.toBeNull();
  });
});

describe('client requests through the ensemble', () => {
  it('a follower answers reads from its own tree (stale) until sync', () => {
    const { events } = simulate({
      seed: 1,
      duration: 10_000,
      servers: { count: 3 },
      clients: [
        {
          name: 'writer',
          connect: [3],
          start: 1000,
          program: [
            { op: 'create', path: '/v', data: 'old' },
            { op: 'sleep', ms: 1000 },
            { op: 'set', path: '/v', data: 'new' },
          ],
        },
        {
          name: 'reader',
          connect: [1],
          start: 1500,
          program: [
            { op: 'sleep', ms: 520 },
            { op: 'get', path: '/v' },
            { op: 'sync', path: '/v' },
            { op: 'get', path: '/v' },
          ],
        },
      ],
      // The leader's packets to zk1 take 300 ms longer: zk1 applies the set late.
      faults: [{ at: 1800, action: 'delay', from: 'zk3', to: 'zk1', ms: 300 }],
    });
    const r = replies(events, 'reader');
    expect((r[0]!.result as { data: string }).data).toBe('old');
    expect(r[1]).toMatchObject({ op: 'sync', ok: true });
    expect((r[2]!.result as { data: string }).data).toBe('new');
  });

  it('expires the session of a client stranded with a dead server; the new leader deletes its ephemeral', () => {
    const { events } = simulate({
      seed: 3,
      duration: 20_000,
      servers: { count: 3 },
      clients: [
        {
          name: 'stranded',
          connect: [3],
          start: 1000,
          sessionTimeout: 4000,
          program: [{ op: 'create', path: '/lock', mode: 'ephemeral' }],
        },
        {
          name: 'watcher',
          connect: [1],
          start: 1200,
          program: [{ op: 'exists', path: '/lock', watch: true }],
        },
      ],
      faults: [{ at: 3000, action: 'crash', target: 'zk3' }],
    });
    const expire = ofKind(events, 'server.session').find((e) => e.op === 'expire');
    expect(expire?.server).toBe(2);
    const deleted = ofKind(events, 'client.event', 'watcher').find((e) => e.type === 'NodeDeleted');
    expect(deleted?.path).toBe('/lock');
    // New leader at ≈3.2 s gives every session a fresh timeout: the delete comes ≈4–6 s later.
    expect(deleted!.t).toBeGreaterThan(3000 + 4000);
    expect(deleted!.t).toBeLessThan(3000 + 4000 + 2 * 2000 + 1000);
  });

  it('an observer follows the leader, serves its clients, and never counts toward a quorum', () => {
    const { events } = simulate({
      seed: 6,
      duration: 40_000,
      servers: { count: 3, observers: 1 },
      clients: [
        {
          name: 'o',
          connect: [4],
          start: 1000,
          program: [
            { op: 'create', path: '/via-observer' },
            { op: 'sleep', ms: 2100 },
            { op: 'create', path: '/no-quorum' },
          ],
        },
      ],
      faults: [
        { at: 3000, action: 'crash', target: 'zk1' },
        { at: 3000, action: 'crash', target: 'zk2' },
      ],
    });
    expect(
      ofKind(events, 'server.state').find((e) => e.server === 4 && e.zabState === 'BROADCAST')?.state,
    ).toBe('OBSERVING');
    const r = replies(events, 'o');
    expect(r[0]).toMatchObject({ ok: true });
    expect(r[1]).toMatchObject({ ok: false, err: 'ConnectionLoss' });
    expect(ofKind(events, 'txn.commit').some((e) => e.server === 4 && e.type === 'create2')).toBe(true);
  });
});

describe('ensemble determinism', () => {
  it('the same ensemble scenario gives the same trace hash twice; another seed another', () => {
    const doc = (seed: number) => ({
      seed,
      duration: 15_000,
      servers: { count: 5 },
      network: { latency: { distribution: 'exponential', min: 1, jitter: 10 }, detectMs: 800 },
      clients: ['a', 'b'].map((name) => ({
        name,
        start: 500,
        program: [
          { op: 'create', path: `/${name}-`, mode: 'ephemeral_sequential' },
          { op: 'children', path: '/' },
        ],
      })),
      faults: [{ at: 5000, action: 'crash', target: 'zk5' }],
    });
    expect(simulate(doc(8)).sim.traceHash()).toBe(simulate(doc(8)).sim.traceHash());
    expect(simulate(doc(8)).sim.traceHash()).not.toBe(simulate(doc(9)).sim.traceHash());
  });
});

describe('pauses and clock skew', () => {
  it('a leader stalled past syncLimit is replaced; when it resumes it finds itself deposed and follows', () => {
    const { events } = simulate({
      seed: 12,
      duration: 40_000,
      servers: { count: 3 },
      faults: [
        { at: 1000, action: 'pause', target: 'zk3' },
        { at: 20_000, action: 'resume', target: 'zk3' },
      ],
    });
    const states = finalStates(events);
    expect(states.get(2)).toMatchObject({ state: 'LEADING', epoch: 2 });
    expect(states.get(3)).toMatchObject({ state: 'FOLLOWING', leader: 2, zabState: 'BROADCAST' });
    // Followers give up on the silent leader after syncLimit·tickTime (5 × 2000 ms), not before.
    const gaveUp = ofKind(events, 'server.abdicate').filter((e) => e.server !== 3);
    expect(gaveUp.length).toBeGreaterThan(0);
    expect(Math.min(...gaveUp.map((e) => e.t))).toBeGreaterThanOrEqual(1000 + 5 * 2000 - 2000);
  });

  it('ctime and mtime come from the leader’s clock: a skewed leader stamps its skew, and time goes back after failover', () => {
    const { events } = simulate({
      seed: 13,
      duration: 20_000,
      servers: { count: 3 },
      clients: [
        {
          name: 'c',
          start: 1000,
          program: [
            { op: 'create', path: '/t' },
            { op: 'sleep', ms: 6000 },
            { op: 'set', path: '/t', data: 'after failover' },
          ],
        },
      ],
      faults: [
        { at: 500, action: 'skew', target: 'zk3', ms: 3_600_000 },
        { at: 4000, action: 'crash', target: 'zk3' },
      ],
    });
    const [create, set] = replies(events, 'c');
    const ctime = (create!.result as { stat: { ctime: number } }).stat.ctime;
    const mtime = (set!.result as { stat: { mtime: number } }).stat.mtime;
    expect(ctime).toBeGreaterThan(3_600_000);
    expect(mtime).toBeLessThan(ctime);
    expect(mtime).toBeGreaterThan(7000);
  });
});
