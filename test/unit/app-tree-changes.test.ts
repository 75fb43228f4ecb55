// What the tree view animates and lays out, from TreeIndex (issue #10 item 4): the paths that came
// and went since the last drawing are exactly the difference of the two pictures' path sets (a
// picture after an empty tree is the tree opening: nothing came), the shape is a new object exactly when the hierarchy changed, and a
// znode is looked up by path.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TreeIndex } from '../../src/app/views/tree/tree-index.ts';
import { flattenRows, type TreeNode } from '../../src/app/views/tree/tree-model.ts';
import type { ZnodeView } from '../../src/sim/view/types.ts';
import { znodeView } from '../support/znode-view.ts';

const NAMES = ['a', 'b', 'lock', 'x-0000000003', 'y-0000000001'];
const path = fc
  .array(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 3 })
  .map((parts) => `/${parts.join('/')}`);
const pictures = fc.array(
  fc.array(fc.tuple(fc.constantFrom('set', 'del'), path, fc.nat(3), fc.boolean()), { maxLength: 6 }),
  { minLength: 1, maxLength: 25 },
);

const rowsOf = (root: TreeNode) =>
  flattenRows(root, { collapsed: new Set(), shown: new Map(), page: 50, query: '' }).map((r) =>
    r.type === 'node' ? r.key : `${r.key}:${r.hidden}`,
  );

describe('TreeIndex changes, shape and lookups', () => {
  it('follow the pictures exactly, over any run of them', () => {
    fc.assert(
      fc.property(pictures, fc.array(fc.boolean(), { minLength: 25, maxLength: 25 }), (steps, takes) => {
        const index = new TreeIndex();
        let tree = new Map<string, ZnodeView>();
        /** The paths at the last drawing (when the changes were last taken). */
        let drawn = new Set<string>();
        let wasEmpty = true;
        let shape = index.shape;
        let rows = rowsOf(shape);
        steps.forEach((changes, k) => {
          tree = new Map(tree);
          // A znode's sequential flag may flip (a placeholder's, or a name that ends in 10 digits).
          for (const [op, p, v, seq] of changes) {
            if (op === 'del') tree.delete(p);
            else tree.set(p, znodeView(p, { version: v, sequential: seq && /\d{10}$/.test(p) }));
          }
          const list = [...tree.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
          const paths = new Set(list.map((z) => z.path));
          if (wasEmpty) drawn = paths;
          wasEmpty = list.length === 0;
          index.update(list);
          for (const z of list) expect(index.znode(z.path)).toBe(z);
          expect(index.znode('/nowhere')).toBeNull();
          // Rows laid out from an unchanged shape are the rows of the new hierarchy.
          const now = rowsOf(index.shape);
          if (index.shape === shape) expect(now).toEqual(rows);
          shape = index.shape;
          rows = now;
          // Taken now and then (the view draws once per frame, whatever came in between).
          if (!takes[k] && k < steps.length - 1) return;
          const { added, removed } = index.takeChanges();
          const was = drawn;
          drawn = paths;
          expect([...added].sort()).toEqual([...paths].filter((p) => !was.has(p)).sort());
          expect([...removed].sort()).toEqual([...was].filter((p) => !paths.has(p)).sort());
        });
      }),
      { numRuns: 300 },
    );
  });

  it('keeps its shape when only a znode changed, and takes a new one when one comes', () => {
    const index = new TreeIndex();
    const a = [znodeView('/a'), znodeView('/a/b')];
    index.update(a);
    const shape = index.shape;
    const root = index.update([a[0]!, znodeView('/a/b', { version: 1 })]);
    expect(index.shape).toBe(shape);
    expect(root.children[0]!.children[0]!.z?.stat.version).toBe(1);
    index.update([...a, znodeView('/c')]);
    expect(index.shape).not.toBe(shape);
    expect(index.takeChanges().added).toEqual(new Set(['/c']));
    // The server goes down (no tree), another tree opens: nothing came or went, it opened.
    index.update([znodeView('/gone')]);
    index.update([]);
    index.update([znodeView('/d')]);
    expect(index.takeChanges()).toEqual({ added: new Set(), removed: new Set() });
  });

  it('puts a parent that was missing from the picture in its place among its siblings', () => {
    // /q/x-0000000001 (sequential) sorts after /q/b; the placeholder for /q/x-0000000002 (a
    // missing parent: maybe sequential) sorts as #2; as a plain znode it sorts by name, before.
    const seq = (p: string) => znodeView(p, { sequential: true });
    const index = new TreeIndex();
    index.update([znodeView('/q'), seq('/q/x-0000000001'), znodeView('/q/x-0000000002/c')]);
    const root = index.update([
      znodeView('/q'),
      seq('/q/x-0000000001'),
      znodeView('/q/x-0000000002'),
      znodeView('/q/x-0000000002/c'),
    ]);
    expect(root.children[0]!.children.map((c) => c.name)).toEqual(['x-0000000002', 'x-0000000001']);
  });
});
