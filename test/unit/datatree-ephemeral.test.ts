// Ephemerals, session close, containers and TTL nodes.
import { describe, expect, it } from 'vitest';
import { createOp, DbHarness } from '../support/db-harness.ts';

describe('ephemeral nodes', () => {
  it('are owned by the creating session', () => {
    const h = new DbHarness();
    const c = h.session(0x1234n);
    h.create(c, '/e', { mode: 'ephemeral' });
    expect(h.db.peek('/e')?.stat.ephemeralOwner).toBe(0x1234n);
    expect(h.db.getEphemerals(0x1234n)).toEqual(['/e']);
  });

  it('cannot have children, persistent or ephemeral', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/e', { mode: 'ephemeral' });
    expect(h.create(c, '/e/p').err).toBe('NoChildrenForEphemerals');
    expect(h.create(c, '/e/q', { mode: 'ephemeral' }).err).toBe('NoChildrenForEphemerals');
    expect(h.create(c, '/e/s-', { mode: 'persistent_sequential' }).err).toBe('NoChildrenForEphemerals');
  });

  it('can be set and deleted by another session; set keeps the owner', () => {
    const h = new DbHarness();
    const a = h.session(1n);
    const b = h.session(2n);
    h.create(a, '/e1', { mode: 'ephemeral' });
    h.create(a, '/e2', { mode: 'ephemeral' });
    expect(h.write(b, { op: 'set', path: '/e1', data: 'by b', version: -1 }).err).toBeNull();
    expect(h.db.peek('/e1')?.stat.ephemeralOwner).toBe(1n);
    expect(h.write(b, { op: 'delete', path: '/e2', version: -1 }).err).toBeNull();
    expect(h.db.getEphemerals(1n)).toEqual(['/e1']);
  });
});

describe('closeSession', () => {
  it('removes all of the session’s ephemerals in one txn, parent pzxid = that zxid', () => {
    const h = new DbHarness();
    const a = h.session(1n);
    const b = h.session(2n);
    h.create(a, '/p');
    h.create(a, '/p/e1', { mode: 'ephemeral' });
    h.create(a, '/p/e2', { mode: 'ephemeral' });
    h.create(a, '/top', { mode: 'ephemeral' });
    h.create(b, '/p/other', { mode: 'ephemeral' });
    const r = h.close(a);
    expect(r.err).toBeNull();
    expect(h.db.paths().filter((p) => p.startsWith('/p') || p === '/top')).toEqual(['/p', '/p/other']);
    expect(h.db.peek('/p')?.stat).toMatchObject({ pzxid: h.zxid, numChildren: 1, cversion: 5 });
    expect(h.db.peek('/')?.stat.pzxid).toBe(h.zxid);
    expect(h.db.getEphemerals(1n)).toEqual([]);
    expect(h.db.getEphemerals(2n)).toEqual(['/p/other']);
  });

  it('lists the ephemerals in the order of a cloned Java HashSet', () => {
    const h = new DbHarness();
    const a = h.session(1n);
    h.create(a, '/p');
    for (const e of ['e1', 'e2', 'e3']) h.create(a, `/p/${e}`, { mode: 'ephemeral' });
    const txn = h.db.prepCloseSession(a, ++h.zxid, ++h.time);
    expect(txn.hdr.type).toBe('closeSession');
    expect(txn.body).toEqual({ paths2Delete: ['/p/e2', '/p/e1', '/p/e3'] });
  });

  it('fires the watch events in paths2Delete order: DELETED e3, CHILD parent, DELETED e1', () => {
    // With this prefix HashSet order puts e3 first, which is the pattern observed on a real server.
    const h = new DbHarness();
    const a = h.session(1n);
    const w = h.session(2n);
    h.create(w, '/zk');
    h.create(w, '/zk/p');
    for (const e of ['e1', 'e2', 'e3']) h.create(a, `/zk/p/${e}`, { mode: 'ephemeral' });
    h.read(w, { op: 'exists', path: '/zk/p/e1', watch: true });
    h.read(w, { op: 'exists', path: '/zk/p/e3', watch: true });
    h.read(w, { op: 'children', path: '/zk/p', watch: true });
    const r = h.close(a);
    expect(r.notifications.map((n) => `${n.event.type} ${n.event.path}`)).toEqual([
      'NodeDeleted /zk/p/e3',
      'NodeChildrenChanged /zk/p',
      'NodeDeleted /zk/p/e1',
    ]);
    expect(r.notifications.every((n) => n.zxid === h.zxid && n.watcher === 'W')).toBe(true);
  });

  it('includes outstanding creates and skips outstanding deletes of the session', () => {
    const h = new DbHarness();
    const a = h.session(1n);
    h.create(a, '/gone', { mode: 'ephemeral' });
    const tCreate = h.prep(a, createOp('/new', { mode: 'ephemeral' }));
    const tDelete = h.prep(a, { op: 'delete', path: '/gone', version: -1 });
    const tClose = h.db.prepCloseSession(a, ++h.zxid, ++h.time);
    expect(tClose.body).toEqual({ paths2Delete: ['/new'] });
    h.db.processTxn(tCreate);
    h.db.processTxn(tDelete);
    const r = h.db.processTxn(tClose);
    expect(r.err).toBeNull();
    expect(h.db.peek('/new')).toBeNull();
    expect(h.db.peek('/gone')).toBeNull();
  });

  it('counts the removed ephemerals as deletes in the parent cversion', () => {
    const h = new DbHarness();
    const a = h.session(1n);
    const b = h.session(2n);
    h.create(b, '/q');
    h.create(a, '/q/x', { mode: 'ephemeral' });
    h.create(a, '/q/y', { mode: 'ephemeral' });
    h.close(a);
    expect(h.db.peek('/q')?.stat).toMatchObject({ cversion: 4, numChildren: 0 });
  });

  it('of a session without ephemerals still takes a zxid and changes nothing else', () => {
    const h = new DbHarness();
    const a = h.session(1n);
    h.create(a, '/keep');
    const before = h.nodes();
    const r = h.close(a);
    expect(r).toEqual({ type: 'closeSession', err: null, result: {}, notifications: [] });
    expect(h.nodes()).toEqual(before);
    expect(h.db.lastProcessedZxid).toBe(h.zxid);
  });
});

describe('containers', () => {
  it('store Long.MIN_VALUE as owner and show 0 to clients', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    const r = h.create(c, '/c', { mode: 'container' });
    expect(r.type).toBe('createContainer');
    expect(r.result?.stat?.ephemeralOwner).toBe(0n);
    expect(h.db.peek('/c')?.ephemeralOwnerRaw).toBe(-(2n ** 63n));
  });

  it('are never candidates before they had a child', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/c', { mode: 'container' });
    expect(h.db.containerCandidates(h.time + 10_000_000)).toEqual([]);
  });

  it('become candidates once their last child is gone, and are reaped by a deleteContainer txn', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    const w = h.session(2n);
    h.create(c, '/c', { mode: 'container' });
    h.create(c, '/c/x');
    expect(h.db.containerCandidates(h.time)).toEqual([]);
    h.del(c, '/c/x');
    expect(h.db.containerCandidates(h.time)).toEqual(['/c']);
    h.read(w, { op: 'exists', path: '/c', watch: true });
    const before = h.db.lastProcessedZxid;
    const txn = h.db.prepDeleteContainer('/c', ++h.zxid, ++h.time);
    expect(txn.hdr).toMatchObject({ type: 'deleteContainer', clientId: 0n, cxid: 0 });
    const r = h.db.processTxn(txn);
    expect(r.err).toBeNull();
    expect(h.db.lastProcessedZxid).toBe(before + 1);
    expect(h.db.peek('/c')).toBeNull();
    expect(r.notifications.map((n) => n.event)).toEqual([{ type: 'NodeDeleted', path: '/c' }]);
  });

  it('become candidates when the session owning their last ephemeral child closes', () => {
    const h = new DbHarness();
    const a = h.session(1n);
    h.create(a, '/c', { mode: 'container' });
    h.create(a, '/c/lock', { mode: 'ephemeral' });
    h.close(a);
    expect(h.db.containerCandidates(h.time)).toEqual(['/c']);
  });

  it('cannot be reaped while they have a child (NotEmpty error txn)', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/c', { mode: 'container' });
    h.create(c, '/c/x');
    const r = h.reap('/c');
    expect([r.type, r.err]).toEqual(['error', 'NotEmpty']);
  });

  it('deleteContainer refuses a session ephemeral with BadVersion, like Java', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/e', { mode: 'ephemeral' });
    expect(h.reap('/e').err).toBe('BadVersion');
    expect(h.reap('/zookeeper').err).toBe('BadArguments');
  });

  it('work without extended types', () => {
    const h = new DbHarness({ extendedTypes: false });
    const c = h.session(1n);
    expect(h.create(c, '/c', { mode: 'container' }).err).toBeNull();
  });
});

describe('TTL nodes', () => {
  it('store 0xFF00… | ttl as owner and show 0 to clients', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    const r = h.create(c, '/t', { mode: 'persistent_ttl', ttl: 3000 });
    expect(r.type).toBe('createTTL');
    expect(r.result?.stat?.ephemeralOwner).toBe(0n);
    expect(h.db.peek('/t')?.ephemeralOwnerRaw).toBe(BigInt.asIntN(64, 0xff00000000000000n | 3000n));
  });

  it('become candidates when childless and now − mtime > ttl; a set pushes that out', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/t', { mode: 'persistent_ttl', ttl: 3000 });
    const created = h.time;
    expect(h.db.containerCandidates(created + 3000)).toEqual([]);
    expect(h.db.containerCandidates(created + 3001)).toEqual(['/t']);
    h.time = created + 2000;
    h.set(c, '/t');
    expect(h.db.containerCandidates(created + 3001)).toEqual([]);
    expect(h.db.containerCandidates(h.time + 3001)).toEqual(['/t']);
  });

  it('are not candidates while they have a child', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/t', { mode: 'persistent_ttl', ttl: 10 });
    h.create(c, '/t/kid');
    expect(h.db.containerCandidates(h.time + 1000)).toEqual([]);
    h.del(c, '/t/kid');
    expect(h.db.containerCandidates(h.time + 1000)).toEqual(['/t']);
    expect(h.reap('/t').err).toBeNull();
    expect(h.db.peek('/t')).toBeNull();
  });

  it('accept 1 … 2^40−1 ms and refuse 0, negative and 2^40 with BadArguments', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    expect(h.create(c, '/ok', { mode: 'persistent_ttl', ttl: 2 ** 40 - 1 }).err).toBeNull();
    expect(h.create(c, '/one', { mode: 'persistent_ttl', ttl: 1 }).err).toBeNull();
    for (const ttl of [0, -5, 2 ** 40]) {
      expect(h.create(c, `/bad${ttl}`, { mode: 'persistent_ttl', ttl }).err, String(ttl)).toBe(
        'BadArguments',
      );
    }
    expect(h.create(c, '/missing', { mode: 'persistent_ttl' }).err).toBe('BadArguments');
  });

  it('refuse a ttl with an ephemeral (or any non-TTL) mode', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    expect(h.create(c, '/e', { mode: 'ephemeral', ttl: 3000 }).err).toBe('BadArguments');
    expect(h.create(c, '/p', { mode: 'persistent', ttl: 3000 }).err).toBe('BadArguments');
    expect(h.create(c, '/c', { mode: 'container', ttl: 3000 }).err).toBe('BadArguments');
  });

  it('are Unimplemented without extended types, checked before the ttl range', () => {
    const h = new DbHarness({ extendedTypes: false });
    const c = h.session(1n);
    expect(h.create(c, '/t', { mode: 'persistent_ttl', ttl: 3000 }).err).toBe('Unimplemented');
    expect(h.create(c, '/t', { mode: 'persistent_ttl', ttl: 0 }).err).toBe('Unimplemented');
    expect(h.create(c, '/s', { mode: 'persistent_sequential_ttl', ttl: 3000 }).err).toBe('Unimplemented');
  });

  it('can be sequential', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/q');
    expect(h.create(c, '/q/t-', { mode: 'persistent_sequential_ttl', ttl: 500 }).result?.path).toBe(
      '/q/t-0000000000',
    );
  });
});
