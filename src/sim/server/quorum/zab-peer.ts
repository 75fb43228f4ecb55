// What Leader and Learner may use of the QuorumPeer that runs them: its identity and epochs, its
// state announcements, and a new election when the role ends (QuorumPeer#setAcceptedEpoch,
// setCurrentEpoch, setPeerState, and the return to LOOKING when Leader#lead or
// Follower#followLeader returns), plus the server they work for (RoleHost). Tests drive a Leader or
// a Learner with a fake of this and of RoleHost, as etcd's raft tests drive a node with MemoryStorage.
import type { RoleHost } from '../role-host.ts';
import type { PeerState, ZabState } from './peer-state.ts';

/** Connection refs: an election connection's ref is the peer's sid; a learner's, above this. */
export const LEARNER_REF_BASE = 1_000_000;

export interface ZabPeer {
  readonly host: RoleHost;
  readonly sid: number;
  readonly acceptedEpoch: number;
  readonly currentEpoch: number;
  /** Highest zxid in the log (the tree is fast-forwarded to it whenever the peer is not serving). */
  readonly lastLoggedZxid: number;
  setState(state: PeerState, zabState: ZabState): void;
  /** QuorumPeer#writeLongToFile: the acceptedEpoch or currentEpoch file, durably. */
  writeEpoch(file: 'acceptedEpoch' | 'currentEpoch', epoch: number): void;
  /** The role is over: leave it and start a new election round. */
  lookForLeader(): void;
}
