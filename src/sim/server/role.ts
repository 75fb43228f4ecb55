// What the client-facing server (server.ts) asks of the part that orders writes: standalone (log
// and apply at once), or a quorum peer (leader: propose and commit; follower/observer: forward to
// the leader). The server is handed its role by a factory (server-main.ts), and the role reaches
// back only through RoleHost (role-host.ts), so neither imports the other.
import type { DiskImage, NodeId } from '../kernel/types.ts';
import type { Origin } from './origin.ts';
import type { SessionId } from './protocol.ts';
import type { ElectionNotification } from './quorum/election.ts';
import type { ForwardedRequest, QuorumPacket } from './quorum/packets.ts';
import type { PeerState } from './quorum/peer-state.ts';
import type { RoleHost } from './role-host.ts';
import type { SessionTracker } from './session-tracker.ts';

export interface WritePath {
  /** Are client requests taken now (false while LOOKING or syncing)? */
  serving(): boolean;
  /** A write, a session creation or a session close: ordered, logged, committed, then applied. */
  submit(origin: Origin, body: ForwardedRequest): void;
  /** `sync`: answered (RoleHost#syncDone) once everything committed before it is applied here. */
  sync(origin: Origin): void;
  /** Is this session still alive? (a reconnect to this server; followers ask the leader). */
  revalidate(session: SessionId, timeout: number, done: (valid: boolean) => void): void;
  /** The session table with expiry, on the server that decides expiry (standalone or leader). */
  readonly tracker: SessionTracker | null;
}

/** A leader's LearnerHandler as the picture and `mntr` show it. */
export interface LearnerInfo {
  sid: number;
  observer: boolean;
  sync: 'DIFF' | 'TRUNC' | 'SNAP' | null;
  synced: boolean;
  ticksLeft: number;
}

/** What `srvr` and `mntr` report of the role (ServerStats#getServerState, the Zxid line, the learners). */
export interface RoleStatus {
  state: PeerState | 'STANDALONE';
  /** What `srvr` calls Zxid: a leader's last proposed zxid, else the last one applied. */
  zxid: number;
  learners: LearnerInfo[];
}

/** A server's role: the write path, plus the peer-to-peer traffic the server passes on to it. */
export interface ServerRole extends WritePath {
  /** The disk is loaded: start (standalone: serve at once; a quorum peer: look for a leader). */
  boot(image: DiskImage): void;
  /** A timer the server does not own (the role's own: election, sync, pings). */
  timer(name: string): void;
  /** A connection to or from another server. */
  connected(conn: number, peer: NodeId, ref: number | null): void;
  connectFailed(peer: NodeId, ref: number): void;
  /** A message on a connection that is not a client's. */
  receive(conn: number, from: NodeId, msg: QuorumPacket | ElectionNotification): void;
  closed(conn: number): void;
  /** A client of this server sent a packet in `session` (followers pass it on with their next PING). */
  touched(session: SessionId): void;
  status(): RoleStatus;
}

/** How a server gets its role: standalone or a quorum peer, decided by whoever starts it. */
export type RoleFactory = (host: RoleHost) => ServerRole;
