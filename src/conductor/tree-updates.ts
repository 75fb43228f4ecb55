// The receiving end of Frame.trees: holds each server's tree as sent so far and puts it back into
// the frame's view, so what listeners get is a whole WorldView again (src/conductor/page.ts). The
// page shows one tree at a time, so a tree is folded only when something reads it.
import type { TreeChange } from '../sim/view/tree-changes.ts';
import type { ServerView, ZnodeView } from '../sim/view/types.ts';
import type { Frame } from './run-control.ts';
import { applyChanges } from './tree-log.ts';

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

  /** The frame with whole trees (frames without `trees` already have them). */
  assemble(frame: Frame): Frame {
    if (!frame.trees) return frame;
    for (const u of frame.trees) {
      const held = this.trees.get(u.node);
      this.trees.set(
        u.node,
        'tree' in u ? LazyTree.of(u.tree) : new LazyTree(held ?? LazyTree.of([]), u.changes),
      );
    }
    const { trees: _, ...rest } = frame;
    return { ...rest, view: { ...frame.view, servers: frame.view.servers.map((s) => this.withTree(s)) } };
  }

  private withTree(server: ServerView): ServerView {
    const lazy = this.trees.get(server.node) ?? LazyTree.of([]);
    const { tree: _, ...rest } = server;
    return Object.defineProperty(rest, 'tree', { get: () => lazy.get(), enumerable: true }) as ServerView;
  }
}
