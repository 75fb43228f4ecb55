// Snapshots and txn replay: the disk image of the database and replica determinism.
import { describe, expect, it } from 'vitest';
import { OPEN_ACL_UNSAFE } from '../../src/sim/server/protocol.ts';
import type { Txn } from '../../src/sim/server/zkdatabase.ts';
import { ZkDatabase } from '../../src/sim/server/zkdatabase.ts';
import { createOp, DbHarness, dumpTree, worldAcl } from '../support/db-harness.ts';

const CFG = { extendedTypes: true };

/** Build a database with a bit of everything, returning it with the txns that built it. */
function build() {
  const h = new DbHarness(CFG, { sessionTimeout: 5000 });
  const a = h.session(0x101n);
  const b = h.session(0x102n);
  h.create(a, '/p', { data: 'root of p' });
  // Grow /p's children set to 16 buckets, then shrink it: a naive rebuild would reorder it.
  for (const n of ['na', 'nf', 'nb', 'nc', 'nd', 'ne', 'ng']) h.create(a, `/p/${n}`);
  for (const n of ['nb', 'nc', 'nd', 'ne', 'ng']) h.del(a, `/p/${n}`);
  h.create(a, '/p/e-', { data: 'x', mode: 'ephemeral_sequential' });
  h.create(b, '/eb', { data: 'é', mode: 'ephemeral' });
  h.create(a, '/c', { mode: 'container' });
  h.create(a, '/c/k');
  h.del(a, '/c/k');
  h.create(a, '/t', { mode: 'persistent_ttl', ttl: 100 });
  h.write(a, { op: 'set', path: '/p', data: 'changed', version: 0 });
  h.write(a, { op: 'set_acl', path: '/p/na', acl: worldAcl(1), version: 0 });
  h.multi(a, [{ op: 'check', path: '/p', version: 99 }]);
  return { db: h.db, txns: h.txns, time: h.time };
}

describe('snapshot / fromSnapshot', () => {
  it('round-trips every node (data, stat, acl, children order, raw owner), sessions and lastProcessedZxid', () => {
    const { db } = build();
    const copy = ZkDatabase.fromSnapshot(CFG, db.snapshot());
    expect(dumpTree(copy)).toEqual(dumpTree(db));
    expect(copy.lastProcessedZxid).toBe(db.lastProcessedZxid);
    expect([...copy.sessionsWithTimeouts()]).toEqual([...db.sessionsWithTimeouts()]);
    expect(copy.nodeCount()).toBe(db.nodeCount());
  });

  it('keeps the children order of a set that grew and shrank', () => {
    const { db } = build();
    // 16 buckets: na (3) before nf (8); a set rebuilt with 8 buckets would put nf (0) first.
    expect(db.peek('/p')?.children).toEqual(['na', 'e-0000000007', 'nf']);
    expect(ZkDatabase.fromSnapshot(CFG, db.snapshot()).peek('/p')?.children).toEqual(db.peek('/p')?.children);
  });

  it('is plain data: it survives structuredClone', () => {
    const { db } = build();
    const copy = ZkDatabase.fromSnapshot(CFG, structuredClone(db.snapshot()));
    expect(dumpTree(copy)).toEqual(dumpTree(db));
  });

  it('restores the ephemeral, container and TTL bookkeeping', () => {
    const { db, time } = build();
    const copy = ZkDatabase.fromSnapshot(CFG, db.snapshot());
    expect(copy.getEphemerals(0x101n)).toEqual(db.getEphemerals(0x101n));
    expect(copy.getEphemerals(0x102n)).toEqual(['/eb']);
    expect(copy.containerCandidates(time + 1000)).toEqual(db.containerCandidates(time + 1000));
    expect(copy.containerCandidates(time + 1000).sort()).toEqual(['/c', '/t']);
  });

  it('behaves identically afterwards (sequence numbers, session close)', () => {
    const { db } = build();
    const copy = ZkDatabase.fromSnapshot(CFG, db.snapshot());
    const ctx = { sessionId: 0x101n, cxid: 9, authIds: [] };
    const req = createOp('/p/s-', { mode: 'persistent_sequential' });
    for (const d of [db, copy]) {
      d.processTxn(d.prepRequest(req, ctx, 1000, 5));
      d.processTxn(d.prepCloseSession(ctx, 1001, 6));
    }
    expect(dumpTree(copy)).toEqual(dumpTree(db));
  });

  it('rejects data that is not a snapshot', () => {
    expect(() => ZkDatabase.fromSnapshot(CFG, { hello: 1 })).toThrow();
  });
});

describe('txn replay', () => {
  it('gives a replica that applies the same txns an identical tree (replica determinism)', () => {
    const { db, txns } = build();
    const replica = new ZkDatabase(CFG);
    for (const t of structuredClone(txns)) replica.processTxn(t);
    expect(dumpTree(replica)).toEqual(dumpTree(db));
    expect(replica.lastProcessedZxid).toBe(db.lastProcessedZxid);
    expect([...replica.sessionsWithTimeouts()]).toEqual([...db.sessionsWithTimeouts()]);
  });

  it('replaying a logged create whose node is already there fixes the parent cversion/pzxid (fuzzy snapshot)', () => {
    const db = new ZkDatabase(CFG);
    const ctx = { sessionId: 1n, cxid: 1, authIds: [] };
    const t: Txn = {
      hdr: { clientId: 1n, cxid: 1, zxid: 5, time: 9, type: 'create' },
      body: { path: '/x', data: null, acl: OPEN_ACL_UNSAFE, ephemeral: false, parentCVersion: 1 },
    };
    db.processTxn(t);
    db.processTxn(db.prepRequest({ op: 'set', path: '/x', data: 'z', version: -1 }, ctx, 6, 10));
    const again: Txn = { ...t, hdr: { ...t.hdr, zxid: 7 }, body: { ...t.body, parentCVersion: 3 } };
    const r = db.processTxn(again);
    expect(r.err).toBe('NodeExists');
    expect(db.peek('/')?.stat).toMatchObject({ pzxid: 7, numChildren: 2, cversion: 3 * 2 - 2 });
  });
});
