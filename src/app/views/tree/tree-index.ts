// The znode hierarchy kept across frames: a new picture of the tree changes a few znodes, so the
// hierarchy is updated where they are (insert in order, replace, remove) instead of rebuilt and
// re-sorted at every frame (a 2,000-znode tree took most of a frame that way, issue #10 item 4).
// Znode pictures that did not change keep their identity from frame to frame (the conductor's tree
// log shares them), so a changed znode is one whose picture is a different object, and a picture
// that changed a few znodes costs a comparison per znode: no set of paths, no copy of the hierarchy.
import type { ZnodeView } from '../../../sim/view/types.ts';
import { childOrder, parentOf, type TreeNode } from './tree-model.ts';

/** Paths that came into the tree and left it, since the changes were last taken. */
export interface TreeChanges {
  added: ReadonlySet<string>;
  removed: ReadonlySet<string>;
}

export class TreeIndex {
  private byPath = new Map<string, TreeNode>();
  private root: TreeNode = newNode('/', null);
  private last: readonly ZnodeView[] = [];
  private shown: TreeNode = this.root;
  private shownShape: TreeNode = this.root;
  private added = new Set<string>();
  private removed = new Set<string>();

  constructor() {
    this.byPath.set('/', this.root);
  }

  /**
   * The hierarchy of `znodes` (nodes whose parent is missing hang under a placeholder). The root
   * returned is a new object whenever anything changed, the same one otherwise.
   *
   * Pictures list their znodes in one order (ServerView.tree: a parent before its children,
   * siblings in order), so this one is walked beside the last one: a znode that is the very object
   * it was costs one comparison, and a path of the last picture passed over is one that is gone.
   */
  update(znodes: readonly ZnodeView[]): TreeNode {
    const before = this.last;
    if (znodes === before) return this.shown;
    this.last = znodes;
    // From an empty tree (the first picture, a server that was down) every znode is the tree as
    // it opens, not one that came in: the changes start again from this picture (what came in
    // before has gone with the rest, so only what went is left to forget).
    const noting = before.length > 0;
    if (!noting) this.removed.clear();
    let changed = false;
    let shaped = false;
    let i = 0;
    const gone = (z: ZnodeView) => {
      if (noting) this.note(this.removed, this.added, z.path);
      this.remove(this.byPath.get(z.path)!);
      changed = shaped = true;
    };
    for (const z of znodes) {
      if (before[i] === z) {
        i++;
        continue;
      }
      const node = this.byPath.get(z.path);
      if (node === undefined || node.z === null) {
        // New, or a placeholder (a parent missing from the picture) that is a znode again.
        if (node === undefined) this.insert(z.path, z);
        else this.replace(node, z);
        if (noting) this.note(this.added, this.removed, z.path);
        changed = shaped = true;
        continue;
      }
      // In the last picture too, further on: what it listed before this path is gone.
      while (before[i]!.path !== z.path) gone(before[i++]!);
      i++;
      if (node.z === z) continue;
      if (this.replace(node, z)) shaped = true;
      changed = true;
    }
    while (i < before.length) gone(before[i++]!);
    if (changed) this.shown = { ...this.root };
    if (shaped) this.shownShape = this.shown;
    return this.shown;
  }

  /**
   * The hierarchy's shape: a new object when a znode came, went or moved among its siblings, the
   * same one when only znodes' pictures changed (the nodes are updated in place). Rows laid out
   * from it stay valid while it is the same.
   */
  get shape(): TreeNode {
    return this.shownShape;
  }

  /** The znode at `path` in the last picture, or null. */
  znode(path: string): ZnodeView | null {
    return this.byPath.get(path)?.z ?? null;
  }

  /**
   * Paths added to and removed from the tree since the last call, or since the last picture that
   * followed an empty tree (which adds none).
   */
  takeChanges(): TreeChanges {
    const changes = { added: this.added, removed: this.removed };
    this.added = new Set();
    this.removed = new Set();
    return changes;
  }

  /** A path came (or went): unless it just did the opposite, in which case the two cancel. */
  private note(into: Set<string>, opposite: Set<string>, path: string): void {
    if (!opposite.delete(path)) into.add(path);
  }

  private insert(path: string, z: ZnodeView | null): TreeNode {
    const node = newNode(path, z);
    this.byPath.set(path, node);
    const parent = this.byPath.get(parentOf(path)) ?? this.insert(parentOf(path), null);
    const siblings = parent.children;
    let lo = 0;
    let hi = siblings.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (childOrder(siblings[mid]!, node) <= 0) lo = mid + 1;
      else hi = mid;
    }
    siblings.splice(lo, 0, node);
    return node;
  }

  /** Puts the new picture in; true when the siblings had to be re-sorted. */
  private replace(node: TreeNode, z: ZnodeView): boolean {
    const wasSequential = node.z?.sequential ?? true;
    node.z = z;
    // Order depends on the name and on whether the znode is sequential (a placeholder counts as
    // possibly sequential): re-sort the siblings only when that changed.
    if (wasSequential === z.sequential) return false;
    const parent = this.byPath.get(parentOf(node.path));
    if (parent && parent !== node) parent.children.sort(childOrder);
    return true;
  }

  private remove(node: TreeNode): void {
    if (node.path === '/') {
      node.z = null;
      return;
    }
    if (node.children.length > 0) {
      // Its children are still there: it stays as a placeholder.
      node.z = null;
      return;
    }
    this.byPath.delete(node.path);
    const parent = this.byPath.get(parentOf(node.path))!;
    parent.children.splice(parent.children.indexOf(node), 1);
    if (parent.z === null && parent.children.length === 0 && parent.path !== '/') this.remove(parent);
  }
}

function newNode(path: string, z: ZnodeView | null): TreeNode {
  return { path, name: path === '/' ? '/' : path.slice(path.lastIndexOf('/') + 1), z, children: [] };
}

/** The hierarchy of one picture of the tree, built once. */
export function buildTree(znodes: readonly ZnodeView[]): TreeNode {
  return new TreeIndex().update(znodes);
}
