// Votes of Fast Leader Election, their total order and the majority quorum (Vote.java,
// FastLeaderElection#totalOrderPredicate, flexible/QuorumMaj.java, SyncedLearnerTracker).

import type { PeerState } from './peer-state.ts';

export type { PeerState } from './peer-state.ts';

/** zxid: epoch*2^32+counter as a JS number (exact below 2^53). peerEpoch is the currentEpoch file value. */
export interface Vote {
  leader: number;
  zxid: number;
  peerEpoch: number;
}

/**
 * Stands in for Java's Long.MIN_VALUE, which a non-voter proposes for leader, zxid and peerEpoch
 * (getInitId, getInitLastLoggedZxid, getPeerEpoch) so that any participant's vote beats it.
 */
export const NO_VOTE = Number.MIN_SAFE_INTEGER;

/** An observer's (or any non-voter's) initial proposal. */
export const NON_VOTER_VOTE: Vote = Object.freeze({ leader: NO_VOTE, zxid: NO_VOTE, peerEpoch: NO_VOTE });

/**
 * "newV beats curV": lexicographic on (peerEpoch, zxid, leader sid). The epoch comes first so that a
 * server holding a longer log of an older epoch cannot win over one that accepted a newer leader; the
 * old predicate without it was not a total order and 5-server elections could cycle (ZOOKEEPER-1419).
 *
 * `isVoter`, when given, models `getWeight(newId) == 0 → false`. QuorumMaj gives every id weight 1, so
 * with majorities the guard never fires in Java; lookForLeader filters non-voter leaders before this.
 */
export function totalOrderPredicate(newV: Vote, curV: Vote, isVoter?: (sid: number) => boolean): boolean {
  if (isVoter && !isVoter(newV.leader)) return false;
  if (newV.peerEpoch !== curV.peerEpoch) return newV.peerEpoch > curV.peerEpoch;
  if (newV.zxid !== curV.zxid) return newV.zxid > curV.zxid;
  return newV.leader > curV.leader;
}

/** The best of some votes by totalOrderPredicate (undefined for none). */
export function maxVote(votes: Iterable<Vote>): Vote | undefined {
  let best: Vote | undefined;
  for (const v of votes) if (best === undefined || totalOrderPredicate(v, best)) best = v;
  return best;
}

/**
 * QuorumMaj#containsQuorum: strictly more than half of the voting members. Only acks from voters are
 * counted (SyncedLearnerTracker#addAck skips non-voting sids), and each sid counts once.
 */
export function isQuorum(acks: Iterable<number>, voters: readonly number[]): boolean {
  const members = new Set(voters);
  const counted = new Set<number>();
  for (const sid of acks) if (members.has(sid)) counted.add(sid);
  return counted.size > Math.floor(members.size / 2);
}

/** A vote as FLE stores it in recvset/outofelection: the sender's round and state come with it. */
export interface ElectionVote extends Vote {
  electionEpoch: number;
  state: PeerState;
}

/**
 * Vote#equals as used by getVoteTracker. If either side is LOOKING the whole vote must match,
 * round included. Between out-of-election votes only leader and peerEpoch are compared: followers
 * report zxids that drift after sync (QuorumPeer#updateElectionVote), and one epoch has one leader
 * (ZOOKEEPER-1805). Java also drops peerEpoch when the two message format versions differ (a
 * rolling-upgrade shim, ZOOKEEPER-1732); every simulated peer speaks the same version, so that
 * branch does not exist here.
 */
export function sameElectionVote(a: ElectionVote, b: ElectionVote): boolean {
  if (a.state === 'LOOKING' || b.state === 'LOOKING') {
    return (
      a.leader === b.leader &&
      a.zxid === b.zxid &&
      a.electionEpoch === b.electionEpoch &&
      a.peerEpoch === b.peerEpoch
    );
  }
  return a.leader === b.leader && a.peerEpoch === b.peerEpoch;
}

/** termPredicate / getVoteTracker(...).hasAllQuorums(): do the votes equal to `vote` form a quorum? */
export function termPredicate(
  votes: ReadonlyMap<number, ElectionVote>,
  vote: ElectionVote,
  voters: readonly number[],
): boolean {
  const acks: number[] = [];
  for (const [sid, v] of votes) if (sameElectionVote(vote, v)) acks.push(sid);
  return isQuorum(acks, voters);
}
