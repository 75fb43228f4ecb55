// LearnerHandler: the leader's side of one learner connection — what the leader knows of the
// learner, and LearnerHandler#syncFollower's choice of how to bring it up to date (DIFF, TRUNC or
// SNAP) from the leader's committed log, as a pure function so the choice can be tested on its own.
import type { Txn } from '../txn.ts';
import { counterOf, epochOf } from './packets.ts';

export type SyncMode = 'DIFF' | 'TRUNC' | 'SNAP';

export interface LearnerHandler {
  conn: number;
  sid: number;
  observer: boolean;
  /** The learner's (currentEpoch, lastLoggedZxid) from ACKEPOCH; null until then. */
  acked: { currentEpoch: number; lastZxid: number } | null;
  /** Receives live PROPOSAL/COMMIT (or INFORM) since its sync was queued (Leader#startForwarding). */
  forwarding: boolean;
  /** Acked NEWLEADER. */
  synced: boolean;
  /** LearnerHandler's tickOfNextAckDeadline. */
  deadline: number;
  /** How syncFollower brought it up to date (for the node's picture); null before. */
  sync: SyncMode | null;
}

export interface SyncPlan {
  mode: SyncMode;
  /** TRUNC's zxid: where the learner cuts its log back to (null unless TRUNC). */
  truncTo: number | null;
  /** Then send every committed txn with a zxid above this one (null: none, the SNAP has them). */
  from: number | null;
}

/**
 * LearnerHandler#syncFollower: the learner's last zxid against the leader's committed log
 * (`log`, oldest first, ending at `last` or before it).
 * - the same zxid, or one inside the log: DIFF, then the txns after it;
 * - ahead of the log (and not an epoch's zero): TRUNC to the log's end;
 * - inside the log's range but not in it, with the next txn of the same epoch: the learner has a
 *   txn we never saw, inside an epoch we share: TRUNC to the txn before it, then DIFF (ZOOKEEPER-1154);
 * - anything else (older than the log, or across epochs): SNAP.
 * `diffInsteadOfTrunc` is the deliberate bug that never sends TRUNC.
 */
export function syncFollower(
  peerZxid: number,
  log: readonly Txn[],
  last: number,
  diffInsteadOfTrunc: boolean,
): SyncPlan {
  const min = log[0]?.hdr.zxid ?? last;
  const max = log.at(-1)?.hdr.zxid ?? last;
  if (peerZxid === last) return { mode: 'DIFF', truncTo: null, from: last };
  if (peerZxid > max && counterOf(peerZxid) !== 0) {
    if (diffInsteadOfTrunc) return { mode: 'DIFF', truncTo: null, from: peerZxid };
    return { mode: 'TRUNC', truncTo: max, from: max };
  }
  if (min <= peerZxid && peerZxid <= max) {
    const found = log.some((t) => t.hdr.zxid === peerZxid);
    const next = log.find((t) => t.hdr.zxid > peerZxid);
    if (found || diffInsteadOfTrunc) return { mode: 'DIFF', truncTo: null, from: peerZxid };
    if (next && epochOf(next.hdr.zxid) === epochOf(peerZxid)) {
      const prev = [...log].reverse().find((t) => t.hdr.zxid < peerZxid);
      const to = prev?.hdr.zxid ?? min;
      return { mode: 'TRUNC', truncTo: to, from: to };
    }
  }
  return { mode: 'SNAP', truncTo: null, from: null };
}
