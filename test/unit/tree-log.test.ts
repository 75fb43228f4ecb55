// TreeLog: the tree after any event is exactly the changes up to it folded in order, whatever the
// checkpoints; and the checkpoints stay within a few references per change on a growing tree.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyChanges, checkpointGap, TreeLog } from '../../src/conductor/tree-log.ts';
import { RecentEquals } from '../../src/sim/view/recent-equals.ts';
import type { TreeChange } from '../../src/sim/view/tree-changes.ts';
import type { ZnodeView } from '../../src/sim/view/types.ts';
import { byPath } from '../../src/sim/view/znode-view.ts';

const PATHS = ['/', '/a', '/a/b', '/a/c', '/b', '/b/x', '/c', '/zk'];
const znode = (path: string, version: number) => ({ path, version }) as unknown as ZnodeView;

const change: fc.Arbitrary<TreeChange> = fc.oneof(
  {
    weight: 1,
    arbitrary: fc
      .uniqueArray(fc.constantFrom(...PATHS))
      .map((ps) => ({ reset: ps.sort(byPath).map((p) => znode(p, 0)) })),
  },
  {
    weight: 12,
    arbitrary: fc
      .record({
        set: fc.uniqueArray(fc.constantFrom(...PATHS)),
        del: fc.uniqueArray(fc.constantFrom(...PATHS)),
        v: fc.nat(99),
      })
      .map(({ set, del, v }) => ({
        set: set.sort(byPath).map((p) => znode(p, v)),
        del: del.filter((p) => !set.includes(p)),
      })),
  },
);

/** The tree after the first n changes, folded one by one. */
function naive(changes: TreeChange[], n: number): ZnodeView[] {
  let tree = new Map<string, ZnodeView>();
  for (const c of changes.slice(0, n)) {
    if ('reset' in c) tree = new Map(c.reset.map((z) => [z.path, z]));
    else {
      for (const z of c.set) tree.set(z.path, z);
      for (const p of c.del) tree.delete(p);
    }
  }
  return [...tree.values()].sort((a, b) => byPath(a.path, b.path));
}

describe('TreeLog', () => {
  it('gives the folded tree at every index, in any order of asking, and after a cut', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(change, fc.nat(2)), { maxLength: 400 }),
        fc.array(fc.nat(1000), { maxLength: 30 }),
        fc.nat(1000),
        (steps, asks, cutAt) => {
          const log = new TreeLog();
          const keys: number[] = [];
          let key = 1;
          for (const [c, gap] of steps) {
            key += gap;
            keys.push(key);
            log.add(key, c);
          }
          const changes = steps.map(([c]) => c);
          const upto = (index: number) => keys.filter((k) => k <= index).length;
          for (const a of asks) {
            const index = a % (key + 2);
            expect(log.at(index)).toEqual(naive(changes, upto(index)));
          }
          const cut = cutAt % (key + 2);
          log.cut(cut);
          expect(log.size).toBe(upto(cut));
          for (const a of asks)
            expect(log.at(a % (key + 2))).toEqual(naive(changes, upto(Math.min(a % (key + 2), cut))));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps checkpoints within 10 znode references per change while a tree grows to 20,000 znodes', () => {
    const log = new TreeLog();
    const n = 20_000;
    for (let i = 0; i < n; i++)
      log.add(i + 1, { set: [znode(`/n${String(i).padStart(6, '0')}`, 0)], del: [] });
    expect(log.at(n)).toHaveLength(n);
    expect(log.checkpointed).toBeLessThanOrEqual(10 * n);
    // Every checkpoint gap is at least the minimum, and grows with the tree.
    expect(checkpointGap(0)).toBe(64);
    expect(checkpointGap(100_000)).toBe(12_500);
  });

  it('patches a few changes into a big tree exactly as folding them one by one does', () => {
    // 300 paths under 30 parents: a handful of changes is under the share patched in place.
    const many = ['/'];
    for (let i = 0; i < 30; i++) {
      many.push(`/p${i}`);
      for (let j = 0; j < 9; j++) many.push(`/p${i}/n${j}`);
    }
    const small = fc
      .record({
        set: fc.uniqueArray(fc.constantFrom(...many), { maxLength: 8 }),
        del: fc.uniqueArray(fc.constantFrom(...many), { maxLength: 8 }),
        v: fc.nat(99),
      })
      .map(({ set, del, v }) => ({
        set: set.sort(byPath).map((p) => znode(p, v)),
        del: del.filter((p) => !set.includes(p)),
      }));
    fc.assert(
      fc.property(
        fc.subarray(many, { minLength: 200 }),
        fc.array(small, { maxLength: 3 }),
        (base, changes) => {
          const start: TreeChange = { reset: [...base].sort(byPath).map((p) => znode(p, 0)) };
          const all = [start, ...changes];
          expect(applyChanges(start.reset, all, 1, all.length)).toEqual(naive(all, all.length));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps one of the equal znodes that several servers drew, and each server its own when they differ', () => {
    const znodes = new RecentEquals<ZnodeView>(64);
    const [a, b] = [new TreeLog(znodes), new TreeLog(znodes)];
    const draw = (data: string) =>
      ({ path: '/x', data, stat: { mzxid: '0x5', pzxid: '0x5' } }) as unknown as ZnodeView;
    a.add(1, { set: [draw('v')], del: [] });
    b.add(2, { set: [draw('v')], del: [] });
    expect(b.at(2)[0]).toBe(a.at(2)[0]);
    b.add(3, { set: [draw('w')], del: [] });
    expect(b.at(3)[0]!.data).toBe('w');
    expect(a.at(3)[0]!.data).toBe('v');
  });

  it('gives back the changes between two positions as they were added, a lone znode among them', () => {
    const log = new TreeLog();
    const changes: TreeChange[] = [
      { reset: [znode('/', 0)] },
      { set: [znode('/a', 1)], del: [] },
      { set: [znode('/a', 2), znode('/b', 2)], del: [] },
      { set: [], del: ['/a'] },
      { set: [znode('/c', 3)], del: ['/b'] },
    ];
    for (const [i, c] of changes.entries()) log.add(i + 1, c);
    expect(log.changesBetween(0, 5)).toEqual(changes);
    expect(log.changesBetween(log.positionAt(1), log.positionAt(3))).toEqual(changes.slice(1, 3));
    expect(log.at(5)).toEqual([znode('/', 0), znode('/c', 3)]);
    // Cut in the middle and run on from there: the changes after the cut are gone, new ones follow.
    log.cut(3);
    log.add(4, { set: [znode('/d', 4), znode('/e', 4)], del: [] });
    expect(log.changesBetween(0, log.size)).toEqual([
      ...changes.slice(0, 3),
      { set: [znode('/d', 4), znode('/e', 4)], del: [] },
    ]);
    expect(log.at(4)).toEqual([
      znode('/', 0),
      znode('/a', 2),
      znode('/b', 2),
      znode('/d', 4),
      znode('/e', 4),
    ]);
  });
});
