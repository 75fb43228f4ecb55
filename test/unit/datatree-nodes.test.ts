// Nodes, Stat bookkeeping, sequential names, error order and path handling, through the ZkDatabase facade.
import { describe, expect, it } from 'vitest';
import type { DataTree } from '../../src/sim/server/datatree.ts';
import { sequenceSuffix } from '../../src/sim/server/prep.ts';
import { OPEN_ACL_UNSAFE, Perms } from '../../src/sim/server/protocol.ts';
import type { WriteRequest } from '../../src/sim/server/zkdatabase.ts';
import { ZkDatabase } from '../../src/sim/server/zkdatabase.ts';
import { createOp, DbHarness, worldAcl } from '../support/db-harness.ts';

describe('the fresh tree', () => {
  const db = new ZkDatabase({ extendedTypes: false });

  it('holds /, /zookeeper, /zookeeper/quota and /zookeeper/config, all at zxid 0', () => {
    expect(db.paths()).toEqual(['/', '/zookeeper', '/zookeeper/config', '/zookeeper/quota']);
    for (const p of db.paths()) {
      const s = db.peek(p)?.stat;
      expect([s?.czxid, s?.mzxid, s?.pzxid], p).toEqual([0, 0, 0]);
    }
    expect(db.lastProcessedZxid).toBe(0);
  });

  it('reports cversion −1 on the root (one child, no create) and −2 on /zookeeper', () => {
    expect(db.peek('/')?.stat).toMatchObject({ cversion: -1, numChildren: 1, pzxid: 0 });
    expect(db.peek('/zookeeper')?.stat).toMatchObject({ cversion: -2, numChildren: 2 });
    expect(db.peek('/zookeeper/quota')?.stat).toMatchObject({ cversion: 0, numChildren: 0 });
  });

  it('gives the root world:anyone cdrwa and /zookeeper/config read-only with aversion −1', () => {
    expect(db.peek('/')?.acl).toEqual([{ perms: Perms.ALL, scheme: 'world', id: 'anyone' }]);
    expect(db.peek('/zookeeper/config')?.acl).toEqual([{ perms: Perms.READ, scheme: 'world', id: 'anyone' }]);
    expect(db.peek('/zookeeper/config')?.stat.aversion).toBe(-1);
  });

  it('lists children in Java HashSet order', () => {
    expect(db.peek('/zookeeper')?.children).toEqual(['config', 'quota']);
  });

  it('counts nodes as mntr does (the root twice)', () => {
    expect(db.nodeCount()).toBe(5);
  });

  it('lets an ensemble member write its config into /zookeeper/config with version −1', () => {
    const d = new ZkDatabase({ extendedTypes: false });
    d.initConfigNode('server.1=a:2888:3888', 0x100000000, 77);
    expect(d.peek('/zookeeper/config')).toMatchObject({
      data: 'server.1=a:2888:3888',
      stat: { version: -1, mzxid: 0x100000000, mtime: 77, dataLength: 20 },
    });
  });
});

describe('Stat bookkeeping', () => {
  it('sets czxid = mzxid = pzxid and ctime = mtime on create, all versions 0', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    const r = h.create(c, '/a', { data: 'hello' });
    expect(r.err).toBeNull();
    expect(r.result?.stat).toEqual({
      czxid: h.zxid,
      mzxid: h.zxid,
      pzxid: h.zxid,
      ctime: h.time,
      mtime: h.time,
      version: 0,
      cversion: 0,
      aversion: 0,
      ephemeralOwner: 0n,
      dataLength: 5,
      numChildren: 0,
    });
    expect(r.result?.path).toBe('/a');
  });

  it('moves the parent pzxid and numChildren on child create and delete, not its mzxid or version', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/p');
    const before = h.db.peek('/p')?.stat;
    h.create(c, '/p/x');
    const afterCreate = h.db.peek('/p')?.stat;
    expect(afterCreate).toMatchObject({ pzxid: h.zxid, numChildren: 1, cversion: 1 });
    expect([afterCreate?.mzxid, afterCreate?.version]).toEqual([before?.mzxid, before?.version]);
    h.del(c, '/p/x');
    expect(h.db.peek('/p')?.stat).toMatchObject({ pzxid: h.zxid, numChildren: 0, cversion: 2 });
  });

  it('bumps version and mzxid/mtime on set, leaves pzxid, and counts a same-bytes set as a change', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/a', { data: 'v' });
    const czxid = h.zxid;
    const r1 = h.write(c, { op: 'set', path: '/a', data: 'v', version: 0 });
    expect(r1.result?.stat).toMatchObject({ version: 1, mzxid: h.zxid, mtime: h.time, pzxid: czxid, czxid });
    const r2 = h.write(c, { op: 'set', path: '/a', data: 'v', version: 1 });
    expect(r2.result?.stat?.version).toBe(2);
  });

  it("does not touch the parent on a child's data change", () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/p');
    h.create(c, '/p/x');
    const before = h.db.peek('/p');
    h.set(c, '/p/x', 'z');
    expect(h.db.peek('/p')).toEqual(before);
  });

  it('reports cversion = creates + deletes: /q after 4 creates and 2 deletes is 6', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/q');
    for (const n of ['a', 'b', 'c', 'd']) h.create(c, `/q/${n}`);
    h.del(c, '/q/a');
    h.del(c, '/q/b');
    expect(h.db.peek('/q')?.stat).toMatchObject({ cversion: 6, numChildren: 2 });
  });

  it('reports cversion 0 on the root after the first create under it', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/a');
    expect(h.db.peek('/')?.stat.cversion).toBe(0);
  });

  it('stores null data as null with dataLength 0, and measures data in UTF-8 bytes', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/n', { data: null });
    expect(h.read(c, { op: 'get', path: '/n', watch: false }).result).toMatchObject({
      data: null,
      stat: { dataLength: 0 },
    });
    h.create(c, '/u', { data: 'é€😀' });
    expect(h.db.peek('/u')?.stat.dataLength).toBe(2 + 3 + 4);
    h.create(c, '/e', { data: '' });
    expect(h.db.peek('/e')).toMatchObject({ data: '', stat: { dataLength: 0 } });
  });

  it('bumps aversion on setACL and leaves version and mzxid alone', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/a');
    const r = h.write(c, { op: 'set_acl', path: '/a', acl: OPEN_ACL_UNSAFE, version: 0 });
    expect(r.err).toBeNull();
    expect(r.result?.stat).toMatchObject({ aversion: 1, version: 0, mzxid: h.zxid - 1 });
  });
});

describe('version arithmetic', () => {
  function atVersion(version: number, skip: boolean) {
    const h = new DbHarness({ extendedTypes: false, versionWrapSkipsMinusOne: skip });
    const c = h.session(1n);
    h.create(c, '/v');
    h.patchNode('/v', (n) => {
      n.stat.version = version;
    });
    return { h, c };
  }

  it('wraps a 32-bit version from 2147483647 to −2147483648', () => {
    const { h, c } = atVersion(2147483647, false);
    expect(h.write(c, { op: 'set', path: '/v', data: null, version: 2147483647 }).result?.stat?.version).toBe(
      -2147483648,
    );
  });

  it('lets a version reach −1 as 3.8.0 does (checkAndIncVersion is a plain +1)', () => {
    const { h, c } = atVersion(-2, false);
    expect(h.write(c, { op: 'set', path: '/v', data: null, version: -2 }).result?.stat?.version).toBe(-1);
  });

  it('skips −1 with the ZOOKEEPER-4743 option', () => {
    const { h, c } = atVersion(-2, true);
    expect(h.write(c, { op: 'set', path: '/v', data: null, version: -2 }).result?.stat?.version).toBe(0);
  });

  it('treats version −1 as "any" for set, delete, check and setACL', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/a');
    h.write(c, { op: 'set', path: '/a', data: 'x', version: 0 });
    expect(h.write(c, { op: 'set', path: '/a', data: 'y', version: -1 }).err).toBeNull();
    expect(h.write(c, { op: 'check', path: '/a', version: -1 }).err).toBeNull();
    expect(h.write(c, { op: 'set_acl', path: '/a', acl: OPEN_ACL_UNSAFE, version: -1 }).err).toBeNull();
    expect(h.write(c, { op: 'delete', path: '/a', version: -1 }).err).toBeNull();
  });

  it('fails a mismatched version with BadVersion for set, delete, check and setACL', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/a');
    expect(h.write(c, { op: 'set', path: '/a', data: 'x', version: 3 }).err).toBe('BadVersion');
    expect(h.write(c, { op: 'check', path: '/a', version: 3 }).err).toBe('BadVersion');
    expect(h.write(c, { op: 'set_acl', path: '/a', acl: OPEN_ACL_UNSAFE, version: 3 }).err).toBe(
      'BadVersion',
    );
    expect(h.write(c, { op: 'delete', path: '/a', version: 3 }).err).toBe('BadVersion');
    expect(h.db.peek('/a')?.stat).toMatchObject({ version: 0, aversion: 0 });
  });
});

describe('sequential nodes', () => {
  it('suffix = children ever created under the parent, any prefix, deletes not counted', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/q');
    expect(h.create(c, '/q/n-', { mode: 'persistent_sequential' }).result?.path).toBe('/q/n-0000000000');
    expect(h.create(c, '/q/n-', { mode: 'persistent_sequential' }).result?.path).toBe('/q/n-0000000001');
    h.create(c, '/q/plain');
    expect(h.create(c, '/q/n-', { mode: 'persistent_sequential' }).result?.path).toBe('/q/n-0000000003');
    h.del(c, '/q/n-0000000000');
    h.del(c, '/q/plain');
    expect(h.db.peek('/q')?.stat.cversion).toBe(6);
    expect(h.create(c, '/q/n-', { mode: 'ephemeral_sequential' }).result?.path).toBe('/q/n-0000000004');
    expect(h.create(c, '/q/other-', { mode: 'persistent_sequential' }).result?.path).toBe(
      '/q/other-0000000005',
    );
    expect(h.create(c, '/q/', { mode: 'persistent_sequential' }).result?.path).toBe('/q/0000000006');
  });

  it('uses the counter of the root too: the third child of / gets …0000000002', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/a');
    h.create(c, '/b');
    expect(h.create(c, '/s-', { mode: 'persistent_sequential' }).result?.path).toBe('/s-0000000002');
  });

  it('fails on a name collision with NodeExists, twice, without advancing the counter', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/q');
    for (let i = 0; i < 9; i++) h.create(c, `/q/f${i}`);
    h.create(c, '/q/n-0000000010'); // the 10th create: counter is now 10
    expect(h.create(c, '/q/n-', { mode: 'persistent_sequential' }).err).toBe('NodeExists');
    expect(h.create(c, '/q/n-', { mode: 'persistent_sequential' }).err).toBe('NodeExists');
    expect(h.create(c, '/q/x-', { mode: 'persistent_sequential' }).result?.path).toBe('/q/x-0000000010');
  });

  it('does not advance the counter on any failed create', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/q');
    h.create(c, '/q/a');
    expect(h.create(c, '/q/a').err).toBe('NodeExists');
    expect(h.create(c, '/q/b', { acl: [] }).err).toBe('InvalidACL');
    expect(h.create(c, '/q/s-', { mode: 'persistent_sequential' }).result?.path).toBe('/q/s-0000000001');
  });

  function nearWrap() {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/w');
    h.patchNode('/w', (n) => {
      n.stat.cversion = 2147483647;
    });
    return { h, c };
  }

  it('formats the counter as a signed 32-bit int with the sign inside the 10-character width', () => {
    expect(sequenceSuffix(5)).toBe('0000000005');
    expect(sequenceSuffix(-5)).toBe('-000000005');
    expect(sequenceSuffix(-2147483648)).toBe('-2147483648');
  });

  it('hands out −2147483648 after 2147483647 in the prep view (two pipelined creates)', () => {
    const { h, c } = nearWrap();
    const req = createOp('/w/n-', { mode: 'persistent_sequential' });
    const t1 = h.prep(c, req);
    const t2 = h.prep(c, req);
    expect(h.db.processTxn(t1).result?.path).toBe('/w/n-2147483647');
    expect(h.db.processTxn(t2).result?.path).toBe('/w/n--2147483648');
  });

  it('keeps the stored counter at 2147483647 after the wrap (createNode only moves it forward), so the next name collides', () => {
    const { h, c } = nearWrap();
    expect(h.create(c, '/w/n-', { mode: 'persistent_sequential' }).result?.path).toBe('/w/n-2147483647');
    // 2·2147483647 − 1 in 32-bit arithmetic: the reported cversion wraps as well.
    expect(h.db.peek('/w')?.stat.cversion).toBe(-3);
    expect(h.create(c, '/w/n-', { mode: 'persistent_sequential' }).err).toBe('NodeExists');
  });
});

describe('zxid consumption', () => {
  it('takes a zxid for every write, failed or not, and none for reads', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    expect(h.db.lastProcessedZxid).toBe(1);
    h.create(c, '/a');
    const failing: WriteRequest[] = [
      createOp('/a'),
      createOp('/nope/x'),
      { op: 'set', path: '/a', data: null, version: 9 },
      { op: 'set', path: '/nope', data: null, version: -1 },
      { op: 'delete', path: '/nope', version: -1 },
      { op: 'delete', path: '/', version: -1 },
      { op: 'multi', ops: [] },
      { op: 'multi', ops: [{ op: 'check', path: '/nope', version: 0 }] },
    ];
    for (const req of failing) {
      const before = h.db.lastProcessedZxid;
      const r = h.write(c, req);
      expect(h.db.lastProcessedZxid, JSON.stringify(req)).toBe(before + 1);
      expect(r.type === 'error' || r.type === 'multi', JSON.stringify(req)).toBe(true);
    }
    const z = h.db.lastProcessedZxid;
    h.read(c, { op: 'get', path: '/a', watch: true });
    h.read(c, { op: 'get', path: '/nope', watch: false });
    h.read(c, { op: 'exists', path: '/nope', watch: true });
    h.read(c, { op: 'children', path: '/', watch: false });
    expect(h.db.lastProcessedZxid).toBe(z);
  });

  it('makes a failed write an error txn that carries the ErrorName', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    const txn = h.db.prepRequest({ op: 'delete', path: '/nope', version: -1 }, c, 7, 99);
    expect(txn).toEqual({
      hdr: { clientId: 1n, cxid: 0, zxid: 7, time: 99, type: 'error' },
      body: { err: 'NoNode' },
    });
    expect(h.db.processTxn(txn)).toEqual({ type: 'error', err: 'NoNode', result: null, notifications: [] });
    expect(h.db.lastProcessedZxid).toBe(7);
  });

  it('records createSession and closeSession as txns in the session table', () => {
    const h = new DbHarness();
    const c = h.session(0x100n);
    h.session(0x200n);
    expect([...h.db.sessionsWithTimeouts()]).toEqual([
      [0x100n, 4000],
      [0x200n, 4000],
    ]);
    const r = h.close(c);
    expect(r.type).toBe('closeSession');
    expect([...h.db.sessionsWithTimeouts()]).toEqual([[0x200n, 4000]]);
    expect(h.db.lastProcessedZxid).toBe(3);
  });
});

describe('error order and paths (PrepRequestProcessor)', () => {
  function setup() {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/a');
    return { h, c };
  }

  it('answers the observed raw-path table', () => {
    const { h, c } = setup();
    expect(h.write(c, createOp('relative')).err).toBe('BadArguments');
    expect(h.write(c, createOp('/bad/')).err).toBe('NoNode');
    expect(h.write(c, createOp('/a//b')).err).toBe('NoNode');
    expect(h.write(c, createOp('/')).err).toBe('NodeExists');
    for (const p of ['/', '/zookeeper', '/zookeeper/quota', '/zookeeper/config']) {
      expect(h.write(c, { op: 'delete', path: p, version: -1 }).err, p).toBe('BadArguments');
    }
    expect(h.write(c, createOp('/zookeeper/x')).err).toBeNull();
  });

  it('runs validatePath only after the parent lookup for creates', () => {
    const { h, c } = setup();
    expect(h.write(c, createOp('/a/')).err).toBe('BadArguments');
    expect(h.write(c, createOp('/a/.')).err).toBe('BadArguments');
    expect(h.write(c, createOp('/nope/.')).err).toBe('NoNode');
    expect(h.write(c, createOp('/a\u0000b')).err).toBe('BadArguments');
  });

  it('validates set, check and setACL paths first', () => {
    const { h, c } = setup();
    expect(h.write(c, { op: 'set', path: '/bad/', data: null, version: -1 }).err).toBe('BadArguments');
    expect(h.write(c, { op: 'set', path: '/a//b', data: null, version: -1 }).err).toBe('BadArguments');
    expect(h.write(c, { op: 'check', path: 'rel', version: -1 }).err).toBe('BadArguments');
    expect(h.write(c, { op: 'set_acl', path: '/a/', acl: OPEN_ACL_UNSAFE, version: -1 }).err).toBe(
      'BadArguments',
    );
  });

  it('gives delete no validatePath: a bad path fails on its missing parent or node', () => {
    const { h, c } = setup();
    expect(h.write(c, { op: 'delete', path: 'relative', version: -1 }).err).toBe('BadArguments');
    expect(h.write(c, { op: 'delete', path: '/a//b', version: -1 }).err).toBe('NoNode');
    expect(h.write(c, { op: 'delete', path: '/a/', version: -1 }).err).toBe('NoNode');
  });

  it('checks the ACL list before the parent on create', () => {
    const { h, c } = setup();
    expect(h.write(c, createOp('/nope/x', { acl: [] })).err).toBe('InvalidACL');
    expect(h.write(c, createOp('/nope/x')).err).toBe('NoNode');
  });

  it('checks CREATE on the parent before the name and NodeExists before NoChildrenForEphemerals', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/ro', { acl: worldAcl(Perms.READ) });
    expect(h.write(c, createOp('/ro/x')).err).toBe('NoAuth');
    expect(h.write(c, createOp('/ro/')).err).toBe('NoAuth');
    h.create(c, '/e', { mode: 'ephemeral' });
    expect(h.write(c, createOp('/e/x')).err).toBe('NoChildrenForEphemerals');
  });

  it('checks delete as parent, DELETE permission, node, version, children', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/nd', { acl: worldAcl(Perms.ALL & ~Perms.DELETE) });
    expect(h.write(c, { op: 'delete', path: '/nope/x', version: -1 }).err).toBe('NoNode');
    expect(h.write(c, { op: 'delete', path: '/nd/missing', version: -1 }).err).toBe('NoAuth');
    h.create(c, '/p');
    h.create(c, '/p/c');
    h.create(c, '/p/c/d');
    expect(h.write(c, { op: 'delete', path: '/p/missing', version: 5 }).err).toBe('NoNode');
    expect(h.write(c, { op: 'delete', path: '/p/c', version: 5 }).err).toBe('BadVersion');
    expect(h.write(c, { op: 'delete', path: '/p/c', version: 0 }).err).toBe('NotEmpty');
  });

  it('checks set as node, WRITE, version', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/r', { acl: worldAcl(Perms.READ) });
    expect(h.write(c, { op: 'set', path: '/nope', data: null, version: 7 }).err).toBe('NoNode');
    expect(h.write(c, { op: 'set', path: '/r', data: null, version: 7 }).err).toBe('NoAuth');
  });

  it('checks setACL as ACL list, node, ADMIN, version', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/r', { acl: worldAcl(Perms.READ) });
    expect(h.write(c, { op: 'set_acl', path: '/nope', acl: [], version: 7 }).err).toBe('InvalidACL');
    expect(h.write(c, { op: 'set_acl', path: '/nope', acl: OPEN_ACL_UNSAFE, version: 7 }).err).toBe('NoNode');
    expect(h.write(c, { op: 'set_acl', path: '/r', acl: OPEN_ACL_UNSAFE, version: 7 }).err).toBe('NoAuth');
  });

  it('checks check as node, READ, version', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/w', { acl: worldAcl(Perms.WRITE) });
    expect(h.write(c, { op: 'check', path: '/nope', version: 7 }).err).toBe('NoNode');
    expect(h.write(c, { op: 'check', path: '/w', version: 7 }).err).toBe('NoAuth');
  });

  it('answers reads of "" as of a null path: MarshallingError (issue #12 item 4)', () => {
    // The simulated wire carries "" as a jute null string, as kazoo sends it (docs/server.md, "The
    // empty path"); the tree itself still keys the root under "" too (getNode).
    const { h, c } = setup();
    expect(h.read(c, { op: 'children', path: '', watch: false }).err).toBe('MarshallingError');
    expect(h.db.peek('')?.children).toEqual(h.db.peek('/')?.children);
  });
});

describe('children sets (DataNode#addChild)', () => {
  it('a leaf has none of its own until its first child, and answers as an empty set meanwhile', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/a');
    h.create(c, '/b');
    const tree = (h.db as unknown as { tree: DataTree }).tree;
    const [a, b] = [tree.getNode('/a')!, tree.getNode('/b')!];
    expect(a.children).toBe(b.children);
    expect([a.children.size, a.children.capacity, a.children.toArray()]).toEqual([0, 0, []]);
    expect(() => a.children.add('x')).toThrow();
    h.create(c, '/a/x');
    expect(a.children).not.toBe(b.children);
    expect([a.children.toArray(), a.children.capacity, b.children.size]).toEqual([['x'], 8, 0]);
    expect(h.db.peek('/a')?.stat.numChildren).toBe(1);
  });
});
