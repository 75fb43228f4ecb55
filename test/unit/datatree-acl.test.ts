// ACL enforcement through the facade: which permission each op needs, auth expansion, getACL redaction.
import { describe, expect, it } from 'vitest';
import { digestId } from '../../src/sim/server/acl.ts';
import type { DataTree } from '../../src/sim/server/datatree.ts';
import type { Acl } from '../../src/sim/server/protocol.ts';
import { CREATOR_ALL_ACL, OPEN_ACL_UNSAFE, Perms, READ_ACL_UNSAFE } from '../../src/sim/server/protocol.ts';
import { DbHarness, LOCAL, worldAcl } from '../support/db-harness.ts';

/** A harness whose creates store the data "d" unless told otherwise. */
const harness = () => new DbHarness({ extendedTypes: true }, { createDefaults: { data: 'd' } });

describe('permissions per operation', () => {
  it('get and children need READ', () => {
    const h = harness();
    const c = h.session(1n);
    h.create(c, '/n', { acl: worldAcl(Perms.ALL & ~Perms.READ) });
    expect(h.read(c, { op: 'get', path: '/n', watch: false }).err).toBe('NoAuth');
    expect(h.read(c, { op: 'children', path: '/n', watch: false }).err).toBe('NoAuth');
    h.create(c, '/r', { acl: worldAcl(Perms.READ) });
    expect(h.read(c, { op: 'get', path: '/r', watch: false }).result?.data).toBe('d');
  });

  it('set needs WRITE', () => {
    const h = harness();
    const c = h.session(1n);
    h.create(c, '/n', { acl: worldAcl(Perms.ALL & ~Perms.WRITE) });
    expect(h.write(c, { op: 'set', path: '/n', data: 'x', version: -1 }).err).toBe('NoAuth');
    h.create(c, '/w', { acl: worldAcl(Perms.WRITE) });
    expect(h.write(c, { op: 'set', path: '/w', data: 'x', version: -1 }).err).toBeNull();
  });

  it('create needs CREATE on the parent', () => {
    const h = harness();
    const c = h.session(1n);
    h.create(c, '/n', { acl: worldAcl(Perms.ALL & ~Perms.CREATE) });
    expect(h.create(c, '/n/x').err).toBe('NoAuth');
    h.create(c, '/c', { acl: worldAcl(Perms.CREATE) });
    expect(h.create(c, '/c/x').err).toBeNull();
  });

  it('delete needs DELETE on the parent, even for the creator of the node', () => {
    const h = harness();
    const c = h.session(1n);
    h.create(c, '/p', { acl: worldAcl(Perms.ALL & ~Perms.DELETE) });
    h.create(c, '/p/mine');
    expect(h.write(c, { op: 'delete', path: '/p/mine', version: -1 }).err).toBe('NoAuth');
    h.create(c, '/d', { acl: worldAcl(Perms.DELETE | Perms.CREATE) });
    h.create(c, '/d/x', { acl: worldAcl(0) });
    expect(h.write(c, { op: 'delete', path: '/d/x', version: -1 }).err).toBeNull();
  });

  it('setACL needs ADMIN: a world READ-only node is NoAuth even for its creator', () => {
    const h = harness();
    const c = h.session(1n);
    h.create(c, '/ro', { acl: READ_ACL_UNSAFE });
    expect(h.write(c, { op: 'set_acl', path: '/ro', acl: OPEN_ACL_UNSAFE, version: -1 }).err).toBe('NoAuth');
  });

  it('exists is not checked', () => {
    const h = harness();
    const c = h.session(1n);
    h.create(c, '/none', { acl: worldAcl(0) });
    expect(h.read(c, { op: 'exists', path: '/none', watch: false }).err).toBeNull();
  });

  it('an empty stored ACL allows everything (checkACL)', () => {
    const h = harness();
    const c = h.session(1n);
    h.create(c, '/e');
    h.patchNode('/e', (n) => {
      n.acl = [];
    });
    expect(h.write(c, { op: 'set', path: '/e', data: 'x', version: -1 }).err).toBeNull();
  });
});

describe('getACL', () => {
  it('is NoAuth with neither READ nor ADMIN', () => {
    const h = harness();
    const c = h.session(1n);
    h.create(c, '/n', { acl: worldAcl(Perms.WRITE | Perms.CREATE | Perms.DELETE) });
    expect(h.read(c, { op: 'get_acl', path: '/n' }).err).toBe('NoAuth');
  });

  it('is allowed with READ only, and then shows digest ids as user:x', () => {
    const h = harness();
    const alice = digestId('alice:secret');
    const owner = h.session(1n, [LOCAL, alice]);
    const acl: Acl[] = [
      { perms: Perms.ALL, ...alice },
      { perms: Perms.READ, scheme: 'world', id: 'anyone' },
    ];
    h.create(owner, '/n', { acl });
    const guest = h.session(2n);
    const r = h.read(guest, { op: 'get_acl', path: '/n' }, 'G');
    expect(r.err).toBeNull();
    expect(r.result?.acl).toEqual([
      { perms: Perms.ALL, scheme: 'digest', id: 'alice:x' },
      { perms: Perms.READ, scheme: 'world', id: 'anyone' },
    ]);
    expect(r.result?.stat?.aversion).toBe(0);
  });

  it('shows the real digest to a caller with ADMIN', () => {
    const h = harness();
    const alice = digestId('alice:secret');
    const owner = h.session(1n, [LOCAL, alice]);
    h.create(owner, '/n', { acl: [{ perms: Perms.ALL, ...alice }] });
    expect(h.read(owner, { op: 'get_acl', path: '/n' }).result?.acl).toEqual([
      { perms: Perms.ALL, ...alice },
    ]);
  });

  it('answers NoNode for a missing node', () => {
    const h = harness();
    const c = h.session(1n);
    expect(h.read(c, { op: 'get_acl', path: '/nope' }).err).toBe('NoNode');
  });
});

describe('auth scheme and digest ids', () => {
  it('auth expands to the creator’s digest ids', () => {
    const h = harness();
    const bob = digestId('bob:pw');
    const c = h.session(1n, [LOCAL, bob]);
    expect(h.create(c, '/b', { acl: CREATOR_ALL_ACL }).err).toBeNull();
    expect(h.db.peek('/b')?.acl).toEqual([{ perms: Perms.ALL, ...bob }]);
  });

  it('auth without any authenticated id is InvalidACL (the ip id does not count)', () => {
    const h = harness();
    const c = h.session(1n);
    expect(h.create(c, '/b', { acl: CREATOR_ALL_ACL }).err).toBe('InvalidACL');
    h.create(c, '/ok');
    expect(h.write(c, { op: 'set_acl', path: '/ok', acl: CREATOR_ALL_ACL, version: -1 }).err).toBe(
      'InvalidACL',
    );
  });

  it('a wrong password grants nothing; the right one grants access', () => {
    const h = harness();
    const bob = digestId('bob:pw');
    const owner = h.session(1n, [LOCAL, bob]);
    h.create(owner, '/b', { acl: [{ perms: Perms.ALL, ...bob }] });
    const other = h.session(2n, [LOCAL, digestId('bob:wrong')]);
    expect(h.read(other, { op: 'get', path: '/b', watch: false }, 'O').err).toBe('NoAuth');
    other.authIds.push(digestId('bob:pw'));
    expect(h.read(other, { op: 'get', path: '/b', watch: false }, 'O').err).toBeNull();
  });

  it('invalid entries and an empty list are InvalidACL for create and setACL', () => {
    const h = harness();
    const c = h.session(1n);
    h.create(c, '/x');
    for (const acl of [
      [],
      [{ perms: 31, scheme: 'ip', id: 'nonsense' }],
      [{ perms: 31, scheme: 'foo', id: 'x' }],
    ]) {
      expect(h.create(c, '/y', { acl }).err, JSON.stringify(acl)).toBe('InvalidACL');
      expect(h.write(c, { op: 'set_acl', path: '/x', acl, version: -1 }).err, JSON.stringify(acl)).toBe(
        'InvalidACL',
      );
    }
  });
});

describe('ip ids', () => {
  it('ip:127.0.0.1 matches a loopback client and not another address', () => {
    const h = harness();
    const c = h.session(1n);
    h.create(c, '/local', { acl: [{ perms: Perms.ALL, scheme: 'ip', id: '127.0.0.1' }] });
    expect(h.read(c, { op: 'get', path: '/local', watch: false }).err).toBeNull();
    const remote = h.session(2n, [{ scheme: 'ip', id: '10.0.0.7' }]);
    expect(h.read(remote, { op: 'get', path: '/local', watch: false }, 'R').err).toBe('NoAuth');
  });

  it('ip:addr/bits matches a subnet', () => {
    const h = harness();
    const c = h.session(1n);
    h.create(c, '/net', { acl: [{ perms: Perms.ALL, scheme: 'ip', id: '10.0.0.0/8' }] });
    const remote = h.session(2n, [{ scheme: 'ip', id: '10.200.0.7' }]);
    expect(h.read(remote, { op: 'get', path: '/net', watch: false }, 'R').err).toBeNull();
  });
});

describe('setACL', () => {
  it('bumps aversion on success and checks the expected aversion', () => {
    const h = harness();
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

describe('ACL lists shared between nodes (DataTree#aclCache)', () => {
  it('nodes with equal ACLs share one list, and setACL on one leaves the others as they were', () => {
    const h = harness();
    const c = h.session(1n);
    h.create(c, '/a');
    h.create(c, '/b');
    h.write(c, { op: 'create', path: '/r', data: null, acl: READ_ACL_UNSAFE, mode: 'persistent' });
    // The tree is the database's own; its nodes' lists are what is shared.
    const tree = (h.db as unknown as { tree: DataTree }).tree;
    expect(tree.getNode('/a')!.acl).toBe(tree.getNode('/b')!.acl);
    expect(tree.getNode('/r')!.acl).not.toBe(tree.getNode('/a')!.acl);
    h.write(c, { op: 'set_acl', path: '/a', acl: READ_ACL_UNSAFE, version: 0 });
    expect(tree.getNode('/a')!.acl).toBe(tree.getNode('/r')!.acl);
    expect(h.db.peek('/b')?.acl).toEqual(OPEN_ACL_UNSAFE);
    expect(h.db.peek('/a')?.acl).toEqual(READ_ACL_UNSAFE);
  });
});
