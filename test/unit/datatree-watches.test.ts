// Watches: one-shot, dedup, persistent, persistent-recursive, removeWatches, setWatches.
import { describe, expect, it } from 'vitest';
import { OPEN_ACL_UNSAFE, Perms } from '../../src/sim/server/protocol.ts';
import type { ReadRequest } from '../../src/sim/server/zkdatabase.ts';
import { DbHarness, fmt, worldAcl } from '../support/db-harness.ts';

describe('one-shot watches', () => {
  it('a get watch fires NodeDataChanged once, with the txn zxid', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/a');
    h.read(c, { op: 'get', path: '/a', watch: true });
    const r = h.set(c, '/a');
    expect(r.notifications).toEqual([
      {
        watcher: 'W',
        zxid: h.zxid,
        event: { type: 'NodeDataChanged', path: '/a' },
        acl: [{ perms: 31, scheme: 'world', id: 'anyone' }],
      },
    ]);
    h.set(c, '/a');
    expect(h.take()).toEqual(['W NodeDataChanged /a']);
  });

  it('exists on a missing node answers NoNode but sets a watch that fires NodeCreated', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    expect(h.read(c, { op: 'exists', path: '/later', watch: true })).toEqual({ err: 'NoNode', result: null });
    h.create(c, '/later');
    expect(h.take()).toEqual(['W NodeCreated /later']);
  });

  it('get and children on a missing node set no watch', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    expect(h.read(c, { op: 'get', path: '/n', watch: true }).err).toBe('NoNode');
    expect(h.read(c, { op: 'children', path: '/n', watch: true }).err).toBe('NoNode');
    expect(h.db.watchCount()).toBe(0);
    h.create(c, '/n');
    h.create(c, '/n/k');
    expect(h.take()).toEqual([]);
  });

  it('a child watch fires on child create and delete, not on a child data change', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/p');
    h.create(c, '/p/k');
    h.read(c, { op: 'children', path: '/p', watch: true });
    h.set(c, '/p/k');
    expect(h.take()).toEqual([]);
    h.create(c, '/p/k2');
    expect(h.take()).toEqual(['W NodeChildrenChanged /p']);
    h.read(c, { op: 'children', path: '/p', watch: true });
    h.del(c, '/p/k');
    expect(h.take()).toEqual(['W NodeChildrenChanged /p']);
  });

  it('a child watch on / fires for top-level creates', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.read(c, { op: 'children', path: '/', watch: true });
    h.create(c, '/top');
    expect(h.take()).toEqual(['W NodeChildrenChanged /']);
  });

  it('delete fires NodeDeleted on the node first, then NodeChildrenChanged on the parent', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/p');
    h.create(c, '/p/k');
    h.read(c, { op: 'exists', path: '/p/k', watch: true }, 'A');
    h.read(c, { op: 'children', path: '/p', watch: true }, 'B');
    h.del(c, '/p/k');
    expect(h.take()).toEqual(['A NodeDeleted /p/k', 'B NodeChildrenChanged /p']);
  });

  it('a data watch and a child watch of one connection on a deleted node give ONE NodeDeleted', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/p');
    h.read(c, { op: 'get', path: '/p', watch: true });
    h.read(c, { op: 'children', path: '/p', watch: true });
    h.del(c, '/p');
    expect(h.take()).toEqual(['W NodeDeleted /p']);
    expect(h.db.watchCount()).toBe(0);
  });

  it('dedups exists + get (+ get again) on one node into one notification per connection', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/a');
    h.read(c, { op: 'exists', path: '/a', watch: true });
    h.read(c, { op: 'get', path: '/a', watch: true });
    h.read(c, { op: 'get', path: '/a', watch: true });
    h.read(c, { op: 'get', path: '/a', watch: true }, 'OTHER');
    expect(h.db.watchCount()).toBe(2);
    h.set(c, '/a');
    expect(h.take()).toEqual(['W NodeDataChanged /a', 'OTHER NodeDataChanged /a']);
  });

  it('does not ACL-check exists, so a watch can be set on an unreadable node', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/secret', { acl: worldAcl(Perms.WRITE) });
    expect(h.read(c, { op: 'get', path: '/secret', watch: true }).err).toBe('NoAuth');
    expect(h.read(c, { op: 'exists', path: '/secret', watch: true }).result?.stat?.version).toBe(0);
    h.set(c, '/secret');
    expect(h.take()).toEqual(['W NodeDataChanged /secret']);
  });

  it('fires nothing for setACL', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/a');
    h.read(c, { op: 'get', path: '/a', watch: true });
    h.write(c, { op: 'set_acl', path: '/a', acl: OPEN_ACL_UNSAFE, version: -1 });
    expect(h.take()).toEqual([]);
  });

  it('are all dropped when the connection goes (removeWatcher)', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/a');
    h.read(c, { op: 'get', path: '/a', watch: true });
    h.read(c, { op: 'children', path: '/a', watch: true });
    h.read(c, { op: 'add_watch', path: '/a', mode: 'persistent_recursive' });
    h.db.removeWatcher('W');
    expect(h.db.watchCount()).toBe(0);
    h.create(c, '/a/b');
    h.set(c, '/a');
    expect(h.take()).toEqual([]);
  });
});

describe('persistent watches (addWatch mode 0)', () => {
  it('fire CHANGED, CHILD, DELETED and CREATED, and survive delete and re-create', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    expect(h.read(c, { op: 'add_watch', path: '/p', mode: 'persistent' })).toEqual({ err: null, result: {} });
    h.create(c, '/p');
    h.set(c, '/p');
    h.set(c, '/p');
    h.create(c, '/p/k');
    h.del(c, '/p/k');
    h.del(c, '/p');
    h.create(c, '/p');
    expect(h.take()).toEqual([
      'W NodeCreated /p',
      'W NodeDataChanged /p',
      'W NodeDataChanged /p',
      'W NodeChildrenChanged /p',
      'W NodeChildrenChanged /p',
      'W NodeDeleted /p',
      'W NodeCreated /p',
    ]);
  });

  it('ignore grandchildren and children’s data', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/p');
    h.create(c, '/p/k');
    h.read(c, { op: 'add_watch', path: '/p', mode: 'persistent' });
    h.set(c, '/p/k');
    h.create(c, '/p/k/g');
    expect(h.take()).toEqual([]);
  });

  it('count once in each watch table', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.read(c, { op: 'add_watch', path: '/p', mode: 'persistent' });
    expect(h.db.watchCount()).toBe(2);
  });

  it('turn one-shot in the data table when a get watch is added on the same path (3.8.0 keeps one mode per path)', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/p');
    h.read(c, { op: 'add_watch', path: '/p', mode: 'persistent' });
    h.read(c, { op: 'get', path: '/p', watch: true });
    h.set(c, '/p');
    h.set(c, '/p');
    h.create(c, '/p/k');
    expect(h.take()).toEqual(['W NodeDataChanged /p', 'W NodeChildrenChanged /p']);
  });
});

describe('persistent recursive watches (addWatch mode 1)', () => {
  it('fire CREATED/CHANGED/DELETED for the node and every descendant, never CHILD', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.read(c, { op: 'add_watch', path: '/r', mode: 'persistent_recursive' });
    h.create(c, '/r');
    h.create(c, '/r/a');
    h.create(c, '/r/a/b');
    h.set(c, '/r/a/b');
    h.del(c, '/r/a/b');
    h.set(c, '/r');
    h.create(c, '/other');
    expect(h.take()).toEqual([
      'W NodeCreated /r',
      'W NodeCreated /r/a',
      'W NodeCreated /r/a/b',
      'W NodeDataChanged /r/a/b',
      'W NodeDeleted /r/a/b',
      'W NodeDataChanged /r',
    ]);
  });

  it('plus a one-shot get watch on a descendant give one notification for one change', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/r');
    h.create(c, '/r/a');
    h.read(c, { op: 'add_watch', path: '/r', mode: 'persistent_recursive' });
    h.read(c, { op: 'get', path: '/r/a', watch: true });
    h.set(c, '/r/a');
    expect(h.take()).toEqual(['W NodeDataChanged /r/a']);
  });

  it('on / see everything', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.read(c, { op: 'add_watch', path: '/', mode: 'persistent_recursive' });
    h.create(c, '/x');
    expect(h.take()).toEqual(['W NodeCreated /x']);
  });
});

describe('removeWatches as 3.8.0', () => {
  it('answers MarshallingError for watcher types 4 and 5', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.read(c, { op: 'add_watch', path: '/p', mode: 'persistent' });
    expect(h.read(c, { op: 'remove_watches', path: '/p', watcherType: 4 }).err).toBe('MarshallingError');
    expect(h.read(c, { op: 'remove_watches', path: '/p', watcherType: 5 }).err).toBe('MarshallingError');
    expect(h.db.watchCount()).toBe(2);
  });

  it('Data (2) on a persistent watch stops data events; CHILD still comes until Any (3)', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/p');
    h.read(c, { op: 'add_watch', path: '/p', mode: 'persistent' });
    expect(h.read(c, { op: 'remove_watches', path: '/p', watcherType: 2 })).toEqual({
      err: null,
      result: {},
    });
    h.set(c, '/p');
    h.create(c, '/p/k');
    expect(h.take()).toEqual(['W NodeChildrenChanged /p']);
    expect(h.read(c, { op: 'remove_watches', path: '/p', watcherType: 3 }).err).toBeNull();
    h.create(c, '/p/k2');
    expect(h.take()).toEqual([]);
  });

  it('Children (1) removes a getChildren watch', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/p');
    h.read(c, { op: 'children', path: '/p', watch: true });
    expect(h.read(c, { op: 'remove_watches', path: '/p', watcherType: 1 }).err).toBeNull();
    h.create(c, '/p/k');
    expect(h.take()).toEqual([]);
  });

  it('answers NoWatcher when there is nothing (left) to remove', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/p');
    expect(h.read(c, { op: 'remove_watches', path: '/p', watcherType: 3 }).err).toBe('NoWatcher');
    h.read(c, { op: 'get', path: '/p', watch: true });
    expect(h.read(c, { op: 'remove_watches', path: '/p', watcherType: 1 }).err).toBe('NoWatcher');
    expect(h.read(c, { op: 'remove_watches', path: '/p', watcherType: 2 }).err).toBeNull();
    expect(h.read(c, { op: 'remove_watches', path: '/p', watcherType: 2 }).err).toBe('NoWatcher');
  });

  it('only touches the calling connection’s watches', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/p');
    h.read(c, { op: 'get', path: '/p', watch: true }, 'OTHER');
    expect(h.read(c, { op: 'remove_watches', path: '/p', watcherType: 3 }).err).toBe('NoWatcher');
    h.set(c, '/p');
    expect(h.take()).toEqual(['OTHER NodeDataChanged /p']);
  });
});

describe('setWatches on reconnect', () => {
  function world() {
    const h = new DbHarness();
    const c = h.session(1n);
    h.create(c, '/same');
    h.create(c, '/changed');
    h.create(c, '/kids');
    h.create(c, '/quiet');
    h.create(c, '/gone');
    const rel = h.zxid;
    h.set(c, '/changed');
    h.create(c, '/kids/k');
    h.del(c, '/gone');
    h.create(c, '/born');
    h.take();
    return { h, c, rel };
  }

  it('answers at once for what changed after relativeZxid and re-registers the rest', () => {
    const { h, c, rel } = world();
    const out = h.db.setWatches(
      rel,
      {
        data: ['/same', '/changed', '/gone'],
        exist: ['/born', '/unborn'],
        child: ['/quiet', '/kids', '/gone'],
        persistent: [],
        persistentRecursive: [],
      },
      'W',
    );
    expect(out.map(fmt)).toEqual([
      'W NodeDataChanged /changed',
      'W NodeDeleted /gone',
      'W NodeCreated /born',
      'W NodeChildrenChanged /kids',
      'W NodeDeleted /gone',
    ]);
    expect(out.every((n) => n.zxid === -1)).toBe(true);
    h.set(c, '/same');
    h.create(c, '/unborn');
    h.create(c, '/quiet/k');
    expect(h.take()).toEqual([
      'W NodeDataChanged /same',
      'W NodeCreated /unborn',
      'W NodeChildrenChanged /quiet',
    ]);
  });

  it('re-registers persistent and recursive watches without replaying missed changes', () => {
    const { h, c, rel } = world();
    const out = h.db.setWatches(
      rel,
      { data: [], exist: [], child: [], persistent: ['/changed'], persistentRecursive: ['/kids'] },
      'W',
    );
    expect(out).toEqual([]);
    h.set(c, '/changed');
    h.set(c, '/changed');
    h.create(c, '/kids/k2');
    expect(h.take()).toEqual([
      'W NodeDataChanged /changed',
      'W NodeDataChanged /changed',
      'W NodeCreated /kids/k2',
    ]);
  });
});

describe('add_watch', () => {
  it('answers MarshallingError for an unknown mode', () => {
    const h = new DbHarness();
    const c = h.session(1n);
    const bad = { op: 'add_watch', path: '/p', mode: 'sometimes' } as unknown as ReadRequest;
    expect(h.read(c, bad).err).toBe('MarshallingError');
  });
});
