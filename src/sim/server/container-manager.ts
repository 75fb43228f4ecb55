// ContainerManager: every checkIntervalMs, on the server that orders writes, the empty containers
// and expired TTL nodes (ZkDatabase#containerCandidates, ContainerManager#getCandidates) are each
// deleted by a deleteContainer request, which goes down the pipeline like a client's write.
import type { NodeOutput } from '../kernel/types.ts';
import type { ZkMessage } from '../messages.ts';
import type { Origin } from './origin.ts';
import type { WritePath } from './role.ts';
import type { ZkDatabase } from './zkdatabase.ts';

/** The timer ContainerManager's checks run on. */
export const CONTAINERS_TIMER = 'containers';

/** deleteContainer requests belong to no session. */
const CONTAINER_ORIGIN: Origin = { sessionId: 0n, cxid: 0, authIds: [] };

export class ContainerManager {
  constructor(private readonly checkIntervalMs: number) {}

  /** The next check. */
  schedule(): NodeOutput<ZkMessage> {
    return { type: 'timer.set', name: CONTAINERS_TIMER, after: this.checkIntervalMs };
  }

  /** ContainerManager#checkContainers: only where sessions are tracked (standalone, or the serving leader). */
  checkContainers(db: ZkDatabase, role: WritePath, now: number): void {
    if (!role.tracker || !role.serving()) return;
    for (const path of db.containerCandidates(now))
      role.submit(CONTAINER_ORIGIN, { op: 'deleteContainer', path });
  }
}
