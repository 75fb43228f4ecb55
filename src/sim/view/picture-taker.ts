// A node's picture after each input it handles, sent as what changed: its whole own picture the
// first time, then a patch of what differs from the last one (picture-patch.ts), and a server's
// tree changes. The conductor folds them into the state after every event
// (src/conductor/view-log.ts); in a Web Worker this is what crosses over.
import type { SimNode } from '../kernel/types.ts';
import type { ZkMessage } from '../messages.ts';
import { ZooKeeperServer } from '../server/server.ts';
import { diffPicture, type Patch } from './picture-patch.ts';
import { serverOwnView } from './server-view.ts';
import { type TreeChange, TreeTracker } from './tree-changes.ts';
import type { ClientOwnView, ServerOwnView } from './types.ts';

export type OwnView = ServerOwnView | ClientOwnView;

/** Only what changed since the node's previous picture; all absent: nothing did. */
export interface PictureChange {
  /** The whole own picture: the incarnation's first. */
  own?: OwnView;
  /** What changed in the own picture since the previous one. */
  patch?: Patch;
  tree?: TreeChange;
}

/**
 * One per node incarnation: a fresh one starts with a whole picture. `patches: false` gives the
 * whole picture every time, for a taker in the conductor's own thread: nothing is copied there, and
 * the picture log compares it with the last one anyway.
 */
export class PictureTaker {
  private lastOwn: OwnView | undefined;
  private readonly trees = new TreeTracker();

  constructor(private readonly patches = true) {}

  take(node: SimNode<ZkMessage>, now: number): PictureChange {
    const change: PictureChange = {};
    const own = (node instanceof ZooKeeperServer ? serverOwnView(node) : node.view?.(now)) as
      | OwnView
      | undefined;
    // A patch is smaller to send and to keep than a picture per input.
    if (own !== undefined) {
      if (this.lastOwn === undefined || !this.patches) change.own = own;
      else {
        const patch = diffPicture(this.lastOwn, own);
        if (patch !== undefined) change.patch = patch;
      }
    }
    this.lastOwn = own;
    if (node instanceof ZooKeeperServer) {
      const tree = this.trees.change(node.database, node.config.extendedTypes);
      if (tree) change.tree = tree;
    }
    return change;
  }
}
