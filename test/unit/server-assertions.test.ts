// The server's always-on assertions (docs/server.md, "Assertions"): each driven into the state it
// guards against, through a fake host or a direct call, must throw — and the legal neighbour of
// that state must not.
import { describe, expect, it } from 'vitest';
import { CommitProcessor } from '../../src/sim/server/commit-processor.ts';
import { assertNextZxid, FinalRequestProcessor } from '../../src/sim/server/final-request-processor.ts';
import type { ProtocolBug } from '../../src/sim/server/quorum/bugs.ts';
import { Leader } from '../../src/sim/server/quorum/leader.ts';
import { makeZxid } from '../../src/sim/server/quorum/packets.ts';
import { QuorumPeer } from '../../src/sim/server/quorum/quorum-peer.ts';
import { ServerCnxnFactory } from '../../src/sim/server/server-cnxn.ts';
import { commitOrderHolds } from '../../src/sim/server/server-config.ts';
import { ZkDatabase } from '../../src/sim/server/zkdatabase.ts';
import { FakeRoleHost, FakeZabPeer, fakeConfig, sessionTxn } from '../support/fake-role-host.ts';

const z = makeZxid;

describe('FinalRequestProcessor applies txns in zxid order with no gap', () => {
  const processor = (checkOrder: boolean) => {
    const db = new ZkDatabase({ extendedTypes: false });
    const final = new FinalRequestProcessor({
      sid: 1,
      db: () => db,
      cnxns: new ServerCnxnFactory(
        () => {},
        () => {},
      ),
      commits: new CommitProcessor(),
      tracker: () => null,
      trace: () => {},
      afterApply: () => {},
      checkOrder,
    });
    return { db, final };
  };

  it('the next zxid, or the first of a newer epoch, is accepted; a gap or a step back throws', () => {
    expect(() => assertNextZxid(z(1, 4), z(1, 5))).not.toThrow();
    expect(() => assertNextZxid(z(1, 4), z(3, 1))).not.toThrow();
    expect(() => assertNextZxid(z(1, 4), z(1, 6))).toThrow(/committing zxid 0x100000006 after 0x100000004/);
    expect(() => assertNextZxid(z(1, 4), z(1, 4))).toThrow();
    expect(() => assertNextZxid(z(1, 4), z(2, 2))).toThrow();
    expect(() => assertNextZxid(z(2, 1), z(1, 5))).toThrow();
  });

  it('commit() refuses a txn that skips one, before applying anything', () => {
    const { db, final } = processor(true);
    final.commit(sessionTxn(1n, z(1, 1)));
    expect(() => final.commit(sessionTxn(2n, z(1, 3)))).toThrow(/FinalRequestProcessor/);
    expect(db.lastProcessedZxid).toBe(z(1, 1));
    expect([...db.sessionsWithTimeouts().keys()]).toEqual([1n]);
  });

  it('is off under the deliberate bugs that break log agreement (the checker catches those)', () => {
    expect(commitOrderHolds(new Set())).toBe(true);
    expect(commitOrderHolds(new Set<ProtocolBug>(['ack-before-fsync', 'observer-acks-count']))).toBe(true);
    expect(commitOrderHolds(new Set<ProtocolBug>(['skip-epoch-agreement']))).toBe(false);
    expect(commitOrderHolds(new Set<ProtocolBug>(['diff-instead-of-trunc']))).toBe(false);
    const { db, final } = processor(false);
    final.commit(sessionTxn(1n, z(1, 1)));
    final.commit(sessionTxn(2n, z(1, 3)));
    expect(db.lastProcessedZxid).toBe(z(1, 3));
  });
});

describe('Leader#tryToCommit commits in order, nothing it did not propose', () => {
  it('throws when the proposal a quorum ACKed carries another zxid than it was proposed under', () => {
    const host = new FakeRoleHost(fakeConfig(1));
    const leader = new Leader(new FakeZabPeer(host));
    leader.start();
    leader.accept(10, { type: 'FOLLOWERINFO', sid: 2, acceptedEpoch: 0 });
    leader.receive(10, { type: 'ACKEPOCH', currentEpoch: 0, lastLoggedZxid: 0 });
    leader.receive(10, { type: 'ACK', zxid: z(1, 0) });
    // A PrepRequestProcessor that stamps the wrong zxid on its txn.
    host.prepWith = (origin, _body, zxid) => sessionTxn(origin.sessionId, zxid + 5);
    leader.submit({ sessionId: 1n, cxid: 0, authIds: [] }, { op: 'createSession', timeout: 10_000 });
    expect(() => leader.receive(10, { type: 'ACK', zxid: z(1, 1) })).toThrow(
      /Leader#tryToCommit: committing 0x100000006 after 0x100000000 \(last proposed 0x100000001\)/,
    );
    expect(host.committed).toEqual([]);
  });
});

describe('QuorumPeer: epochs never go down, and currentEpoch is always one accepted', () => {
  const peer = (bugs: ProtocolBug[] = []) =>
    new QuorumPeer(new FakeRoleHost(fakeConfig(2, { bugs: new Set(bugs) })));

  it('throws on a lower acceptedEpoch or currentEpoch, or a currentEpoch above acceptedEpoch', () => {
    const p = peer();
    p.writeEpoch('acceptedEpoch', 3);
    p.writeEpoch('currentEpoch', 3);
    p.writeEpoch('acceptedEpoch', 4);
    expect(() => p.writeEpoch('acceptedEpoch', 2)).toThrow(/acceptedEpoch would go down from 4 to 2/);
    expect(() => p.writeEpoch('currentEpoch', 1)).toThrow(/currentEpoch would go down from 3 to 1/);
    expect(() => p.writeEpoch('currentEpoch', 5)).toThrow(/currentEpoch 5 was never accepted/);
    expect([p.acceptedEpoch, p.currentEpoch]).toEqual([4, 3]);
  });

  it('lets skip-epoch-agreement take an epoch back, as that bug does on purpose', () => {
    const p = peer(['skip-epoch-agreement']);
    p.writeEpoch('acceptedEpoch', 4);
    p.writeEpoch('acceptedEpoch', 2);
    expect(p.acceptedEpoch).toBe(2);
  });
});
