// The engine's side of exact views: told by the world each time a node moves (World#observe), it
// turns the node's picture change (taken in this thread, or sent back by its worker with the
// outputs) into PictureEntry records, adding what only the host knows (up, paused, started).
import type { World } from '../sim/kernel/world.ts';
import type { ZkMessage } from '../sim/messages.ts';
import { applyPatches, samePicture } from '../sim/view/picture-patch.ts';
import type { OwnView, PictureChange } from '../sim/view/picture-taker.ts';
import type { TreeChange } from '../sim/view/tree-changes.ts';
import type { ClientOwnView, ClientView, ServerOwnView } from '../sim/view/types.ts';
import {
  clientPicture,
  type HostFlags,
  hostOf,
  hostUnchanged,
  serverPicture,
  type ViewedNodes,
} from '../sim/view/world-view.ts';
import type { PictureEntry, ServerPicture } from './view-log.ts';

export class PictureRecorder {
  private entries: PictureEntry[] = [];
  private readonly own = new Map<string, OwnView>();
  /** What the host knew of each node at its last picture. */
  private readonly hosts = new Map<string, { host: HostFlags; incarnation: number }>();
  private readonly servers: Set<string>;

  constructor(
    private readonly world: World<ZkMessage>,
    private readonly nodes: ViewedNodes,
  ) {
    this.servers = new Set(nodes.servers);
  }

  /**
   * Node `id` moved from event count `from`; `change` is its picture change after an input, or
   * undefined when the host moved it (a crash, a pause, a resume).
   */
  record(id: string, from: number, change: PictureChange | undefined): void {
    const world = this.world;
    const up = world.isUp(id);
    const server = this.servers.has(id);
    let tree: TreeChange | undefined;
    // A whole picture that is the very one held (a taker in this thread that saw no change) moved
    // nothing; nor does a client's equal to it (a client draws itself anew each time: 8 fields).
    const held = this.own.get(id);
    const own = change?.own;
    const moved =
      change?.patch !== undefined ||
      (own !== undefined && own !== held && (server || held === undefined || !samePicture(own, held)));
    if (!up) {
      this.own.delete(id);
      if (server) tree = { reset: [] };
    } else {
      if (own && moved) this.own.set(id, own);
      else if (change?.patch) {
        const base = this.own.get(id);
        // A taker starts each incarnation with a whole picture: a patch with nothing to apply it to
        // means the two sides lost step, and every picture after it would be wrong.
        if (base === undefined) throw new Error(`${id}: a picture patch before its whole picture`);
        this.own.set(id, applyPatches(base, [change.patch]));
      }
      tree = change?.tree;
    }
    // Up, paused, incarnation, and the node's pending timers and unsynced records (world-view.ts).
    const incarnation = world.incarnation(id);
    const last = this.hosts.get(id);
    const same =
      last !== undefined && last.incarnation === incarnation && hostUnchanged(world, id, last.host);
    // The same as the last picture's: the same object, so the pictures share its timer list.
    let host: HostFlags;
    if (same) host = last.host;
    else {
      host = hostOf(world, id);
      this.hosts.set(id, { host, incarnation });
    }
    const view = moved || !up || !same ? this.compose(id, server, host) : undefined;
    // One shape for every entry, made only when there is something to keep.
    if (view !== undefined || tree !== undefined) this.entries.push({ node: id, key: from + 1, view, tree });
  }

  /** The entries recorded since the last call. */
  take(): PictureEntry[] {
    const out = this.entries;
    this.entries = [];
    return out;
  }

  private compose(id: string, server: boolean, host: HostFlags): ServerPicture | ClientView {
    const own = this.own.get(id);
    return server
      ? serverPicture(this.nodes, id, own as ServerOwnView | undefined, host)
      : clientPicture(id, own as ClientOwnView | undefined, host);
  }
}
