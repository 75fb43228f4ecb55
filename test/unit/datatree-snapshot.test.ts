// Snapshots and txn replay: the disk image of the database and replica determinism.
import { describe, expect, it } from 'vitest';
import type { SessionId } from '../../src/sim/server/protocol.ts';
import { OPEN_ACL_UNSAFE } from '../../src/sim/server/protocol.ts';
import type { RequestContext, Txn, WriteRequest } from '../../src/sim/server/zkdatabase.ts';
import { ZkDatabase } from '../../src/sim/server/zkdatabase.ts';

const CFG = { extendedTypes: true };

/** Build a database with a bit of everything, returning it with the txns that built it. */
function build() {
  const db = new ZkDatabase(CFG);
  const txns: Txn[] = [];
  let zxid = 0;
  let time = 1000;
  const apply = (t: Txn) => {
    txns.push(t);
    db.processTxn(t);
  };
  const session = (id: SessionId): RequestContext => {
    const ctx = { sessionId: id, cxid: 0, authIds: [{ scheme: 'ip', id: '127.0.0.1' }] };
    apply(db.prepCreateSession(ctx, 5000, ++zxid, ++time));
    return ctx;
  };
  const write = (ctx: RequestContext, req: WriteRequest) => apply(db.prepRequest(req, ctx, ++zxid, ++time));
  const a = session(0x101n);
  const b = session(0x102n);
  write(a, { op: 'create', path: '/p', data: 'root of p', acl: OPEN_ACL_UNSAFE, mode: 'persistent' });
  // Grow /p's children set to 16 buckets, then shrink it: a naive rebuild would reorder it.
  for (const n of ['na', 'nf', 'nb', 'nc', 'nd', 'ne', 'ng']) {
    write(a, { op: 'create', path: `/p/${n}`, data: null, acl: OPEN_ACL_UNSAFE, mode: 'persistent' });
  }
  for (const n of ['nb', 'nc', 'nd', 'ne', 'ng']) write(a, { op: 'delete', path: `/p/${n}`, version: -1 });
  write(a, { op: 'create', path: '/p/e-', data: 'x', acl: OPEN_ACL_UNSAFE, mode: 'ephemeral_sequential' });
  write(b, { op: 'create', path: '/eb', data: 'é', acl: OPEN_ACL_UNSAFE, mode: 'ephemeral' });
  write(a, { op: 'create', path: '/c', data: null, acl: OPEN_ACL_UNSAFE, mode: 'container' });
  write(a, { op: 'create', path: '/c/k', data: null, acl: OPEN_ACL_UNSAFE, mode: 'persistent' });
  write(a, { op: 'delete', path: '/c/k', version: -1 });
  write(a, { op: 'create', path: '/t', data: null, acl: OPEN_ACL_UNSAFE, mode: 'persistent_ttl', ttl: 100 });
  write(a, { op: 'set', path: '/p', data: 'changed', version: 0 });
  write(a, { op: 'set_acl', path: '/p/na', acl: [{ perms: 1, scheme: 'world', id: 'anyone' }], version: 0 });
  write(a, { op: 'multi', ops: [{ op: 'check', path: '/p', version: 99 }] });
  return { db, txns, time };
}

function dump(db: ZkDatabase) {
  return db.paths().map((p) => [p, db.peek(p)]);
}

describe('snapshot / fromSnapshot', () => {
  it('round-trips every node (data, stat, acl, children order, raw owner), sessions and lastProcessedZxid', () => {
    const { db } = build();
    const copy = ZkDatabase.fromSnapshot(CFG, db.snapshot());
    expect(dump(copy)).toEqual(dump(db));
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
    expect(dump(copy)).toEqual(dump(db));
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
    const req: WriteRequest = {
      op: 'create',
      path: '/p/s-',
      data: null,
      acl: OPEN_ACL_UNSAFE,
      mode: 'persistent_sequential',
    };
    for (const d of [db, copy]) {
      d.processTxn(d.prepRequest(req, ctx, 1000, 5));
      d.processTxn(d.prepCloseSession(ctx, 1001, 6));
    }
    expect(dump(copy)).toEqual(dump(db));
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
    expect(dump(replica)).toEqual(dump(db));
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
