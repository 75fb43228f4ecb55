// ZAB total order + agreement as "prefix" (ZooKeeper Internals, "Guarantees, Properties, and
// Definitions"; the Zab TLA+ spec's PrefixConsistency): a server's committed history never skips a
// zxid of the global committed history. Between two consecutive commits p < z of one server (p may
// be the zxid of a server.load), no zxid that any server commits — before or after — may lie
// strictly between them.

import type { Invariant, Violation } from '../types.ts';
import { hexZxid, violation, zxidOf } from '../types.ts';
import { ZxidMap } from '../zxid-map.ts';
import { ZxidSet } from '../zxid-set.ts';

interface Gap {
  server: unknown;
  lo: number;
  hi: number;
  index: number;
}

export function noSkip(): Invariant {
  const name = 'no-skip';
  const committed = new ZxidSet();
  const firstCommit = new ZxidMap<number>();
  const position = new Map<unknown, number>();
  /** Consecutive commits (or load → commit) of one server that are not adjacent zxids. */
  const gaps: Gap[] = [];
  return {
    name,
    describe:
      'No server skips a zxid that is committed anywhere: committed histories are prefixes of one another.',
    kinds: ['txn.commit', 'server.load'],
    observe(e, i) {
      const z = zxidOf(e.zxid);
      if (e.kind === 'server.load') {
        position.set(e.server, z);
        return;
      }
      const out: Violation[] = [];
      const p = position.get(e.server) ?? 0;
      position.set(e.server, z);
      if (z > p + 1) {
        const skipped = committed.firstBetween(p, z);
        if (skipped !== undefined)
          out.push(
            violation(
              name,
              e,
              `server ${e.server} went from ${hexZxid(p)} to ${e.zxid}, skipping committed ${hexZxid(skipped)}`,
              [firstCommit.get(skipped)!, i],
            ),
          );
        gaps.push({ server: e.server, lo: p, hi: z, index: i });
      }
      if (committed.add(z)) {
        firstCommit.set(z, i);
        for (const g of gaps)
          if (g.lo < z && z < g.hi && g.server !== e.server)
            out.push(
              violation(
                name,
                e,
                `${e.zxid} is committed now, but server ${g.server} went from ${hexZxid(g.lo)} to ${hexZxid(g.hi)} without it`,
                [g.index, i],
              ),
            );
      }
      return out;
    },
  };
}
