// The page's tree reader in Live mode (src/live/live-reader.ts) over a stand-in server: the tree in
// the simulator's order, and a read that reuses the previous one asks again only what changed.
import { describe, expect, it } from 'vitest';
import { type Answer, type LiveReader, readTree } from '../../src/live/live-reader.ts';
import type { Request, Stat } from '../../src/sim/server/protocol.ts';

interface Node {
  data: string;
  stat: Stat;
  acl: { perms: number; scheme: string; id: string }[];
}

function stat(czxid: number, over: Partial<Stat> = {}): Stat {
  return {
    czxid,
    mzxid: czxid,
    pzxid: czxid,
    ctime: 0,
    mtime: 0,
    version: 0,
    cversion: 0,
    aversion: 0,
    ephemeralOwner: 0n,
    dataLength: 0,
    numChildren: 0,
    ...over,
  };
}

/** A server's tree, answering getData / getChildren / getACL, counting what it is asked. */
function standIn(nodes: Map<string, Node>) {
  const asked: string[] = [];
  const reader = {
    request(r: Request): Promise<Answer> {
      asked.push(`${r.op} ${'path' in r ? r.path : ''}`);
      const path = 'path' in r ? r.path : '';
      const n = nodes.get(path);
      if (!n) return Promise.resolve({ err: 'NoNode', result: null });
      const prefix = path === '/' ? '/' : `${path}/`;
      const children = [...nodes.keys()]
        .filter((p) => p !== path && p.startsWith(prefix) && !p.slice(prefix.length).includes('/'))
        .map((p) => p.slice(prefix.length));
      if (r.op === 'get') return Promise.resolve({ err: null, result: { data: n.data, stat: n.stat } });
      if (r.op === 'children') return Promise.resolve({ err: null, result: { children, stat: n.stat } });
      return Promise.resolve({ err: null, result: { acl: n.acl, stat: n.stat } });
    },
  };
  return { reader: reader as unknown as LiveReader, asked };
}

const OPEN = [{ perms: 31, scheme: 'world', id: 'anyone' }];

describe('readTree', () => {
  const nodes = new Map<string, Node>([
    ['/', { data: '', stat: stat(0, { cversion: 2, pzxid: 3 }), acl: OPEN }],
    ['/b', { data: 'b', stat: stat(3), acl: OPEN }],
    ['/a', { data: 'a', stat: stat(2, { cversion: 1, pzxid: 4 }), acl: OPEN }],
    ['/a/x-0000000001', { data: 'x', stat: stat(4, { ephemeralOwner: 0x1000abn }), acl: OPEN }],
  ]);

  it('reads every znode with its Stat, data, kind and ACL, parents before children', async () => {
    const { reader, asked } = standIn(nodes);
    const read = await readTree(reader);
    expect(read.tree.map((z) => [z.path, z.data, z.kind, z.sequential, z.stat.mzxid])).toEqual([
      ['/', '', 'persistent', false, '0x0'],
      ['/a', 'a', 'persistent', false, '0x2'],
      ['/a/x-0000000001', 'x', 'ephemeral', true, '0x4'],
      ['/b', 'b', 'persistent', false, '0x3'],
    ]);
    expect(read.tree[0]!.acl).toEqual([{ perms: 'cdrwa', scheme: 'world', id: 'anyone' }]);
    expect(asked).toHaveLength(12);
  });

  it('with the previous read, asks only getData of an unchanged tree, and again what a Stat says changed', async () => {
    const { reader, asked } = standIn(nodes);
    const first = await readTree(reader);
    asked.length = 0;
    const idle = await readTree(reader, '/', 2000, first);
    expect(asked.every((a) => a.startsWith('get '))).toBe(true);
    expect(idle.tree).toEqual(first.tree);

    // A child created under /b (its cversion and pzxid move), /a's ACL set (aversion).
    nodes.set('/b', { ...nodes.get('/b')!, stat: stat(3, { cversion: 1, pzxid: 5 }) });
    nodes.set('/b/new', { data: 'n', stat: stat(5), acl: OPEN });
    nodes.set('/a', { ...nodes.get('/a')!, stat: stat(2, { cversion: 1, pzxid: 4, aversion: 1 }), acl: [] });
    asked.length = 0;
    const changed = await readTree(reader, '/', 2000, idle);
    expect(asked.filter((a) => !a.startsWith('get ')).sort()).toEqual([
      'children /b',
      'children /b/new',
      'get_acl /a',
      'get_acl /b/new',
    ]);
    expect(changed.tree).toEqual((await readTree(standIn(nodes).reader)).tree);
  });

  it('stops at the limit and says so', async () => {
    const read = await readTree(standIn(nodes).reader, '/', 2);
    expect([read.tree.length, read.truncated]).toEqual([2, true]);
  });
});
