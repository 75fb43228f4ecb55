// ZAB agreement / zxid uniqueness (ZooKeeper Internals, "Guarantees, Properties, and Definitions"):
// whoever commits a zxid commits the same txn for it — compared by the txn digest (header + body)
// that txn.commit carries.
import type { Invariant } from '../types.ts';
import { violation, zxidOf } from '../types.ts';
import { ZxidMap } from '../zxid-map.ts';

export function agreement(): Invariant {
  const name = 'agreement';
  // The first commit of each zxid: its trace index (always set), digest and server.
  const firstAt = new ZxidMap<number>();
  const digests = new ZxidMap<unknown>();
  const servers = new ZxidMap<unknown>();
  return {
    name,
    describe: 'Every server that commits a zxid commits the same txn (digest) for it.',
    kinds: ['txn.commit'],
    observe(e, i) {
      const z = zxidOf(e.zxid);
      const index = firstAt.get(z);
      if (index === undefined) {
        firstAt.set(z, i);
        digests.set(z, e.digest);
        servers.set(z, e.server);
        return;
      }
      const first = { digest: digests.get(z), server: servers.get(z), index };
      if (first.digest === e.digest) return;
      return [
        violation(
          name,
          e,
          `zxid ${e.zxid}: server ${e.server} committed txn ${e.digest} (${e.type}) but server ${first.server} committed ${first.digest}`,
          [first.index, i],
        ),
      ];
    },
  };
}
