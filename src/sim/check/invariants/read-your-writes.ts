// Read your own writes (ZooKeeper Programmer's Guide, "Consistency Guarantees"): after a client's
// write succeeded with zxid z, every later read of that client (same session, any server) reflects
// a state ≥ z.
import type { Invariant } from '../types.ts';
import { hexZxid, violation, WRITE_OPS, zxidOf } from '../types.ts';

export function readYourWrites(): Invariant {
  const name = 'read-your-writes';
  const lastWrite = new Map<unknown, { zxid: number; index: number }>();
  return {
    name,
    describe: "A client's read after its OK write is answered at a zxid ≥ that write's zxid.",
    kinds: ['client.reply', 'node.start'],
    observe(e, i) {
      if (e.kind === 'node.start') {
        lastWrite.delete(e.node);
        return;
      }
      if (e.zxid === undefined || typeof e.op !== 'string') return;
      const z = zxidOf(e.zxid);
      if (WRITE_OPS.has(e.op)) {
        if (e.ok === true) lastWrite.set(e.client, { zxid: z, index: i });
        return;
      }
      const w = lastWrite.get(e.client);
      if (!w || z >= w.zxid) return;
      return [
        violation(
          name,
          e,
          `client ${e.client}: ${e.op} ${e.path} answered at ${e.zxid}, before its own write at ${hexZxid(w.zxid)}`,
          [w.index, i],
        ),
      ];
    },
  };
}
