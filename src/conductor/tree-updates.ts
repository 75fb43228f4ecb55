// The receiving end of Frame.trees: holds each server's tree as sent so far and puts it back into
// a server's view (frame-wire.ts), so what listeners get is a whole WorldView again. The page shows
// one tree at a time, so a tree is folded only when something reads it.
import type { TreeChange } from '../sim/view/tree-changes.ts';
import type { ServerView, ZnodeView } from '../sim/view/types.ts';
import { applyChanges } from './tree-log.ts';
import type { TreeUpdate } from './view-log.ts';

/** A tree as an earlier one plus changes, folded on first read and kept. */
class LazyTree {
  constructor(
    private base: LazyTree | null,
    private changes: TreeChange[],
    private value: ZnodeView[] | null = null,
  ) {}

  static of(tree: ZnodeView[]): LazyTree {
    return new LazyTree(null, [], tree);
  }

  get(): ZnodeView[] {
    if (this.value) return this.value;
    // Iteratively: a tree nobody looked at for many frames is a long chain.
    const chain: LazyTree[] = [];
    let at: LazyTree = this;
    while (!at.value) {
      chain.push(at);
      at = at.base!;
    }
    let tree = at.value;
    for (const link of chain.reverse()) {
      tree = applyChanges(tree, link.changes, 0, link.changes.length);
      link.value = tree;
      link.base = null;
      link.changes = [];
    }
    return tree;
  }
}

export class TreeHolder {
  private trees = new Map<string, LazyTree>();

  /** Takes a frame's tree updates; returns the servers whose tree they changed. */
  update(updates: readonly TreeUpdate[]): Set<string> {
    const changed = new Set<string>();
    for (const u of updates) {
      const held = this.trees.get(u.node);
      this.trees.set(
        u.node,
        'tree' in u ? LazyTree.of(u.tree) : new LazyTree(held ?? LazyTree.of([]), u.changes),
      );
      changed.add(u.node);
    }
    return changed;
  }

  /** The server's view with the tree held for it (folded when something reads it). */
  withTree(server: ServerView): ServerView {
    const lazy = this.trees.get(server.node) ?? LazyTree.of([]);
    const { tree: _, ...rest } = server;
    return Object.defineProperty(rest, 'tree', { get: () => lazy.get(), enumerable: true }) as ServerView;
  }
}
