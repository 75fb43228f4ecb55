// ACL enforcement through the facade: which permission each op needs, auth expansion, getACL redaction.
import { describe, expect, it } from 'vitest';
import { digestId } from '../../src/sim/server/acl.ts';
import type { Acl, Id, SessionId } from '../../src/sim/server/protocol.ts';
import { CREATOR_ALL_ACL, OPEN_ACL_UNSAFE, Perms, READ_ACL_UNSAFE } from '../../src/sim/server/protocol.ts';
import type { ProcessTxnResult, RequestContext, WriteRequest } from '../../src/sim/server/zkdatabase.ts';
import { ZkDatabase } from '../../src/sim/server/zkdatabase.ts';

const LOCAL: Id = { scheme: 'ip', id: '127.0.0.1' };

class H {
  db = new ZkDatabase({ extendedTypes: true });
  zxid = 0;
  time = 1000;
  session(id: SessionId, authIds: Id[] = [LOCAL]): RequestContext {
    const ctx = { sessionId: id, cxid: 0, authIds };
    this.db.processTxn(this.db.prepCreateSession(ctx, 4000, ++this.zxid, ++this.time));
    return ctx;
  }
  write(ctx: RequestContext, req: WriteRequest): ProcessTxnResult {
    ctx.cxid++;
    return this.db.processTxn(this.db.prepRequest(req, ctx, ++this.zxid, ++this.time));
  }
  create(ctx: RequestContext, path: string, acl: Acl[] = OPEN_ACL_UNSAFE) {
    return this.write(ctx, { op: 'create', path, data: 'd', acl, mode: 'persistent' });
  }
}

const only = (perms: number): Acl[] => [{ perms, scheme: 'world', id: 'anyone' }];

describe('permissions per operation', () => {
  it('get and children need READ', () => {
    const h = new H();
    const c = h.session(1n);
    h.create(c, '/n', only(Perms.ALL & ~Perms.READ));
    expect(h.db.processRead({ op: 'get', path: '/n', watch: false }, c, 'W').err).toBe('NoAuth');
    expect(h.db.processRead({ op: 'children', path: '/n', watch: false }, c, 'W').err).toBe('NoAuth');
    h.create(c, '/r', only(Perms.READ));
    expect(h.db.processRead({ op: 'get', path: '/r', watch: false }, c, 'W').result?.data).toBe('d');
  });

  it('set needs WRITE', () => {
    const h = new H();
    const c = h.session(1n);
    h.create(c, '/n', only(Perms.ALL & ~Perms.WRITE));
    expect(h.write(c, { op: 'set', path: '/n', data: 'x', version: -1 }).err).toBe('NoAuth');
    h.create(c, '/w', only(Perms.WRITE));
    expect(h.write(c, { op: 'set', path: '/w', data: 'x', version: -1 }).err).toBeNull();
  });

  it('create needs CREATE on the parent', () => {
    const h = new H();
    const c = h.session(1n);
    h.create(c, '/n', only(Perms.ALL & ~Perms.CREATE));
    expect(h.create(c, '/n/x').err).toBe('NoAuth');
    h.create(c, '/c', only(Perms.CREATE));
    expect(h.create(c, '/c/x').err).toBeNull();
  });

  it('delete needs DELETE on the parent, even for the creator of the node', () => {
    const h = new H();
    const c = h.session(1n);
    h.create(c, '/p', only(Perms.ALL & ~Perms.DELETE));
    h.create(c, '/p/mine');
    expect(h.write(c, { op: 'delete', path: '/p/mine', version: -1 }).err).toBe('NoAuth');
    h.create(c, '/d', only(Perms.DELETE | Perms.CREATE));
    h.create(c, '/d/x', only(0));
    expect(h.write(c, { op: 'delete', path: '/d/x', version: -1 }).err).toBeNull();
  });

  it('setACL needs ADMIN: a world READ-only node is NoAuth even for its creator', () => {
    const h = new H();
    const c = h.session(1n);
    h.create(c, '/ro', READ_ACL_UNSAFE);
    expect(h.write(c, { op: 'set_acl', path: '/ro', acl: OPEN_ACL_UNSAFE, version: -1 }).err).toBe('NoAuth');
  });

  it('exists is not checked', () => {
    const h = new H();
    const c = h.session(1n);
    h.create(c, '/none', only(0));
    expect(h.db.processRead({ op: 'exists', path: '/none', watch: false }, c, 'W').err).toBeNull();
  });

  it('an empty stored ACL allows everything (checkACL)', () => {
    const h = new H();
    const c = h.session(1n);
    h.create(c, '/e');
    const snap = h.db.snapshot() as { tree: { nodes: { path: string; acl: Acl[] }[] } };
    const e = snap.tree.nodes.find((n) => n.path === '/e');
    if (e) e.acl = [];
    h.db = ZkDatabase.fromSnapshot({ extendedTypes: true }, snap);
    expect(h.write(c, { op: 'set', path: '/e', data: 'x', version: -1 }).err).toBeNull();
  });
});

describe('getACL', () => {
  it('is NoAuth with neither READ nor ADMIN', () => {
    const h = new H();
    const c = h.session(1n);
    h.create(c, '/n', only(Perms.WRITE | Perms.CREATE | Perms.DELETE));
    expect(h.db.processRead({ op: 'get_acl', path: '/n' }, c, 'W').err).toBe('NoAuth');
  });

  it('is allowed with READ only, and then shows digest ids as user:x', () => {
    const h = new H();
    const alice = digestId('alice:secret');
    const owner = h.session(1n, [LOCAL, alice]);
    const acl: Acl[] = [
      { perms: Perms.ALL, ...alice },
      { perms: Perms.READ, scheme: 'world', id: 'anyone' },
    ];
    h.create(owner, '/n', acl);
    const guest = h.session(2n);
    const r = h.db.processRead({ op: 'get_acl', path: '/n' }, guest, 'G');
    expect(r.err).toBeNull();
    expect(r.result?.acl).toEqual([
      { perms: Perms.ALL, scheme: 'digest', id: 'alice:x' },
      { perms: Perms.READ, scheme: 'world', id: 'anyone' },
    ]);
    expect(r.result?.stat?.aversion).toBe(0);
  });

  it('shows the real digest to a caller with ADMIN', () => {
    const h = new H();
    const alice = digestId('alice:secret');
    const owner = h.session(1n, [LOCAL, alice]);
    h.create(owner, '/n', [{ perms: Perms.ALL, ...alice }]);
    expect(h.db.processRead({ op: 'get_acl', path: '/n' }, owner, 'W').result?.acl).toEqual([
      { perms: Perms.ALL, ...alice },
    ]);
  });

  it('answers NoNode for a missing node', () => {
    const h = new H();
    const c = h.session(1n);
    expect(h.db.processRead({ op: 'get_acl', path: '/nope' }, c, 'W').err).toBe('NoNode');
  });
});

describe('auth scheme and digest ids', () => {
  it('auth expands to the creator’s digest ids', () => {
    const h = new H();
    const bob = digestId('bob:pw');
    const c = h.session(1n, [LOCAL, bob]);
    expect(h.create(c, '/b', CREATOR_ALL_ACL).err).toBeNull();
    expect(h.db.peek('/b')?.acl).toEqual([{ perms: Perms.ALL, ...bob }]);
  });

  it('auth without any authenticated id is InvalidACL (the ip id does not count)', () => {
    const h = new H();
    const c = h.session(1n);
    expect(h.create(c, '/b', CREATOR_ALL_ACL).err).toBe('InvalidACL');
    h.create(c, '/ok');
    expect(h.write(c, { op: 'set_acl', path: '/ok', acl: CREATOR_ALL_ACL, version: -1 }).err).toBe(
      'InvalidACL',
    );
  });

  it('a wrong password grants nothing; the right one grants access', () => {
    const h = new H();
    const bob = digestId('bob:pw');
    const owner = h.session(1n, [LOCAL, bob]);
    h.create(owner, '/b', [{ perms: Perms.ALL, ...bob }]);
    const other = h.session(2n, [LOCAL, digestId('bob:wrong')]);
    expect(h.db.processRead({ op: 'get', path: '/b', watch: false }, other, 'O').err).toBe('NoAuth');
    other.authIds.push(digestId('bob:pw'));
    expect(h.db.processRead({ op: 'get', path: '/b', watch: false }, other, 'O').err).toBeNull();
  });

  it('invalid entries and an empty list are InvalidACL for create and setACL', () => {
    const h = new H();
    const c = h.session(1n);
    h.create(c, '/x');
    for (const acl of [
      [],
      [{ perms: 31, scheme: 'ip', id: 'nonsense' }],
      [{ perms: 31, scheme: 'foo', id: 'x' }],
    ]) {
      expect(h.create(c, '/y', acl).err, JSON.stringify(acl)).toBe('InvalidACL');
      expect(h.write(c, { op: 'set_acl', path: '/x', acl, version: -1 }).err, JSON.stringify(acl)).toBe(
        'InvalidACL',
      );
    }
  });
});

describe('ip ids', () => {
  it('ip:127.0.0.1 matches a loopback client and not another address', () => {
    const h = new H();
    const c = h.session(1n);
    h.create(c, '/local', [{ perms: Perms.ALL, scheme: 'ip', id: '127.0.0.1' }]);
    expect(h.db.processRead({ op: 'get', path: '/local', watch: false }, c, 'W').err).toBeNull();
    const remote = h.session(2n, [{ scheme: 'ip', id: '10.0.0.7' }]);
    expect(h.db.processRead({ op: 'get', path: '/local', watch: false }, remote, 'R').err).toBe('NoAuth');
  });

  it('ip:addr/bits matches a subnet', () => {
    const h = new H();
    const c = h.session(1n);
    h.create(c, '/net', [{ perms: Perms.ALL, scheme: 'ip', id: '10.0.0.0/8' }]);
    const remote = h.session(2n, [{ scheme: 'ip', id: '10.200.0.7' }]);
    expect(h.db.processRead({ op: 'get', path: '/net', watch: false }, remote, 'R').err).toBeNull();
  });
});

describe('setACL', () => {
  it('bumps aversion on success and checks the expected aversion', () => {
    const h = new H();
    const c = h.session(1n);
    h.create(c, '/a');
    expect(h.write(c, { op: 'set_acl', path: '/a', acl: READ_ACL_UNSAFE, version: 1 }).err).toBe(
      'BadVersion',
    );
    const r = h.write(c, {
      op: 'set_acl',
      path: '/a',
      acl: [...READ_ACL_UNSAFE, ...READ_ACL_UNSAFE],
      version: 0,
    });
    expect(r.result?.stat?.aversion).toBe(1);
    expect(h.db.peek('/a')?.acl).toEqual(READ_ACL_UNSAFE);
  });
});
