// Leader and Learner driven packet by packet against a fake server (test/support/fake-role-host.ts),
// the way etcd's raft tests drive a node over MemoryStorage: no network, no election, no clock.
import { describe, expect, it } from 'vitest';
import type { ProtocolBug } from '../../src/sim/server/quorum/bugs.ts';
import { Leader } from '../../src/sim/server/quorum/leader.ts';
import { Learner } from '../../src/sim/server/quorum/learner.ts';
import { makeZxid, type QuorumPacket } from '../../src/sim/server/quorum/packets.ts';
import { QuorumPeer } from '../../src/sim/server/quorum/quorum-peer.ts';
import { LEARNER_REF_BASE } from '../../src/sim/server/quorum/zab-peer.ts';
import { ZkDatabase } from '../../src/sim/server/zkdatabase.ts';
import { FakeRoleHost, FakeZabPeer, fakeConfig, sessionTxn } from '../support/fake-role-host.ts';

const z = makeZxid;
const FOLLOWER_CONN = 10;
const LEADER_CONN = 20;

/** A Leader (sid 1 of 1, 2, 3) that has established epoch 1 with follower 2 and serves. */
function servingLeader() {
  const host = new FakeRoleHost(fakeConfig(1));
  const peer = new FakeZabPeer(host);
  const leader = new Leader(peer);
  leader.start();
  leader.accept(FOLLOWER_CONN, { type: 'FOLLOWERINFO', sid: 2, acceptedEpoch: 0 });
  leader.receive(FOLLOWER_CONN, { type: 'ACKEPOCH', currentEpoch: 0, lastLoggedZxid: 0 });
  leader.receive(FOLLOWER_CONN, { type: 'ACK', zxid: z(1, 0) });
  return { host, peer, leader };
}

const newSession = (n: number) => ({ sessionId: BigInt(n), cxid: 0, authIds: [] });

describe('Leader against a fake host', () => {
  it('agrees on epoch 1 with one follower, syncs it by DIFF, then serves', () => {
    const { host, peer } = servingLeader();
    expect(peer.acceptedEpoch).toBe(1);
    expect(peer.currentEpoch).toBe(1);
    expect(peer.states).toEqual(['LEADING/DISCOVERY', 'LEADING/SYNCHRONIZATION', 'LEADING/BROADCAST']);
    expect(host.sentOn(FOLLOWER_CONN).map((p) => p.type)).toEqual([
      'LEADERINFO',
      'DIFF',
      'NEWLEADER',
      'UPTODATE',
    ]);
    expect(host.serving).toBe(true);
    expect(host.snapshots).toBe(1);
  });

  it('commits a proposal once a quorum has ACKed it, in zxid order, each once', () => {
    const { host, leader } = servingLeader();
    host.sentOn(FOLLOWER_CONN);
    leader.submit(newSession(1), { op: 'createSession', timeout: 10_000 });
    leader.submit(newSession(2), { op: 'createSession', timeout: 10_000 });
    expect(host.sentOn(FOLLOWER_CONN)).toMatchObject([
      { type: 'PROPOSAL', zxid: z(1, 1) },
      { type: 'PROPOSAL', zxid: z(1, 2) },
    ]);
    // Logged (and fsynced) before anything is ACKed: the leader's own ACK is one of three.
    expect(host.logged.map((l) => [l.txn.hdr.zxid, l.fsync])).toEqual([
      [z(1, 1), true],
      [z(1, 2), true],
    ]);
    expect(host.committed).toEqual([]);

    // The follower's ACK of the second alone commits nothing: the first comes first.
    leader.receive(FOLLOWER_CONN, { type: 'ACK', zxid: z(1, 2) });
    expect(host.committed).toEqual([]);

    leader.receive(FOLLOWER_CONN, { type: 'ACK', zxid: z(1, 1) });
    expect(host.committed.map((t) => t.hdr.zxid)).toEqual([z(1, 1), z(1, 2)]);
    expect(host.sentOn(FOLLOWER_CONN)).toEqual<QuorumPacket[]>([
      { type: 'COMMIT', zxid: z(1, 1) },
      { type: 'COMMIT', zxid: z(1, 2) },
    ]);

    // A late duplicate ACK changes nothing.
    leader.receive(FOLLOWER_CONN, { type: 'ACK', zxid: z(1, 1) });
    expect(host.committed).toHaveLength(2);
    expect(leader.view.lastCommitted).toBe('0x100000002');
  });

  it('answers a sync once everything proposed before it has committed', () => {
    const { host, leader } = servingLeader();
    leader.submit(newSession(1), { op: 'createSession', timeout: 10_000 });
    leader.sync({ sessionId: 7n, cxid: 3, authIds: [] });
    expect(host.syncs).toEqual([]);
    leader.receive(FOLLOWER_CONN, { type: 'ACK', zxid: z(1, 1) });
    expect(host.syncs).toEqual([{ sessionId: 7n, cxid: 3, authIds: [] }]);
  });

  it('on shutdown fast-forwards over what it proposed and never committed', () => {
    const { host, leader } = servingLeader();
    leader.submit(newSession(1), { op: 'createSession', timeout: 10_000 });
    leader.shutdown();
    expect(host.reloads).toEqual(['fastforward 1']);
    expect(host.db.lastProcessedZxid).toBe(z(1, 1));
  });
});

describe('Leader with an observer, against a fake host', () => {
  const OBSERVER_CONN = 11;
  /** Leader 1 of voters 1-3 with follower 2 and observer 4, both synced; `bugs` switched on. */
  function withObserver(bugs: ProtocolBug[]) {
    const host = new FakeRoleHost(fakeConfig(1, { observers: [4], bugs: new Set(bugs) }));
    const leader = new Leader(new FakeZabPeer(host));
    leader.start();
    leader.accept(FOLLOWER_CONN, { type: 'FOLLOWERINFO', sid: 2, acceptedEpoch: 0 });
    leader.accept(OBSERVER_CONN, { type: 'OBSERVERINFO', sid: 4, acceptedEpoch: 0 });
    for (const conn of [FOLLOWER_CONN, OBSERVER_CONN]) {
      leader.receive(conn, { type: 'ACKEPOCH', currentEpoch: 0, lastLoggedZxid: 0 });
      leader.receive(conn, { type: 'ACK', zxid: z(1, 0) });
    }
    host.sentOn(FOLLOWER_CONN);
    host.sentOn(OBSERVER_CONN);
    leader.submit(newSession(1), { op: 'createSession', timeout: 10_000 });
    return { host, leader };
  }

  it('sends an observer no proposal, and the committed txn as INFORM once the voters have it', () => {
    const { host, leader } = withObserver([]);
    expect(host.sentOn(OBSERVER_CONN)).toEqual([]);
    // An ACK on the observer's connection does not count towards the quorum.
    leader.receive(OBSERVER_CONN, { type: 'ACK', zxid: z(1, 1) });
    expect(host.committed).toEqual([]);
    leader.receive(FOLLOWER_CONN, { type: 'ACK', zxid: z(1, 1) });
    expect(host.committed.map((t) => t.hdr.zxid)).toEqual([z(1, 1)]);
    expect(host.sentOn(OBSERVER_CONN)).toMatchObject([{ type: 'INFORM', zxid: z(1, 1) }]);
  });

  it('with observer-acks-count, the observer gets the proposal and its ACK makes a "quorum" with the leader alone', () => {
    const { host, leader } = withObserver(['observer-acks-count']);
    expect(host.sentOn(OBSERVER_CONN)).toMatchObject([{ type: 'PROPOSAL', zxid: z(1, 1) }]);
    leader.receive(OBSERVER_CONN, { type: 'ACK', zxid: z(1, 1) });
    // Committed on one voter of three: the bug the checker must catch.
    expect(host.committed.map((t) => t.hdr.zxid)).toEqual([z(1, 1)]);
  });
});

/** A Follower (sid 2) of leader 1, connected, that has acknowledged epoch 1. */
function learnerInSync() {
  const host = new FakeRoleHost(fakeConfig(2));
  const peer = new FakeZabPeer(host);
  const learner = new Learner(peer, 1, false);
  learner.start();
  expect(host.out).toContainEqual({ type: 'connect', to: 'zk1', ref: LEARNER_REF_BASE + 1 });
  learner.connected(LEADER_CONN, LEARNER_REF_BASE + 1);
  learner.receive(LEADER_CONN, { type: 'LEADERINFO', epoch: 1 });
  return { host, peer, learner };
}

describe('Learner against a fake host', () => {
  it('registers, acknowledges the epoch with its last zxid', () => {
    const { host, peer } = learnerInSync();
    expect(host.sentOn(LEADER_CONN)).toEqual<QuorumPacket[]>([
      { type: 'FOLLOWERINFO', sid: 2, acceptedEpoch: 0 },
      { type: 'ACKEPOCH', currentEpoch: 0, lastLoggedZxid: 0 },
    ]);
    expect(peer.acceptedEpoch).toBe(1);
    expect(peer.currentEpoch).toBe(0);
  });

  it('DIFF: logs and applies what was committed during sync at NEWLEADER, then ACKs proposals in BROADCAST', () => {
    const { host, peer, learner } = learnerInSync();
    host.sentOn(LEADER_CONN);
    const t1 = sessionTxn(1n, z(1, 1));
    const t2 = sessionTxn(2n, z(1, 2));
    learner.receive(LEADER_CONN, { type: 'DIFF', zxid: 0 });
    learner.receive(LEADER_CONN, { type: 'PROPOSAL', zxid: z(1, 1), txn: t1 });
    learner.receive(LEADER_CONN, { type: 'COMMIT', zxid: z(1, 1) });
    expect(host.committed).toEqual([]);
    learner.receive(LEADER_CONN, { type: 'NEWLEADER', zxid: z(1, 0) });
    expect(host.logged.map((l) => l.txn)).toEqual([t1]);
    expect(host.committed).toEqual([t1]);
    expect(peer.currentEpoch).toBe(1);
    learner.receive(LEADER_CONN, { type: 'UPTODATE' });
    expect(host.serving).toBe(true);
    expect(learner.syncedBy).toBe('DIFF');

    learner.receive(LEADER_CONN, { type: 'PROPOSAL', zxid: z(1, 2), txn: t2 });
    expect(host.committed).toEqual([t1]);
    learner.receive(LEADER_CONN, { type: 'COMMIT', zxid: z(1, 2) });
    expect(host.committed).toEqual([t1, t2]);
    expect(host.sentOn(LEADER_CONN)).toEqual<QuorumPacket[]>([
      { type: 'ACK', zxid: z(1, 0) },
      { type: 'ACK', zxid: z(1, 0) },
      { type: 'ACK', zxid: z(1, 2) },
    ]);
    expect(peer.states.at(-1)).toBe('FOLLOWING/BROADCAST');
  });

  it('TRUNC: cuts its log back to the zxid the leader names', () => {
    const { host, learner } = learnerInSync();
    learner.receive(LEADER_CONN, { type: 'TRUNC', zxid: z(1, 3) });
    expect(host.reloads).toEqual(['trunc 0x100000003']);
    expect(host.traces).toContainEqual({ kind: 'zab.trunc', server: 2, from: '0x0', to: '0x100000003' });
    expect(learner.syncedBy).toBe('TRUNC');
  });

  it('SNAP: takes the leader’s tree, and snapshots it at NEWLEADER', () => {
    const { host, learner } = learnerInSync();
    const leaderDb = new ZkDatabase({ extendedTypes: false });
    leaderDb.processTxn(sessionTxn(5n, z(1, 5)));
    learner.receive(LEADER_CONN, { type: 'SNAP', zxid: z(1, 5), snapshot: leaderDb.snapshot() });
    expect(host.reloads).toEqual(['snapshot']);
    expect(host.db.lastProcessedZxid).toBe(z(1, 5));
    expect([...host.db.sessionsWithTimeouts().keys()]).toEqual([5n]);
    expect(host.snapshots).toBe(0);
    learner.receive(LEADER_CONN, { type: 'NEWLEADER', zxid: z(1, 0) });
    expect(host.snapshots).toBe(1);
  });

  it('a COMMIT that is not its oldest pending txn ends the role (UNMATCHED_TXN_COMMIT)', () => {
    const { host, peer, learner } = learnerInSync();
    learner.receive(LEADER_CONN, { type: 'DIFF', zxid: 0 });
    learner.receive(LEADER_CONN, { type: 'NEWLEADER', zxid: z(1, 0) });
    learner.receive(LEADER_CONN, { type: 'UPTODATE' });
    learner.receive(LEADER_CONN, { type: 'COMMIT', zxid: z(1, 9) });
    expect(host.traces).toContainEqual({
      kind: 'server.fatal',
      server: 2,
      reason: 'UNMATCHED_TXN_COMMIT',
      zxid: '0x100000009',
    });
    expect(peer.elections).toBe(1);
    expect(host.committed).toEqual([]);
  });
});

describe('QuorumPeer against a fake host', () => {
  it('boots LOOKING with the epochs its disk kept, calls the other voters, and orders nothing yet', () => {
    const host = new FakeRoleHost(fakeConfig(1));
    const peer = new QuorumPeer(host);
    peer.boot({ files: { acceptedEpoch: 3, currentEpoch: 2 }, logs: {} });
    expect([peer.acceptedEpoch, peer.currentEpoch]).toEqual([3, 2]);
    expect(host.traces[0]).toMatchObject({
      kind: 'server.state',
      server: 1,
      state: 'LOOKING',
      zabState: 'ELECTION',
    });
    expect(host.out.filter((o) => o.type === 'connect').map((o) => o.type === 'connect' && o.to)).toEqual([
      'zk2',
      'zk3',
    ]);
    expect(peer.serving()).toBe(false);
    expect(peer.tracker).toBeNull();
    expect(peer.status()).toEqual({ state: 'LOOKING', zxid: 0, learners: [] });
    // A client's write while LOOKING goes nowhere: there is no role to order it.
    peer.submit(newSession(1), { op: 'createSession', timeout: 10_000 });
    expect(host.committed).toEqual([]);
    expect(host.logged).toEqual([]);
  });
});
