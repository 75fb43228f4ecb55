// Every node's picture after every event of a run. Nodes send a picture change after each input
// they handle (PictureEntry, keyed by the first cursor index it belongs to); the log keeps, per
// node, its pictures in key order as patches (PictureLog) and, per server, its tree as changes
// (TreeLog). The world after event i is each node's last picture with a key ≤ i+1: exact at every
// event, and a seek costs a binary search per node plus a bounded number of patches and tree
// changes from their checkpoints (docs/views.md).
import type { Share } from '../sim/view/patch-tape.ts';
import { RecentEquals } from '../sim/view/recent-equals.ts';
import { flatEqual } from '../sim/view/same-items.ts';
import type { TreeChange } from '../sim/view/tree-changes.ts';
import type { ClientView, LogEntryView, ServerView, WorldView, ZnodeView } from '../sim/view/types.ts';
import { clientPicture, serverPicture, type ViewedNodes } from '../sim/view/world-view.ts';
import { PictureLog } from './picture-log.ts';
import { TreeLog } from './tree-log.ts';

export type ServerPicture = Omit<ServerView, 'tree'>;

/**
 * How a server's tree reaches a page that holds an earlier one: the changes since then, or the
 * whole tree (the first time, after a jump back or a branch, or when the changes would be many).
 */
export type TreeUpdate = { node: string; tree: ZnodeView[] } | { node: string; changes: TreeChange[] };

/** The tree of a view sent without trees (its listener holds them): one object, so views keep their identity. */
const NO_TREE: ZnodeView[] = [];

/** Beyond this many changes, the whole tree is sent instead. */
const MAX_CHANGES_SENT = 256;

/** How many recently drawn log entries (and znodes) are looked up to share one between servers. */
const SHARED_RECENTLY = 4096;

/** The log tail's entries kept once for all servers (the patches' items, or a whole tail set at once). */
function shareLogEntries(entries: RecentEquals<LogEntryView>): Share {
  // The zxid and state narrow the search (RecentEquals checks equality whole): ACKs by their count.
  const one = (e: LogEntryView) =>
    entries.share(e.zxid, e, (e.committed ? 1 : 0) | (e.logged ? 2 : 0) | (((e.acks?.length ?? -1) + 1) * 4));
  return (field, value) =>
    field !== 'logTail' ? value : Array.isArray(value) ? value.map(one) : one(value as LogEntryView);
}

/** A node's picture from cursor index `key` on: its whole picture when it changed, its tree's change. */
export interface PictureEntry {
  node: string;
  key: number;
  view?: ServerPicture | ClientView;
  tree?: TreeChange;
}

export class ViewLog {
  private readonly servers = new Map<string, PictureLog<ServerPicture>>();
  private readonly clients = new Map<string, PictureLog<ClientView>>();
  private readonly trees = new Map<string, TreeLog>();
  /** Each server's last view, kept while its picture and tree stay the same objects. */
  private readonly drawn = new Map<string, { picture: ServerPicture; tree: ZnodeView[]; view: ServerView }>();
  /** Entries at or below this key were kept from before a cut: a new engine computes them again. */
  private frozen = 0;

  constructor(nodes: ViewedNodes) {
    const before = { up: false, paused: false, started: false };
    // Every replica draws the same log entries and znodes: the servers' logs keep one of each.
    const share = shareLogEntries(new RecentEquals<LogEntryView>(SHARED_RECENTLY, flatEqual));
    const znodes = new RecentEquals<ZnodeView>(SHARED_RECENTLY);
    for (const id of nodes.servers) {
      this.servers.set(id, new PictureLog(serverPicture(nodes, id, undefined, before), share));
      this.trees.set(id, new TreeLog(znodes));
    }
    for (const id of nodes.clients)
      this.clients.set(id, new PictureLog(clientPicture(id, undefined, before)));
  }

  add(entries: readonly PictureEntry[]): void {
    for (const e of entries) {
      if (e.key <= this.frozen) continue;
      if (e.view) {
        const log = (this.servers.get(e.node) ?? this.clients.get(e.node)) as
          | PictureLog<typeof e.view>
          | undefined;
        log?.add(e.key, e.view);
      }
      if (e.tree) this.trees.get(e.node)?.add(e.key, e.tree);
    }
  }

  /** Forget what belongs after `index` events: the timeline was cut there and is computed again. */
  cut(index: number): void {
    for (const log of [...this.servers.values(), ...this.clients.values()]) log.cut(index);
    for (const tree of this.trees.values()) tree.cut(index);
    this.frozen = index;
  }

  /**
   * The world after the first `index` events (cursor index `index`), at virtual time t. Without
   * trees (`trees: false`), servers have empty ones: a page that holds them gets treeUpdates.
   */
  at(index: number, t: number, trees = true): WorldView {
    return {
      t,
      servers: [...this.servers].map(([id, log]) =>
        this.withTree(id, log.at(index), trees ? this.trees.get(id)!.at(index) : NO_TREE),
      ),
      clients: [...this.clients.values()].map((log) => log.at(index)),
    };
  }

  /**
   * A server's view: the same object as last time when its picture and tree are, so whoever holds
   * the previous frame can tell an unchanged node by identity (frame-wire.ts, the page's views).
   */
  private withTree(id: string, picture: ServerPicture, tree: ZnodeView[]): ServerView {
    const last = this.drawn.get(id);
    if (last?.picture === picture && last.tree === tree) return last.view;
    const view = { ...picture, tree };
    this.drawn.set(id, { picture, tree, view });
    return view;
  }

  /**
   * What a page holding each server's tree at position `held` (TreeLog positions, updated here)
   * needs to hold them at `index`. Positions are only good until the next cut.
   */
  treeUpdates(index: number, held: Map<string, number>): TreeUpdate[] {
    const out: TreeUpdate[] = [];
    for (const [node, log] of this.trees) {
      const to = log.positionAt(index);
      const from = held.get(node);
      if (from === to) continue;
      if (from !== undefined && from < to && to - from <= MAX_CHANGES_SENT)
        out.push({ node, changes: log.changesBetween(from, to) });
      else out.push({ node, tree: log.at(index) });
      held.set(node, to);
    }
    return out;
  }
}
