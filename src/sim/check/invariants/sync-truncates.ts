// A learner that holds txns outside the leader's history is synced with TRUNC, never a plain DIFF
// (LearnerHandler#syncFollower; ZOOKEEPER-1154). A DIFF only sends what comes after the learner's
// last zxid, so it is right only when that zxid is in the leader's history:
//   - not beyond the leader's lastProcessedZxid (the trace's `zab.sync` `zxid`): a learner ahead
//     of the leader (peerLastZxid > maxCommittedLog, counter ≠ 0) needs TRUNC(maxCommittedLog);
//   - not a zxid already left out of an established leader's history (../committed-zxids.ts):
//     a learner that has one needs TRUNC to the last zxid the histories share (or a SNAP).
// A zxid with counter 0 (a learner that synced to an epoch and logged nothing in it) is no txn.
import { CONSENSUS_KINDS, CommittedZxids, isTxnZxid } from '../committed-zxids.ts';
import type { Invariant } from '../types.ts';
import { hexZxid, violation, zxidOf } from '../types.ts';

export function syncTruncates(): Invariant {
  const name = 'sync-truncates';
  const history = new CommittedZxids();
  return {
    name,
    describe:
      'A DIFF sync goes only to a learner whose last zxid is in the leader’s history; one ahead of it gets TRUNC.',
    kinds: [...CONSENSUS_KINDS, 'zab.sync'],
    observe(e, i) {
      if (e.kind !== 'zab.sync') {
        history.observe(e, i);
        return;
      }
      if (e.mode !== 'DIFF') return;
      const peer = zxidOf(e.peerZxid);
      if (!isTxnZxid(peer)) return;
      if (peer > zxidOf(e.zxid))
        return [
          violation(
            name,
            e,
            `server ${e.server} synced learner ${e.learner} by DIFF although the learner's last zxid ${e.peerZxid} is beyond its own ${e.zxid}: the learner keeps txns the leader never committed (TRUNC to ${e.zxid} needed)`,
            [i],
          ),
        ];
      const x = history.exclusion(peer);
      if (!x) return;
      return [
        violation(
          name,
          e,
          `server ${e.server} synced learner ${e.learner} by DIFF from ${e.peerZxid}, a txn left out of the history server ${x.leader} established for epoch ${x.epoch} (lastLoggedZxid ${hexZxid(x.logged)}): the learner keeps it (TRUNC needed)`,
          [x.index, i],
        ),
      ];
    },
  };
}
