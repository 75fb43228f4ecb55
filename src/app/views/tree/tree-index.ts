// The znode hierarchy kept across frames: a new picture of the tree changes a few znodes, so the
// hierarchy is updated where they are (insert in order, replace, remove) instead of rebuilt and
// re-sorted at every frame (a 2,000-znode tree took most of a frame that way, issue #10 item 4).
// Znode pictures that did not change keep their identity from frame to frame (the conductor's tree
// log shares them), so a changed znode is one whose picture is a different object.
import type { ZnodeView } from '../../../sim/view/types.ts';
import { childOrder, parentOf, type TreeNode } from './tree-model.ts';

export class TreeIndex {
  private byPath = new Map<string, TreeNode>();
  private root: TreeNode = newNode('/', null);
  private last: readonly ZnodeView[] | null = null;
  private shown: TreeNode = this.root;

  constructor() {
    this.byPath.set('/', this.root);
  }

  /**
   * The hierarchy of `znodes` (nodes whose parent is missing hang under a placeholder). The root
   * returned is a new object whenever anything changed, the same one otherwise.
   */
  update(znodes: readonly ZnodeView[]): TreeNode {
    if (znodes === this.last) return this.shown;
    this.last = znodes;
    const present = new Set<string>();
    let changed = false;
    for (const z of znodes) {
      present.add(z.path);
      const node = this.byPath.get(z.path);
      if (node === undefined) {
        this.insert(z.path, z);
        changed = true;
      } else if (node.z !== z) {
        this.replace(node, z);
        changed = true;
      }
    }
    for (const node of [...this.byPath.values()]) {
      if (node.z !== null && !present.has(node.path)) {
        this.remove(node);
        changed = true;
      }
    }
    if (changed) this.shown = { ...this.root };
    return this.shown;
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

  private replace(node: TreeNode, z: ZnodeView): void {
    const wasSequential = node.z?.sequential ?? true;
    node.z = z;
    // Order depends on the name and on whether the znode is sequential (a placeholder counts as
    // possibly sequential): re-sort the siblings only when that changed.
    if (wasSequential !== z.sequential) {
      const parent = this.byPath.get(parentOf(node.path));
      if (parent && parent !== node) parent.children.sort(childOrder);
    }
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
