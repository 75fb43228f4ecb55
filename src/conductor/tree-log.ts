// One server's tree over a run, as the changes its pictures carried (TreeChange), with the whole
// tree kept every CHECKPOINT_EVERY changes: the tree after any event is a checkpoint plus at most
// that many changes, merged into a sorted array (no full sort, no replay of the run).
import type { TreeChange } from '../sim/view/tree-changes.ts';
import type { ZnodeView } from '../sim/view/types.ts';
import { byPath } from '../sim/view/znode-view.ts';
import { upperBound } from './bisect.ts';

export const CHECKPOINT_EVERY = 64;

const same = (n: number) => n;

interface Folded {
  /** How many changes are folded in. */
  upto: number;
  tree: ZnodeView[];
}

export class TreeLog {
  private keys: number[] = [];
  private changes: TreeChange[] = [];
  private checkpoints: Folded[] = [{ upto: 0, tree: [] }];
  /** The last tree asked for: playing forward folds from it. */
  private last: Folded = { upto: 0, tree: [] };

  /** A change that shows from cursor index `key` on (keys never decrease). */
  add(key: number, change: TreeChange): void {
    this.keys.push(key);
    this.changes.push(change);
    const n = this.changes.length;
    if (n - this.checkpoints.at(-1)!.upto >= CHECKPOINT_EVERY)
      this.checkpoints.push({ upto: n, tree: this.fold(n) });
  }

  /** The tree with every change whose key is at most `index`. */
  at(index: number): ZnodeView[] {
    return this.fold(upperBound(this.keys, index, same));
  }

  /** How many changes the tree at `index` folds in: a position to send changes from. */
  positionAt(index: number): number {
    return upperBound(this.keys, index, same);
  }

  /** The changes between two positions (to send them instead of the whole tree). */
  changesBetween(from: number, to: number): TreeChange[] {
    return this.changes.slice(from, to);
  }

  /** Forget the changes whose key is above `index` (the timeline was cut there). */
  cut(index: number): void {
    const n = upperBound(this.keys, index, same);
    this.keys.length = n;
    this.changes.length = n;
    while (this.checkpoints.at(-1)!.upto > n) this.checkpoints.pop();
    if (this.last.upto > n) this.last = this.checkpoints.at(-1)!;
  }

  get size(): number {
    return this.changes.length;
  }

  private fold(upto: number): ZnodeView[] {
    if (this.last.upto === upto) return this.last.tree;
    let base = this.checkpoints[upperBound(this.checkpoints, upto, (c) => c.upto) - 1]!;
    if (this.last.upto < upto && this.last.upto > base.upto) base = this.last;
    const tree = applyChanges(base.tree, this.changes, base.upto, upto);
    this.last = { upto, tree };
    return tree;
  }
}

/** `base` (sorted by path) with changes[from..to) applied, as a new sorted array. */
export function applyChanges(
  base: ZnodeView[],
  changes: TreeChange[],
  from: number,
  to: number,
): ZnodeView[] {
  let start = base;
  const patch = new Map<string, ZnodeView | null>();
  for (let i = from; i < to; i++) {
    const c = changes[i]!;
    if ('reset' in c) {
      start = c.reset;
      patch.clear();
      continue;
    }
    for (const z of c.set) patch.set(z.path, z);
    for (const p of c.del) patch.set(p, null);
  }
  if (patch.size === 0) return start;
  const kept = start.filter((z) => !patch.has(z.path));
  const added = [...patch.values()]
    .filter((z): z is ZnodeView => z !== null)
    .sort((a, b) => byPath(a.path, b.path));
  return merge(kept, added);
}

function merge(a: ZnodeView[], b: ZnodeView[]): ZnodeView[] {
  const out: ZnodeView[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(byPath(a[i]!.path, b[j]!.path) <= 0 ? a[i++]! : b[j++]!);
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}
