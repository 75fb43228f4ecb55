// The tree view's hierarchy is updated frame by frame (TreeIndex, issue #10 item 4): after any
// sequence of tree pictures it must be exactly the hierarchy built from the last picture alone, and
// a picture that did not change gives back the same root.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TreeIndex } from '../../src/app/views/tree/tree-index.ts';
import { childOrder, parentOf, type TreeNode } from '../../src/app/views/tree/tree-model.ts';
import type { ZnodeView } from '../../src/sim/view/types.ts';
import { znodeView } from '../support/znode-view.ts';

const znode = (path: string, version: number, sequential: boolean) =>
  znodeView(path, { version, sequential });

/** The hierarchy from one picture, the plain way: every node, then every child list sorted. */
function reference(znodes: readonly ZnodeView[]): unknown {
  const nodes = new Map<string, TreeNode>([['/', { path: '/', name: '/', z: null, children: [] }]]);
  const ensure = (path: string): TreeNode => {
    const known = nodes.get(path);
    if (known) return known;
    const node: TreeNode = { path, name: path.slice(path.lastIndexOf('/') + 1), z: null, children: [] };
    nodes.set(path, node);
    ensure(parentOf(path)).children.push(node);
    return node;
  };
  for (const z of znodes) ensure(z.path).z = z;
  const sorted = (n: TreeNode): unknown => ({
    path: n.path,
    z: n.z,
    children: [...n.children].sort(childOrder).map(sorted),
  });
  return sorted(nodes.get('/')!);
}

const plain = (n: TreeNode): unknown => ({ path: n.path, z: n.z, children: n.children.map(plain) });

const NAMES = ['a', 'b', 'lock', 'x-0000000003', 'y-0000000001', 'z-0000000002'];
const path = fc
  .array(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 3 })
  .map((parts) => `/${parts.join('/')}`);

/** A run of pictures: each one the last with some znodes added, changed or removed. */
const pictures = fc.array(
  fc.array(fc.tuple(fc.constantFrom('set', 'del'), path, fc.nat(3)), { maxLength: 6 }),
  { minLength: 1, maxLength: 25 },
);

describe('TreeIndex', () => {
  it('after every picture equals the hierarchy built from that picture alone', () => {
    fc.assert(
      fc.property(pictures, (steps) => {
        const index = new TreeIndex();
        let tree = new Map<string, ZnodeView>();
        for (const changes of steps) {
          tree = new Map(tree);
          for (const [op, p, v] of changes) {
            if (op === 'del') tree.delete(p);
            else tree.set(p, znode(p, v, /\d{10}$/.test(p)));
          }
          const list = [...tree.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
          expect(plain(index.update(list))).toEqual(reference(list));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same root for the same picture and a new one when a znode changed', () => {
    const index = new TreeIndex();
    const a = [znode('/a', 0, false), znode('/a/b', 0, false)];
    const first = index.update(a);
    expect(index.update(a)).toBe(first);
    expect(index.update([...a])).toBe(first);
    const changed = index.update([a[0]!, znode('/a/b', 1, false)]);
    expect(changed).not.toBe(first);
    expect(changed.children[0]!.children[0]!.z?.stat.version).toBe(1);
  });
});
