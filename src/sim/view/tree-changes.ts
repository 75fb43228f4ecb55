// A server's tree as the views follow it: drawn whole once, then by the znodes that changed (the
// DataTree tells which paths it touched), so following a 2,000-znode tree event by event costs what
// each txn changed. Folding the changes (TreeLog, src/conductor/tree-log.ts) gives the tree after
// any event.
import type { ZkDatabase } from '../server/zkdatabase.ts';
import type { ZnodeView } from './types.ts';
import { byPath, drawTree, znodeView } from './znode-view.ts';

/** The whole tree (after a start, a snapshot load, or down: empty), or what changed in it. */
export type TreeChange = { reset: ZnodeView[] } | { set: ZnodeView[]; del: string[] };

export class TreeTracker {
  private tree: object | null = null;

  /** What changed since the last call (everything, the first time or when the tree was replaced); null if nothing. */
  change(db: ZkDatabase, extendedTypes: boolean): TreeChange | null {
    const { tree, paths } = db.takeTouched();
    if (tree !== this.tree || paths === null) {
      this.tree = tree;
      return { reset: drawTree(db, extendedTypes) };
    }
    if (paths.size === 0) return null;
    const set: ZnodeView[] = [];
    const del: string[] = [];
    for (const path of [...paths].sort(byPath)) {
      const z = znodeView(db, path, extendedTypes);
      if (z) set.push(z);
      else del.push(path);
    }
    return { set, del };
  }
}
