// Single system image (ZooKeeper Programmer's Guide, "Consistency Guarantees"): a client never goes
// back in time. The zxid in the reply header (a write's txn zxid, a read's server
// lastProcessedZxid) never decreases over a client's life, across reconnects to other servers. A
// restarted client starts afresh.
import type { Invariant } from '../types.ts';
import { hexZxid, violation, zxidOf } from '../types.ts';

export function monotonicReads(): Invariant {
  const name = 'monotonic-reads';
  const last = new Map<unknown, { zxid: number; index: number }>();
  return {
    name,
    describe: "The zxids of a client's replies never decrease (also across reconnects).",
    kinds: ['client.reply', 'node.start'],
    observe(e, i) {
      if (e.kind === 'node.start') {
        last.delete(e.node);
        return;
      }
      if (e.zxid === undefined) return;
      const z = zxidOf(e.zxid);
      const prev = last.get(e.client);
      if (!prev || z >= prev.zxid) {
        last.set(e.client, { zxid: z, index: i });
        return;
      }
      return [
        violation(
          name,
          e,
          `client ${e.client}: ${e.op} ${e.path} answered at ${e.zxid} after a reply at ${hexZxid(prev.zxid)}`,
          [prev.index, i],
        ),
      ];
    },
  };
}
