// ZAB agreement / zxid uniqueness (ZooKeeper Internals, "Guarantees, Properties, and Definitions"):
// whoever commits a zxid commits the same txn for it — compared by the txn digest (header + body)
// that txn.commit carries.
import type { Invariant } from '../types.ts';
import { violation, zxidOf } from '../types.ts';

export function agreement(): Invariant {
  const name = 'agreement';
  const committed = new Map<number, { digest: unknown; server: unknown; index: number }>();
  return {
    name,
    describe: 'Every server that commits a zxid commits the same txn (digest) for it.',
    kinds: ['txn.commit'],
    observe(e, i) {
      const z = zxidOf(e.zxid);
      const first = committed.get(z);
      if (!first) {
        committed.set(z, { digest: e.digest, server: e.server, index: i });
        return;
      }
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
