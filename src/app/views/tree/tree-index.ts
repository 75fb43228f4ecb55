// The znode hierarchy kept across frames: a new picture of the tree changes a few znodes, so the
// hierarchy is updated where they are (insert in order, replace, remove) instead of rebuilt and
// re-sorted at every frame (a 2,000-znode tree took most of a frame that way, issue #10 item 4).
// Znode pictures that did not change keep their identity from frame to frame (the conductor's tree
// log shares them), so a changed znode is one whose picture is a different object, and a picture
// costs one lookup per znode: no set of paths, no copy of the hierarchy.
import type { ZnodeView } from '../../../sim/view/types.ts';
import { childOrder, parentOf, type TreeNode } from './tree-model.ts';

interface Entry {
  node: TreeNode;
  /** The update that last found this path in the picture. */
  seen: number;
}

/** Paths that came into the tree and left it, since the changes were last taken. */
export interface TreeChanges {
  added: ReadonlySet<string>;
  removed: ReadonlySet<string>;
}

export class TreeIndex {
  private entries = new Map<string, Entry>();
  private root: TreeNode = newNode('/', null);
  private last: readonly ZnodeView[] | null = null;
  private shown: TreeNode = this.root;
  private shownShape: TreeNode = this.root;
  /** znodes in the hierarchy (placeholders for missing parents not counted). */
  private present = 0;
  private generation = 0;
  private added = new Set<string>();
  private removed = new Set<string>();

  constructor() {
    this.entries.set('/', { node: this.root, seen: 0 });
  }

  /**
   * The hierarchy of `znodes` (nodes whose parent is missing hang under a placeholder). The root
   * returned is a new object whenever anything changed, the same one otherwise.
   */
  update(znodes: readonly ZnodeView[]): TreeNode {
    if (znodes === this.last) return this.shown;
    this.last = znodes;
    const generation = ++this.generation;
    // From an empty tree (the first picture, a server that was down) every znode is the tree as
    // it opens, not one that came in: the changes start again from this picture (what came in
    // before has gone with the rest, so only what went is left to forget).
    const noting = this.present > 0;
    if (!noting) this.removed.clear();
    let changed = false;
    let shaped = false;
    for (const z of znodes) {
      const entry = this.entries.get(z.path);
      if (entry === undefined) {
        this.insert(z.path, z).seen = generation;
        this.present++;
        if (noting) this.note(this.added, this.removed, z.path);
        changed = shaped = true;
        continue;
      }
      entry.seen = generation;
      const { node } = entry;
      if (node.z === z) continue;
      if (node.z === null) {
        // a placeholder (a parent missing from the picture) that is a znode again
        this.present++;
        if (noting) this.note(this.added, this.removed, z.path);
      }
      if (this.replace(node, z)) shaped = true;
      changed = true;
    }
    // Every path in the picture is in the hierarchy; more znodes there means some left the picture.
    if (this.present > znodes.length) {
      for (const entry of [...this.entries.values()]) {
        if (entry.node.z === null || entry.seen === generation) continue;
        this.present--;
        if (noting) this.note(this.removed, this.added, entry.node.path);
        this.remove(entry.node);
      }
      changed = shaped = true;
    }
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
    return this.entries.get(path)?.node.z ?? null;
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

  private insert(path: string, z: ZnodeView | null): Entry {
    const node = newNode(path, z);
    const entry = { node, seen: 0 };
    this.entries.set(path, entry);
    const parent = this.entries.get(parentOf(path))?.node ?? this.insert(parentOf(path), null).node;
    const siblings = parent.children;
    let lo = 0;
    let hi = siblings.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (childOrder(siblings[mid]!, node) <= 0) lo = mid + 1;
      else hi = mid;
    }
    siblings.splice(lo, 0, node);
    return entry;
  }

  /** Puts the new picture in; true when the siblings had to be re-sorted. */
  private replace(node: TreeNode, z: ZnodeView): boolean {
    const wasSequential = node.z?.sequential ?? true;
    node.z = z;
    // Order depends on the name and on whether the znode is sequential (a placeholder counts as
    // possibly sequential): re-sort the siblings only when that changed.
    if (wasSequential === z.sequential) return false;
    const parent = this.entries.get(parentOf(node.path))?.node;
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
    this.entries.delete(node.path);
    const parent = this.entries.get(parentOf(node.path))!.node;
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
