// Which family a network message (the `type` of a net.send event) belongs to, so the ring can
// colour it: the election, the ZAB sync of a new epoch, ZAB broadcast, pings, client traffic.
import type { MessageKind } from '../../theme/palette.ts';

const KIND: Record<string, MessageKind> = {
  // QuorumCnxManager's handshake and FastLeaderElection's votes
  INITIAL: 'election',
  NOTIFICATION: 'election',
  // ZAB discovery and synchronization (Leader/LearnerHandler, Learner)
  FOLLOWERINFO: 'sync',
  OBSERVERINFO: 'sync',
  LEADERINFO: 'sync',
  ACKEPOCH: 'sync',
  DIFF: 'sync',
  TRUNC: 'sync',
  SNAP: 'sync',
  NEWLEADER: 'sync',
  UPTODATE: 'sync',
  REJECT: 'sync',
  // ZAB broadcast; an ACK is a broadcast ACK except the one answering NEWLEADER (rare: counted here)
  PROPOSAL: 'broadcast',
  ACK: 'broadcast',
  COMMIT: 'broadcast',
  INFORM: 'broadcast',
  SYNC: 'broadcast',
  // the leader's liveness pings, and the client's
  PING: 'ping',
  Ping: 'ping',
  PingReply: 'ping',
  // a client's requests, forwarded writes and session checks
  ConnectRequest: 'client',
  ConnectResponse: 'client',
  Request: 'client',
  Reply: 'client',
  REQUEST: 'client',
  REVALIDATE: 'client',
  SetWatches: 'client',
  CloseSession: 'client',
  CloseSessionReply: 'client',
  WatcherEvent: 'watch',
};

export function messageKind(type: string): MessageKind {
  return KIND[type] ?? 'other';
}

/** Short text drawn on a message dot: readable from the back of a room at ~10 px. */
const ABBREV: Record<string, string> = {
  NOTIFICATION: 'V',
  INITIAL: 'I',
  FOLLOWERINFO: 'FI',
  OBSERVERINFO: 'OI',
  LEADERINFO: 'LI',
  ACKEPOCH: 'AE',
  NEWLEADER: 'NL',
  UPTODATE: 'UP',
  PROPOSAL: 'P',
  ACK: 'A',
  COMMIT: 'C',
  REQUEST: 'R',
  Request: 'R',
  Reply: 'r',
  WatcherEvent: 'W',
};

/** Pings are the background hum: no letter (they would read as P for PROPOSAL). */
export function messageAbbrev(type: string): string {
  if (messageKind(type) === 'ping') return '';
  return ABBREV[type] ?? type.slice(0, 1);
}
