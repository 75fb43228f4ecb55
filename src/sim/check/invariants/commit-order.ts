// Apply order (CommitProcessor, FinalRequestProcessor): each server applies committed txns in
// strictly increasing zxid order. A server.load (boot, SNAP, TRUNC, fast-forward) rebuilds the tree
// without txn.commit events and sets the server's position to the loaded zxid; a restart starts
// from its boot load.
import type { Invariant } from '../types.ts';
import { hexZxid, violation, zxidOf } from '../types.ts';

export function commitOrder(): Invariant {
  const name = 'commit-order';
  const position = new Map<unknown, { zxid: number; index: number }>();
  return {
    name,
    describe: 'Each server commits zxids in strictly increasing order (from its last load or commit).',
    kinds: ['txn.commit', 'server.load'],
    observe(e, i) {
      const z = zxidOf(e.zxid);
      if (e.kind === 'server.load') {
        position.set(e.server, { zxid: z, index: i });
        return;
      }
      const prev = position.get(e.server);
      position.set(e.server, { zxid: z, index: i });
      if (!prev || z > prev.zxid) return;
      return [
        violation(name, e, `server ${e.server} committed ${e.zxid} after reaching ${hexZxid(prev.zxid)}`, [
          prev.index,
          i,
        ]),
      ];
    },
  };
}
