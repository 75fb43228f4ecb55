// Which nodes (zkN servers, clients) a trace event concerns, for the filters of the log and of the
// space-time diagram. Servers appear as `server: sid` (a number) in server.*, txn.*, zab.* events
// and as node ids elsewhere (`node`, `from`, `to`, `a`, `b`, a fault's `target`).
import { serverNodeId } from '../../../sim/node-id.ts';
import type { TraceEvent } from '../../../sim/trace/event.ts';

const NODE_FIELDS = ['node', 'client', 'from', 'to', 'a', 'b', 'target'] as const;

/** Every node id the event names, without repeats. */
export function eventNodes(e: TraceEvent): string[] {
  const out: string[] = [];
  if (typeof e['server'] === 'number') out.push(serverNodeId(e['server']));
  else if (typeof e['server'] === 'string') out.push(e['server']);
  for (const f of NODE_FIELDS) {
    const v = e[f];
    if (typeof v === 'string' && !out.includes(v)) out.push(v);
  }
  // net.partition: { groups: [['zk1', 'c1'], ['zk2', 'zk3']] }
  const groups = e['groups'];
  if (Array.isArray(groups)) {
    for (const g of groups) {
      if (!Array.isArray(g)) continue;
      for (const v of g) if (typeof v === 'string' && !out.includes(v)) out.push(v);
    }
  }
  return out;
}
