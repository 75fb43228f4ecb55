// Quorum packets between a leader and its learners (QuorumPacket{type, zxid, data} in
// zookeeper.jute; type names are Leader.java's constants), and the QuorumCnxManager handshake.
import type { ErrorName } from '../errors.ts';
import type { Id, SessionId, WriteRequest } from '../protocol.ts';
import type { Txn } from '../txn.ts';

/** What a follower forwards to the leader (Request + authinfo): a client write, or a session change. */
export type ForwardedRequest =
  | { op: 'write'; request: WriteRequest }
  | { op: 'createSession'; timeout: number }
  | { op: 'closeSession' }
  /** ContainerManager's deletion of an empty container or an expired TTL node. */
  | { op: 'deleteContainer'; path: string };

export type QuorumPacket =
  /** First message on an election connection: who is calling (QuorumCnxManager#initiateConnection). */
  | { type: 'INITIAL'; sid: number }
  | { type: 'FOLLOWERINFO' | 'OBSERVERINFO'; sid: number; acceptedEpoch: number }
  | { type: 'LEADERINFO'; epoch: number }
  /** currentEpoch -1 when the learner had already accepted this epoch (not a promise). */
  | { type: 'ACKEPOCH'; currentEpoch: number; lastLoggedZxid: number }
  | { type: 'DIFF'; zxid: number }
  | { type: 'TRUNC'; zxid: number }
  | { type: 'SNAP'; zxid: number; snapshot: unknown }
  | { type: 'NEWLEADER'; zxid: number }
  | { type: 'UPTODATE' }
  | { type: 'PROPOSAL'; zxid: number; txn: Txn }
  | { type: 'ACK'; zxid: number }
  | { type: 'COMMIT'; zxid: number }
  | { type: 'INFORM'; zxid: number; txn: Txn }
  /** Leader → learner: liveness; learner → leader: the reply carrying its sessions' touches. */
  | { type: 'PING'; zxid: number; touches?: [SessionId, number][] }
  | { type: 'REQUEST'; sessionId: SessionId; cxid: number; authIds: Id[]; body: ForwardedRequest }
  | { type: 'REVALIDATE'; sessionId: SessionId; timeout: number; valid?: boolean }
  | { type: 'SYNC'; sessionId: SessionId; cxid: number }
  /** Not a ZooKeeper packet: a leader refusing a learner that is ahead of it closes the socket. */
  | { type: 'REJECT'; reason: ErrorName | string };

export type QuorumPacketType = QuorumPacket['type'];

export const epochOf = (zxid: number) => Math.floor(zxid / 2 ** 32);
export const counterOf = (zxid: number) => zxid % 2 ** 32;
export const makeZxid = (epoch: number, counter: number) => epoch * 2 ** 32 + counter;
