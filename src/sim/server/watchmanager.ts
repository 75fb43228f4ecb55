// One watch table (server/watch/WatchManager in 3.8.0). DataTree keeps two: data watches and child
// watches. A watcher is a client connection; a path holds each watcher at most once, which is what
// deduplicates exists+get on the same node.
//
// 3.8.0 keeps ONE mode per (watcher, path) in each table (WatcherModeManager): registering a standard
// watch where a persistent one already is turns that table's entry back into a one-shot watch.
// (ZOOKEEPER-4466 changed this after 3.8; we reproduce 3.8.0.)
import type { EventType } from './protocol.ts';

/**
 * Who a watch notifies. In ZooKeeper the Watcher is the ServerCnxn object itself; here it is a key
 * the server looks its connection up by (ServerCnxnFactory#byWatcher), never parsed back. Tests of
 * the tables use any string.
 */
export type WatcherKey = string;

/** The watcher key of client connection `conn`: built here, and only here. */
export const cnxnWatcher = (conn: number): WatcherKey => `cnxn:${conn}`;
export type WatcherMode = 'standard' | 'persistent' | 'persistentRecursive';

export interface TriggerResult {
  /** Watchers to notify, in the order they were found (path first, then ancestors). */
  fire: readonly WatcherKey[];
  /** Every watcher that matched, including suppressed ones (WatcherOrBitSet of the Java code). */
  matched: ReadonlySet<WatcherKey>;
}

const NOTHING_TRIGGERED: TriggerResult = Object.freeze({
  fire: Object.freeze([]),
  matched: new Set<WatcherKey>(),
});

/** PathParentIterator: the path, then each ancestor up to "/". */
function* pathAndParents(path: string): Generator<string> {
  let p = path;
  while (p !== '') {
    yield p;
    if (p === '/') return;
    p = p.substring(0, p.lastIndexOf('/'));
    if (p === '') p = '/';
  }
}

/** The last stamp given to a table edit (any table): see WatchManager#stamp. */
let lastStamp = 0;

export class WatchManager {
  /**
   * Changes with every edit of this table, to a value no other table has had: views redraw the
   * watches only when a stamp moved (src/sim/view/server-view.ts). Not part of ZooKeeper's state.
   */
  stamp = ++lastStamp;
  private readonly watchTable = new Map<string, Set<WatcherKey>>();
  private readonly watch2Paths = new Map<WatcherKey, Set<string>>();
  /** Only non-standard modes are stored, as WatcherModeManager does. */
  private readonly modes = new Map<WatcherKey, Map<string, WatcherMode>>();
  private recursiveQty = 0;

  /** WatchManager#addWatch; returns whether the path was new for this watcher. */
  addWatch(path: string, watcher: WatcherKey, mode: WatcherMode = 'standard'): boolean {
    this.stamp = ++lastStamp;
    let set = this.watchTable.get(path);
    if (!set) {
      set = new Set();
      this.watchTable.set(path, set);
    }
    set.add(watcher);
    let paths = this.watch2Paths.get(watcher);
    if (!paths) {
      paths = new Set();
      this.watch2Paths.set(watcher, paths);
    }
    this.setMode(watcher, path, mode);
    if (paths.has(path)) return false;
    paths.add(path);
    return true;
  }

  modeOf(watcher: WatcherKey, path: string): WatcherMode {
    return this.modes.get(watcher)?.get(path) ?? 'standard';
  }

  private setMode(watcher: WatcherKey, path: string, mode: WatcherMode): void {
    const old = this.modeOf(watcher, path);
    if (mode === 'standard') {
      const m = this.modes.get(watcher);
      m?.delete(path);
      if (m && m.size === 0) this.modes.delete(watcher);
    } else {
      let m = this.modes.get(watcher);
      if (!m) {
        m = new Map();
        this.modes.set(watcher, m);
      }
      m.set(path, mode);
    }
    if ((old === 'persistentRecursive') !== (mode === 'persistentRecursive')) {
      this.recursiveQty += mode === 'persistentRecursive' ? 1 : -1;
    }
  }

  /** WatchManager#removeWatcher(watcher): the connection is gone. */
  removeWatcher(watcher: WatcherKey): void {
    const paths = this.watch2Paths.get(watcher);
    if (!paths) return;
    this.stamp = ++lastStamp;
    this.watch2Paths.delete(watcher);
    for (const p of paths) {
      const set = this.watchTable.get(p);
      if (set) {
        set.delete(watcher);
        if (set.size === 0) this.watchTable.delete(p);
      }
      this.setMode(watcher, p, 'standard');
    }
  }

  /** WatchManager#removeWatcher(path, watcher), used by removeWatches. */
  removeWatch(path: string, watcher: WatcherKey): boolean {
    const paths = this.watch2Paths.get(watcher);
    if (!paths?.delete(path)) return false;
    const set = this.watchTable.get(path);
    if (!set?.delete(watcher)) return false;
    this.stamp = ++lastStamp;
    if (set.size === 0) this.watchTable.delete(path);
    this.setMode(watcher, path, 'standard');
    return true;
  }

  /** Whether `watcher` has an entry on exactly `path` in this table. */
  hasWatch(path: string, watcher: WatcherKey): boolean {
    return this.watchTable.get(path)?.has(watcher) ?? false;
  }

  /**
   * WatchManager#triggerWatch. Standard and persistent watches match on the path itself; recursive ones
   * on the path or any ancestor, for every event type except NodeChildrenChanged. Standard watches are
   * consumed even when suppressed.
   */
  triggerWatch(path: string, type: EventType, suppress?: ReadonlySet<WatcherKey>): TriggerResult {
    // Most changes meet no watch at all: answer those without building sets and arrays (issue #13).
    if (this.recursiveQty === 0 && !this.watchTable.has(path)) return NOTHING_TRIGGERED;
    const matched = new Set<WatcherKey>();
    let atParent = false;
    const walk = this.recursiveQty === 0 ? [path] : pathAndParents(path);
    for (const localPath of walk) {
      const set = this.watchTable.get(localPath);
      if (set && set.size > 0) {
        for (const watcher of [...set]) {
          const mode = this.modeOf(watcher, localPath);
          if (mode === 'persistentRecursive') {
            if (type !== 'NodeChildrenChanged') matched.add(watcher);
          } else if (!atParent) {
            matched.add(watcher);
            if (mode === 'standard') {
              this.stamp = ++lastStamp;
              set.delete(watcher);
              this.watch2Paths.get(watcher)?.delete(localPath);
            }
          }
        }
        if (set.size === 0) this.watchTable.delete(localPath);
      }
      atParent = true;
    }
    const fire = suppress ? [...matched].filter((w) => !suppress.has(w)) : [...matched];
    return { fire, matched };
  }

  /** Number of (path, watcher) entries (WatchManager#size). */
  size(): number {
    let n = 0;
    for (const set of this.watchTable.values()) n += set.size;
    return n;
  }

  /** The paths `watcher` watches in this table, with their modes (for inspectors). */
  watchesOf(watcher: WatcherKey): { path: string; mode: WatcherMode }[] {
    const out: { path: string; mode: WatcherMode }[] = [];
    for (const p of this.watch2Paths.get(watcher) ?? []) out.push({ path: p, mode: this.modeOf(watcher, p) });
    return out;
  }
}
