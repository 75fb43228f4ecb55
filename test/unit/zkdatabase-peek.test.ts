// ZkDatabase#peekZnode reads a znode as peek does, without listing its children (issue #13: the
// views read every znode a txn touches, and listing children sorts the parent's whole set).
import { describe, expect, it } from 'vitest';
import { ZkDatabase } from '../../src/sim/server/zkdatabase.ts';

describe('ZkDatabase#peekZnode', () => {
  const db = new ZkDatabase({ extendedTypes: false });

  it('is peek without the children, for a node with children and one without', () => {
    for (const path of ['/zookeeper', '/zookeeper/config']) {
      const { children: _children, ...rest } = db.peek(path)!;
      expect(db.peekZnode(path)).toEqual(rest);
      expect(db.peekZnode(path)).not.toHaveProperty('children');
    }
    expect(db.peek('/zookeeper')?.children).toEqual(['config', 'quota']);
  });

  it('is null for a missing node, as peek is', () => {
    expect(db.peekZnode('/missing')).toBeNull();
    expect(db.peek('/missing')).toBeNull();
  });
});
