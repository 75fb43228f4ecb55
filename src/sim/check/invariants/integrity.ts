// ZAB integrity (ZooKeeper Internals, "Guarantees, Properties, and Definitions"): every committed
// txn was proposed by a leader (zab.propose) with the same digest, and no zxid is ever proposed
// twice. Standalone servers order writes without ZAB (no zab.propose), so their commits are not
// checked.
import type { Invariant, Violation } from '../types.ts';
import { violation, zxidOf } from '../types.ts';

export function integrity(): Invariant {
  const name = 'integrity';
  const proposed = new Map<number, { digest: unknown; server: unknown; index: number }>();
  const standalone = new Set<unknown>();
  return {
    name,
    describe: 'Every committed (zxid, digest) was proposed by a leader, and each zxid is proposed once.',
    kinds: ['zab.propose', 'txn.commit', 'server.state'],
    observe(e, i) {
      if (e.kind === 'server.state') {
        if (e.state === 'STANDALONE') standalone.add(e.server);
        return;
      }
      const z = zxidOf(e.zxid);
      const p = proposed.get(z);
      if (e.kind === 'zab.propose') {
        if (!p) {
          proposed.set(z, { digest: e.digest, server: e.server, index: i });
          return;
        }
        return [
          violation(
            name,
            e,
            `zxid ${e.zxid} proposed twice: by server ${p.server} (${p.digest}) and by server ${e.server} (${e.digest})`,
            [p.index, i],
          ),
        ];
      }
      if (standalone.has(e.server)) return;
      const out: Violation[] = [];
      if (!p)
        out.push(violation(name, e, `server ${e.server} committed ${e.zxid}, which no leader proposed`, [i]));
      else if (p.digest !== e.digest)
        out.push(
          violation(
            name,
            e,
            `server ${e.server} committed ${e.zxid} as ${e.digest}, but server ${p.server} proposed ${p.digest}`,
            [p.index, i],
          ),
        );
      return out;
    },
  };
}
