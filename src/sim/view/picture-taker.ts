// A node's picture after each input it handles, sent as what changed: its own picture when it
// differs from the last one sent, and a server's tree changes. The conductor folds them into the
// state after every event (src/conductor/view-log.ts); in a Web Worker this is what crosses over.
import type { SimNode } from '../kernel/types.ts';
import type { ZkMessage } from '../messages.ts';
import { ZooKeeperServer } from '../server/server.ts';
import { samePicture } from './same-picture.ts';
import { serverOwnView } from './server-view.ts';
import { type TreeChange, TreeTracker } from './tree-changes.ts';
import type { ClientOwnView, ServerOwnView } from './types.ts';

export type OwnView = ServerOwnView | ClientOwnView;

/** Only what changed since the node's previous picture; both absent: nothing did. */
export interface PictureChange {
  own?: OwnView;
  tree?: TreeChange;
}

/** One per node incarnation: a fresh one starts with a whole picture. */
export class PictureTaker {
  private lastOwn: OwnView | undefined;
  private readonly trees = new TreeTracker();

  take(node: SimNode<ZkMessage>, now: number): PictureChange {
    const change: PictureChange = {};
    const own = (node instanceof ZooKeeperServer ? serverOwnView(node) : node.view?.(now)) as
      | OwnView
      | undefined;
    // Comparing costs less than sending and keeping a picture per input.
    if (own !== undefined && !samePicture(own, this.lastOwn)) change.own = own;
    this.lastOwn = own;
    if (node instanceof ZooKeeperServer) {
      const tree = this.trees.change(node.database, node.config.extendedTypes);
      if (tree) change.tree = tree;
    }
    return change;
  }
}
