// ZAB integrity (ZooKeeper Internals, "Guarantees, Properties, and Definitions"): every committed
// txn was proposed by a leader (zab.propose) with the same digest, and no zxid is ever proposed
// twice. Standalone servers order writes without ZAB (no zab.propose), so their commits are not
// checked.
import type { Invariant, Violation } from '../types.ts';
import { violation, zxidOf } from '../types.ts';
import { ZxidMap } from '../zxid-map.ts';

export function integrity(): Invariant {
  const name = 'integrity';
  // Per proposal its trace index (always set: the one that says whether z was proposed), digest and server.
  const proposedAt = new ZxidMap<number>();
  const digests = new ZxidMap<unknown>();
  const servers = new ZxidMap<unknown>();
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
      const at = proposedAt.get(z);
      const p = at === undefined ? undefined : { digest: digests.get(z), server: servers.get(z), index: at };
      if (e.kind === 'zab.propose') {
        if (!p) {
          proposedAt.set(z, i);
          digests.set(z, e.digest);
          servers.set(z, e.server);
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
