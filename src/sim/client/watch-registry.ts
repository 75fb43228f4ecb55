// The client's own record of its watches (ZKWatchManager): which paths it watches and how, so a
// reconnect can re-register them with SetWatches. One-shot watches leave when they fire.
import type { ErrorName } from '../server/errors.ts';
import type { OpResult, Request, WatchedEvent } from '../server/protocol.ts';

type Kind = 'data' | 'exist' | 'child' | 'persistent' | 'persistentRecursive';

export class WatchRegistry {
  private readonly sets: Record<Kind, Set<string>> = {
    data: new Set(),
    exist: new Set(),
    child: new Set(),
    persistent: new Set(),
    persistentRecursive: new Set(),
  };

  /** ZooKeeper#getData / exists / getChildren / addWatch register on a successful reply. */
  registered(request: Request, err: ErrorName | null, result: OpResult | null): void {
    switch (request.op) {
      case 'get':
        if (request.watch && err === null) this.sets.data.add(request.path);
        return;
      case 'exists':
        // ExistsWatchRegistration: an exist watch when the node is missing, a data watch otherwise.
        if (request.watch && (err === null || err === 'NoNode')) {
          (err === null && result?.stat ? this.sets.data : this.sets.exist).add(request.path);
        }
        return;
      case 'children':
        if (request.watch && err === null) this.sets.child.add(request.path);
        return;
      case 'add_watch':
        if (err === null)
          (request.mode === 'persistent' ? this.sets.persistent : this.sets.persistentRecursive).add(
            request.path,
          );
        return;
      case 'remove_watches':
        if (err === null) this.removed(request.path, request.watcherType);
        return;
      default:
        return;
    }
  }

  private removed(path: string, type: number): void {
    if (type === 1 || type === 3) this.sets.child.delete(path);
    if (type === 2 || type === 3) {
      this.sets.data.delete(path);
      this.sets.exist.delete(path);
    }
    if (type === 3) {
      this.sets.persistent.delete(path);
      this.sets.persistentRecursive.delete(path);
    }
  }

  /** ZKWatchManager#materialize: the one-shot watches this event consumes. */
  fired(event: WatchedEvent): void {
    const { path } = event;
    if (event.type === 'NodeChildrenChanged') {
      this.sets.child.delete(path);
      return;
    }
    this.sets.data.delete(path);
    this.sets.exist.delete(path);
    if (event.type === 'NodeDeleted') this.sets.child.delete(path);
  }

  isEmpty(): boolean {
    return Object.values(this.sets).every((s) => s.size === 0);
  }

  snapshot(): Record<Kind, string[]> {
    const sorted = (s: Set<string>) => [...s].sort();
    return {
      data: sorted(this.sets.data),
      exist: sorted(this.sets.exist),
      child: sorted(this.sets.child),
      persistent: sorted(this.sets.persistent),
      persistentRecursive: sorted(this.sets.persistentRecursive),
    };
  }
}
