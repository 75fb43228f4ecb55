// multi: one zxid, atomic, sequential visibility, result shapes, rollback of change records.
import { describe, expect, it } from 'vitest';
import { createOp, DbHarness } from '../support/db-harness.ts';

describe('a successful multi', () => {
  it('applies every op at one zxid and answers create → path, set → stat, delete/check → ok', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/d');
    const r = h.multi(c, [
      createOp('/m'),
      createOp('/m/a', { data: 'x' }),
      { op: 'set', path: '/m/a', data: 'yy', version: 0 },
      { op: 'check', path: '/m/a', version: 1 },
      { op: 'delete', path: '/d', version: 0 },
    ]);
    const z = h.zxid;
    expect(r.type).toBe('multi');
    expect(r.err).toBeNull();
    const results = r.result?.results ?? [];
    expect(results.map((x) => x.op)).toEqual(['create', 'create', 'set', 'check', 'delete']);
    // A plain create (OpCode.create) answers with its path only (issue #12 item 7).
    expect(results[0]).toEqual({ op: 'create', path: '/m' });
    expect(results[2]).toMatchObject({ op: 'set', stat: { version: 1, mzxid: z, dataLength: 2 } });
    expect(h.db.peek('/m')?.stat.czxid).toBe(z);
    expect(h.db.peek('/m/a')?.stat.czxid).toBe(z);
    expect(h.db.peek('/d')).toBeNull();
    expect(h.db.lastProcessedZxid).toBe(z);
  });

  it('uses create sub-txns (Op.create), createContainer and createTTL by mode', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    const txn = h.prep(c, {
      op: 'multi',
      ops: [
        createOp('/a'),
        createOp('/c', { mode: 'container' }),
        createOp('/t', { mode: 'persistent_ttl', ttl: 5 }),
      ],
    });
    expect(txn.hdr.type).toBe('multi');
    expect((txn.body as { txns: { type: string }[] }).txns.map((t) => t.type)).toEqual([
      'create',
      'createContainer',
      'createTTL',
    ]);
    expect(h.db.processTxn(txn).err).toBeNull();
  });

  it('lets later ops see earlier ones: create+delete of the same nodes still counts in the parent cversion', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/m');
    const r = h.multi(c, [
      createOp('/m/x'),
      createOp('/m/x/y'),
      { op: 'delete', path: '/m/x/y', version: -1 },
      { op: 'delete', path: '/m/x', version: -1 },
    ]);
    expect(r.err).toBeNull();
    expect(h.db.peek('/m/x')).toBeNull();
    expect(h.db.peek('/m')?.stat).toMatchObject({ cversion: 2, numChildren: 0, pzxid: h.zxid });
  });

  it('allows an empty multi, which still takes a zxid', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    const before = h.db.lastProcessedZxid;
    const r = h.multi(c, []);
    expect(r).toEqual({ type: 'multi', err: null, result: { results: [] }, notifications: [] });
    expect(h.db.lastProcessedZxid).toBe(before + 1);
  });

  it('fires each applied op’s events in op order, all with the multi zxid', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/m');
    h.read(c, { op: 'exists', path: '/m/a', watch: true });
    h.read(c, { op: 'children', path: '/m', watch: true });
    h.read(c, { op: 'get', path: '/m', watch: true });
    const r = h.multi(c, [createOp('/m/a'), { op: 'set', path: '/m', data: 'z', version: -1 }]);
    // Each carries the ACL of the node it is about, for the READ check (issue #12 item 6).
    expect(r.notifications.map(({ acl: _acl, ...n }) => n)).toEqual([
      { watcher: 'W', zxid: h.zxid, event: { type: 'NodeCreated', path: '/m/a' } },
      { watcher: 'W', zxid: h.zxid, event: { type: 'NodeChildrenChanged', path: '/m' } },
      { watcher: 'W', zxid: h.zxid, event: { type: 'NodeDataChanged', path: '/m' } },
    ]);
  });
});

describe('a failed multi', () => {
  it('reports RolledBack before, the error at, RuntimeInconsistency after the failing op, and applies nothing', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/x', { data: 'v' });
    const before = h.nodes();
    const r = h.multi(c, [
      createOp('/new'),
      { op: 'set', path: '/x', data: 'w', version: -1 },
      { op: 'delete', path: '/missing', version: -1 },
      createOp('/later'),
    ]);
    expect(r.type).toBe('multi');
    expect(r.err).toBe('NoNode');
    expect(r.result?.results).toEqual([
      { op: 'error', err: 'RolledBack' },
      { op: 'error', err: 'RolledBack' },
      { op: 'error', err: 'NoNode' },
      { op: 'error', err: 'RuntimeInconsistency' },
    ]);
    expect(r.notifications).toEqual([]);
    expect(h.nodes()).toEqual(before);
    expect(h.db.lastProcessedZxid).toBe(h.zxid);
  });

  it('with a check failing at index 0 gives [BadVersion, RuntimeInconsistency]', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/x');
    const r = h.multi(c, [{ op: 'check', path: '/x', version: 3 }, createOp('/y')]);
    expect(r.result?.results).toEqual([
      { op: 'error', err: 'BadVersion' },
      { op: 'error', err: 'RuntimeInconsistency' },
    ]);
    expect(h.db.peek('/y')).toBeNull();
  });

  it('logs error sub-txns: the failing code, then RuntimeInconsistency for every later op', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    const txn = h.prep(c, { op: 'multi', ops: [createOp('/a'), createOp('/nope/b'), createOp('/c')] });
    expect(txn.hdr.type).toBe('multi');
    expect(txn.body).toMatchObject({
      txns: [
        { type: 'create' },
        { type: 'error', body: { err: 'NoNode' } },
        { type: 'error', body: { err: 'RuntimeInconsistency' } },
      ],
    });
  });

  it('rolls back the parent’s sequence bump (ZOOKEEPER-1624)', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/s');
    const r = h.multi(c, [
      createOp('/s/n-', { mode: 'persistent_sequential' }),
      { op: 'check', path: '/s', version: 9 },
    ]);
    expect(r.err).toBe('BadVersion');
    const next = h.create(c, '/s/n-', { mode: 'persistent_sequential' });
    expect(next.result?.path).toBe('/s/n-0000000000');
  });

  it('restores the outstanding records of earlier pipelined requests when it rolls back', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/s');
    const seq = createOp('/s/n-', { mode: 'persistent_sequential' });
    const t1 = h.prep(c, seq); // n-0, not applied yet
    const t2 = h.prep(c, { op: 'multi', ops: [seq, { op: 'check', path: '/s', version: 9 }] });
    const t3 = h.prep(c, seq); // must see t1's bump, not t2's
    expect(h.db.processTxn(t1).result?.path).toBe('/s/n-0000000000');
    expect(h.db.processTxn(t2).err).toBe('BadVersion');
    expect(h.db.processTxn(t3).result?.path).toBe('/s/n-0000000001');
    expect(h.db.outstandingChangeCount()).toBe(0);
  });
});
