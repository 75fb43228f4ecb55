// Writes are linearizable (ZooKeeper Programmer's Guide, "Consistency Guarantees"; Jepsen's
// ZooKeeper analysis): if write w1 returned OK before write w2 was invoked, then zxid(w1) <
// zxid(w2). The leader assigns zxids in proposal order (Leader#propose), w2 is proposed after it
// reaches the leader, so after w1 was committed; a deposed leader that still proposes cannot commit
// (its epoch has lost its quorum).
//
// A reply is matched to its request per client in FIFO order (ClientCnxn answers in xid order:
// ClientCnxn.SendThread#readResponse): the oldest outstanding request with the reply's op and path. A restarted client
// (`node.start`) forgets what it had outstanding. Writes ending in ConnectionLoss have no zxid
// and are left out (they may or may not have happened).
import type { Invariant } from '../types.ts';
import { hexZxid, violation, WRITE_OPS, zxidOf } from '../types.ts';

interface Outstanding {
  op: string;
  path: string | null;
  /** The greatest zxid acknowledged to any client when this request was sent, and that reply. */
  floor: number;
  floorReply: number;
  floorClient: string;
}

export function writeLinearizable(): Invariant {
  const name = 'write-linearizable';
  const outstanding = new Map<string, Outstanding[]>();
  let acked = { zxid: 0, index: -1, client: '' };
  return {
    name,
    describe: 'A write invoked after another write was acknowledged (to any client) gets a greater zxid.',
    kinds: ['client.request', 'client.reply', 'node.start'],
    observe(e, i) {
      if (e.kind === 'node.start') {
        outstanding.delete(e.node);
        return;
      }
      if (e.kind === 'client.request') {
        if (!WRITE_OPS.has(e.op)) return;
        const q = outstanding.get(e.client) ?? [];
        q.push({
          op: e.op,
          path: e.path,
          floor: acked.zxid,
          floorReply: acked.index,
          floorClient: acked.client,
        });
        outstanding.set(e.client, q);
        return;
      }
      if (e.kind !== 'client.reply' || !WRITE_OPS.has(e.op)) return;
      const q = outstanding.get(e.client);
      const k = q?.findIndex((o) => o.op === e.op && o.path === e.path) ?? -1;
      const req = k >= 0 ? q!.splice(k, 1)[0] : undefined;
      if (e.ok !== true || e.zxid === undefined) return;
      const z = zxidOf(e.zxid);
      if (z > acked.zxid) acked = { zxid: z, index: i, client: e.client };
      if (!req || z > req.floor) return;
      return [
        violation(
          name,
          e,
          `client ${e.client}'s ${e.op} ${e.path} got zxid ${e.zxid}, but it was sent after client ${req.floorClient}'s write at ${hexZxid(req.floor)} had been acknowledged`,
          [req.floorReply, i],
        ),
      ];
    },
  };
}
