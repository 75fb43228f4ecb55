// Where a Lua client's watch events go: ZKWatchManager#materialize for scripts. A watch set with
// `true` sends its event to the client's queue (zk.wait_event); a watch set with a function runs
// that function. One-shot watches are consumed by their event; persistent ones stay.
import type { WatchedEvent } from '../server/protocol.ts';

/** 'queue', or the id of a Lua function. */
export type Target = 'queue' | number;
type Kind = 'data' | 'exist' | 'child' | 'persistent' | 'recursive';

export class WatchTargets {
  private table = new Map<string, Target[]>();

  add(kind: Kind, path: string, target: Target): void {
    const key = `${kind} ${path}`;
    const list = this.table.get(key) ?? [];
    if (!list.includes(target)) list.push(target);
    this.table.set(key, list);
  }

  remove(kinds: Kind[], path: string): Target[] {
    return kinds.flatMap((k) => this.take(k, path));
  }

  /** The targets this event reaches, each once, in registration order; one-shot ones are removed. */
  fire(event: WatchedEvent): Target[] {
    const { type, path } = event;
    const out: Target[] = [];
    if (type === 'NodeChildrenChanged') addNew(out, this.take('child', path));
    else {
      addNew(out, this.take('data', path));
      addNew(out, this.take('exist', path));
      if (type === 'NodeDeleted') addNew(out, this.take('child', path));
    }
    addNew(out, this.table.get(`persistent ${path}`));
    if (type !== 'NodeChildrenChanged') {
      for (let p = path; ; p = parentOf(p)) {
        addNew(out, this.table.get(`recursive ${p}`));
        if (p === '/') break;
      }
    }
    return out;
  }

  /** Function ids no watch refers to any more. */
  live(): Set<number> {
    const ids = new Set<number>();
    for (const ts of this.table.values()) for (const t of ts) if (t !== 'queue') ids.add(t);
    return ids;
  }

  /** Forget every watch (a new session has none); returns the function ids that were held. */
  clear(): Set<number> {
    const ids = this.live();
    this.table.clear();
    return ids;
  }

  private take(kind: Kind, path: string): Target[] {
    const key = `${kind} ${path}`;
    const ts = this.table.get(key) ?? [];
    this.table.delete(key);
    return ts;
  }
}

/** Append the targets `out` does not hold yet (a module function: no closure per event, issue #13). */
function addNew(out: Target[], ts: readonly Target[] | undefined): void {
  if (ts) for (const t of ts) if (!out.includes(t)) out.push(t);
}

function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}
