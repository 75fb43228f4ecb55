// One server's tree over a run, as the changes its pictures carried (TreeChange), with the whole
// tree kept as a checkpoint every so many changes: the tree after any event is a checkpoint plus
// the changes since, merged into a sorted array (no full sort, no replay of the run).
//
// The gap between checkpoints grows with the tree (checkpointGap): a checkpoint of s znodes costs
// s references, so taking one only after s/8 changes keeps all checkpoints together at about 9
// references per change (sizes grow by 1/8 from one to the next: a geometric sum); 100,000 znodes
// created one by one make ~40 checkpoints instead of 1,500 of 50,000 znodes on average,
// while a seek still folds at most an eighth of the tree's size in changes.
import type { RecentEquals } from '../sim/view/recent-equals.ts';
import type { TreeChange } from '../sim/view/tree-changes.ts';
import type { ZnodeView } from '../sim/view/types.ts';
import { byPath } from '../sim/view/znode-view.ts';
import { upperBound } from './bisect.ts';

/** The smallest gap between checkpoints (changes). */
export const CHECKPOINT_EVERY = 64;
/** Checkpoints of a tree of s znodes are at least s / CHECKPOINT_SHARE changes apart. */
const CHECKPOINT_SHARE = 8;

/** How many changes after a checkpoint of `size` znodes the next one is taken. */
export const checkpointGap = (size: number): number =>
  Math.max(CHECKPOINT_EVERY, Math.ceil(size / CHECKPOINT_SHARE));

const same = (n: number) => n;

interface Folded {
  /** How many changes are folded in. */
  upto: number;
  tree: ZnodeView[];
}

export class TreeLog {
  private keys: number[] = [];
  /**
   * The changes one after another: one that only sets znodes as those znodes (most changes: a znode
   * and its parent, whose list was another 64 bytes each), any other as itself, one item.
   */
  private items: Item[] = [];
  /** Where each change's items end (it starts where the one before ends). */
  private ends: number[] = [];
  private checkpoints: Folded[] = [{ upto: 0, tree: [] }];
  /** The last tree asked for: playing forward folds from it. */
  private last: Folded = { upto: 0, tree: [] };

  /** `znodes`: where a changed znode is swapped for an equal one another server's log keeps. */
  constructor(private readonly znodes?: RecentEquals<ZnodeView>) {}

  /** A change that shows from cursor index `key` on (keys never decrease); its `set` may be swapped for equal znodes. */
  add(key: number, change: TreeChange): void {
    if (this.znodes && 'set' in change) {
      const set = change.set;
      for (let i = 0; i < set.length; i++) {
        const z = set[i]!;
        set[i] = this.znodes.share(`${z.path} ${z.stat.mzxid} ${z.stat.pzxid}`, z);
      }
    }
    this.keys.push(key);
    if ('set' in change && change.del.length === 0) for (const z of change.set) this.items.push(z);
    else this.items.push(change);
    this.ends.push(this.items.length);
    const n = this.ends.length;
    const last = this.checkpoints.at(-1)!;
    if (n - last.upto >= checkpointGap(last.tree.length))
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
    const out: TreeChange[] = [];
    for (let i = from; i < to; i++) {
      const start = this.itemsBefore(i);
      const end = this.ends[i]!;
      const first = this.items[start]!;
      if (end - start === 1 && !('path' in first)) out.push(first);
      else out.push({ set: this.items.slice(start, end) as ZnodeView[], del: [] });
    }
    return out;
  }

  /** Forget the changes whose key is above `index` (the timeline was cut there). */
  cut(index: number): void {
    const n = upperBound(this.keys, index, same);
    this.keys.length = n;
    this.ends.length = n;
    this.items.length = this.itemsBefore(n);
    while (this.checkpoints.at(-1)!.upto > n) this.checkpoints.pop();
    if (this.last.upto > n) this.last = this.checkpoints.at(-1)!;
  }

  get size(): number {
    return this.ends.length;
  }

  /** Znode references the checkpoints hold (what the log costs beyond its changes). */
  get checkpointed(): number {
    let n = 0;
    for (const c of this.checkpoints) n += c.tree.length;
    return n;
  }

  /** How many items the first `n` changes have. */
  private itemsBefore(n: number): number {
    return n === 0 ? 0 : this.ends[n - 1]!;
  }

  private fold(upto: number): ZnodeView[] {
    if (this.last.upto === upto) return this.last.tree;
    let base = this.checkpoints[upperBound(this.checkpoints, upto, (c) => c.upto) - 1]!;
    if (this.last.upto < upto && this.last.upto > base.upto) base = this.last;
    const tree = applyChanges(base.tree, this.items, this.itemsBefore(base.upto), this.itemsBefore(upto));
    this.last = { upto, tree };
    return tree;
  }
}

/** An item of the log: a znode a change sets, or a change that is not only that. */
type Item = TreeChange | ZnodeView;

/** What applyChanges folds: changes, items, or znode lists. */
type Kept = Item | ZnodeView[];

/** `base` (sorted by path) with changes[from..to) applied, as a new sorted array. */
export function applyChanges(
  base: ZnodeView[],
  changes: readonly Kept[],
  from: number,
  to: number,
): ZnodeView[] {
  let start = base;
  const patch = new Map<string, ZnodeView | null>();
  for (let i = from; i < to; i++) {
    const c = changes[i]!;
    if (Array.isArray(c)) {
      for (const z of c) patch.set(z.path, z);
      continue;
    }
    if ('path' in c) {
      patch.set(c.path, c);
      continue;
    }
    if ('reset' in c) {
      start = c.reset;
      patch.clear();
      continue;
    }
    for (const z of c.set) patch.set(z.path, z);
    for (const p of c.del) patch.set(p, null);
  }
  if (patch.size === 0) return start;
  // A few changes to a big tree (a frame's worth while playing): patched in a copy, each found by
  // binary search, instead of every znode looked up in the patch.
  if (patch.size * FEW_CHANGES < start.length) return patched(start.slice(), patch);
  const kept = start.filter((z) => !patch.has(z.path));
  const added = [...patch.values()]
    .filter((z): z is ZnodeView => z !== null)
    .sort((a, b) => byPath(a.path, b.path));
  return merge(kept, added);
}

/** Patches beyond a 1/FEW_CHANGES share of the tree are merged in one pass instead. */
const FEW_CHANGES = 16;

/** `tree` (sorted by path, a copy) with each path set to its view or removed (null). */
function patched(tree: ZnodeView[], patch: Map<string, ZnodeView | null>): ZnodeView[] {
  for (const [path, z] of patch) {
    let lo = 0;
    let hi = tree.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (byPath(tree[mid]!.path, path) < 0) lo = mid + 1;
      else hi = mid;
    }
    const found = lo < tree.length && tree[lo]!.path === path;
    if (z !== null) {
      if (found) tree[lo] = z;
      else tree.splice(lo, 0, z);
    } else if (found) tree.splice(lo, 1);
  }
  return tree;
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
