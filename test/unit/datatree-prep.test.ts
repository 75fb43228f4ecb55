// The outstanding view: requests prepped before earlier ones are applied see their effects.
import { describe, expect, it } from 'vitest';
import { OPEN_ACL_UNSAFE, READ_ACL_UNSAFE } from '../../src/sim/server/protocol.ts';
import { createOp, DbHarness } from '../support/db-harness.ts';

describe('pipelined writes', () => {
  it('a create under a node whose create is still outstanding succeeds', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    const t1 = h.prep(c, createOp('/a'));
    const t2 = h.prep(c, createOp('/a/b'));
    expect(t2.hdr.type).toBe('create2');
    expect(h.db.processTxn(t1).err).toBeNull();
    expect(h.db.processTxn(t2).err).toBeNull();
  });

  it('a second create of the same path fails NodeExists at prep time', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.prep(c, createOp('/a'));
    expect(h.prep(c, createOp('/a'))).toMatchObject({ hdr: { type: 'error' }, body: { err: 'NodeExists' } });
  });

  it('conditional sets see the version of the outstanding set', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.db.processTxn(h.prep(c, createOp('/v')));
    const t1 = h.prep(c, { op: 'set', path: '/v', data: '1', version: 0 });
    const bad = h.prep(c, { op: 'set', path: '/v', data: '2', version: 0 });
    const good = h.prep(c, { op: 'set', path: '/v', data: '2', version: 1 });
    expect(bad.body).toEqual({ err: 'BadVersion' });
    expect(good.body).toEqual({ path: '/v', data: '2', version: 2 });
    for (const t of [t1, bad, good]) h.db.processTxn(t);
    expect(h.db.peek('/v')).toMatchObject({ data: '2', stat: { version: 2 } });
  });

  it('delete then re-create of the same path in flight both succeed', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.db.processTxn(h.prep(c, createOp('/a')));
    const t1 = h.prep(c, { op: 'delete', path: '/a', version: -1 });
    const t2 = h.prep(c, createOp('/a'));
    expect(h.db.processTxn(t1).err).toBeNull();
    expect(h.db.processTxn(t2).err).toBeNull();
    expect(h.db.peek('/a')?.stat.czxid).toBe(t2.hdr.zxid);
  });

  it('a delete of a parent whose child create is in flight fails NotEmpty', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.db.processTxn(h.prep(c, createOp('/p')));
    h.prep(c, createOp('/p/k'));
    expect(h.prep(c, { op: 'delete', path: '/p', version: -1 }).body).toEqual({ err: 'NotEmpty' });
  });

  it('sequential creates in flight get consecutive numbers', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.db.processTxn(h.prep(c, createOp('/q')));
    const ts = [
      h.prep(c, createOp('/q/n-', { mode: 'persistent_sequential' })),
      h.prep(c, createOp('/q/n-', { mode: 'persistent_sequential' })),
    ];
    expect(ts.map((t) => h.db.processTxn(t).result?.path)).toEqual(['/q/n-0000000000', '/q/n-0000000001']);
  });

  it('a failed request adds no change record', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.prep(c, createOp('/nope/x'));
    expect(h.db.outstandingChangeCount()).toBe(0);
  });

  it('processTxn retires the change records up to its zxid', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    const t1 = h.prep(c, createOp('/a'));
    const t2 = h.prep(c, createOp('/b'));
    expect(h.db.outstandingChangeCount()).toBe(4);
    h.db.processTxn(t1);
    expect(h.db.outstandingChangeCount()).toBe(2);
    h.db.processTxn(t2);
    expect(h.db.outstandingChangeCount()).toBe(0);
  });

  it('keeps checking against the old ACL behind an outstanding setACL, as 3.8.0 does', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.db.processTxn(h.prep(c, createOp('/a')));
    h.prep(c, { op: 'set_acl', path: '/a', acl: READ_ACL_UNSAFE, version: -1 });
    expect(h.prep(c, { op: 'set', path: '/a', data: 'x', version: -1 }).hdr.type).toBe('setData');
  });

  it('records the header the leader stamped: session, cxid, zxid, time', () => {
    const h = new DbHarness();
    const c = h.session(0xabcn);
    const t = h.db.prepRequest(createOp('/h'), { ...c, cxid: 42 }, 77, 123456);
    expect(t.hdr).toEqual({ clientId: 0xabcn, cxid: 42, zxid: 77, time: 123456, type: 'create2' });
    expect(t.body).toEqual({
      path: '/h',
      data: null,
      acl: OPEN_ACL_UNSAFE,
      ephemeral: false,
      parentCVersion: 1,
    });
  });
});
