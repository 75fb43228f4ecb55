// How servers are named in a run: server `sid` (ZooKeeper's myid, 1-based) is the node `zk<sid>`.
// Every part of the program (kernel addresses, the trace, the views, scenario faults, the CLI)
// spells and parses server names through here, so the rule is written once.
import type { NodeId } from './kernel/types.ts';

/** The node id of server `sid`: 3 → 'zk3'. */
export const serverNodeId = (sid: number): NodeId => `zk${sid}`;

/**
 * The sid a server's node id names: 'zk3' → 3; anything else (a client's name, 'zk03', 'zk0',
 * 'ZK3', a non-string) → null. Exactly the inverse of `serverNodeId` on sids ≥ 1.
 */
export function sidOfNodeId(id: unknown): number | null {
  if (typeof id !== 'string') return null;
  const m = /^zk([1-9]\d*)$/.exec(id);
  return m === null ? null : Number(m[1]);
}

/** Whether `id` names a server (rather than a client). */
export const isServerNodeId = (id: unknown): boolean => sidOfNodeId(id) !== null;
