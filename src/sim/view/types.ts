// What the views see of a node: a plain, structured-cloneable picture of its state at one virtual
// time (a client draws its own with `view()`, a server's is drawn by server-view.ts from its state),
// so the UI never reads protocol internals and a node hosted in a Web Worker can send its picture
// across. Session ids and zxids are 0x-hex strings here,
// as in the trace, so a picture is plain JSON.

import type { PeerState, ZabState } from '../server/quorum/peer-state.ts';
import type { TraceStat } from '../trace/format.ts';

export type { ZabState } from '../server/quorum/peer-state.ts';
export type ServerRole = 'STANDALONE' | PeerState;

/** A znode as the views draw it: path, the 11 Stat fields, data and what kind of node it is. */
export interface ZnodeView {
  path: string;
  /** UTF-8 text, or null for a node without data. */
  data: string | null;
  /**
   * The 11 Stat fields as the trace writes them. `ephemeralOwner` is the owning session of an
   * ephemeral node, 0x0 for every other kind, containers and TTL nodes included, as a client's Stat
   * shows it (their stored owner is a marker: see `kind` and `ttl`).
   */
  stat: TraceStat;
  kind: 'persistent' | 'ephemeral' | 'container' | 'ttl';
  /** A TTL node's time to live in ms (counted from its mtime); null for every other kind. */
  ttl: number | null;
  /** Created with the SEQUENTIAL flag (recognised by its 10-digit suffix). */
  sequential: boolean;
  /** ACL entries as ZooKeeper prints them: perms in cdrwa letters, scheme and id. */
  acl: { perms: string; scheme: string; id: string }[];
}

/** A watch registered on a server: who (session) watches which path, and how. */
export interface WatchView {
  path: string;
  session: string;
  /** data: getData/exists; child: getChildren; persistent / persistentRecursive: addWatch. */
  kind: 'data' | 'child' | 'persistent' | 'persistentRecursive';
}

export interface LogEntryView {
  zxid: string;
  /** ZooKeeper's OpCode name of the txn (create2, setData, closeSession, ...). */
  type: string;
  /** The path the txn touches, when it has one. */
  path: string | null;
  committed: boolean;
  /** In this server's txn log: false for a proposal a learner got during sync and has not logged yet. */
  logged: boolean;
  /**
   * Logged and fsynced (the host's disk: only the ack-before-fsync bug leaves records unsynced).
   * False for what is not logged.
   */
  durable: boolean;
  /** A leader's outstanding proposal: the voters' sids that ACKed it, itself included; else null. */
  acks: number[] | null;
}

/** A leader's LearnerHandler: how it synced that learner and how close it is to syncLimit. */
export interface LearnerView {
  sid: number;
  observer: boolean;
  /** DIFF, TRUNC or SNAP (LearnerHandler#syncFollower); null before the learner's ACKEPOCH. */
  sync: 'DIFF' | 'TRUNC' | 'SNAP' | null;
  /** It ACKed NEWLEADER. */
  synced: boolean;
  /** Leader ticks left before it counts as out of touch (tickOfNextAckDeadline − tick). */
  ticksLeft: number;
}

/** A timer the node set and has not handled yet, and when it is due (true virtual ms). */
export interface TimerView {
  name: string;
  at: number;
}

export interface ServerView {
  node: string;
  sid: number;
  up: boolean;
  paused: boolean;
  observer: boolean;
  role: ServerRole | null;
  zabState: ZabState | null;
  acceptedEpoch: number;
  currentEpoch: number;
  lastZxid: string;
  /** The sid of the leader this server follows or is; null while LOOKING or down. */
  leader: number | null;
  /** While LOOKING: this server's current vote and logicalclock (electionEpoch). */
  vote: { leader: number; zxid: string; peerEpoch: number; electionEpoch: number } | null;
  /** The last proposals this server knows, oldest first (at most 20). */
  logTail: LogEntryView[];
  sessions: { session: string; timeout: number }[];
  /** Client connections: the client node and its session, if any yet. */
  clients: { client: string; session: string | null }[];
  watches: WatchView[];
  /*
   * The fields below are in every picture world-view.ts composes; they are optional so that a
   * picture written by hand (a test's) may leave them out.
   */
  /** A leader's learners, by sid; empty on any other server. */
  learners?: LearnerView[];
  /** A learner: how its leader synced it (DIFF, TRUNC, SNAP); null before the sync or elsewhere. */
  syncedBy?: 'DIFF' | 'TRUNC' | 'SNAP' | null;
  /** The server that expires sessions (the serving leader, a standalone server): when each is due. */
  expiries?: { session: string; at: number }[];
  /** The timing settings the countdowns are counted in. */
  limits?: { tickTime: number; initLimit: number; syncLimit: number };
  /** The host's: the timers the server set and has not handled, by name. */
  timers?: TimerView[];
  /** The data tree, sorted by path (with /zookeeper...). Empty while down. */
  tree: ZnodeView[];
}

/** What a server draws of itself: everything but what the host knows and the tree. */
export type ServerOwnView = Omit<ServerView, 'up' | 'paused' | 'timers' | 'tree'>;
/** What a client draws of itself: everything but what the host knows. */
export type ClientOwnView = Omit<ClientView, 'up' | 'paused' | 'started' | 'timers'>;

export type SessionState = 'CONNECTING' | 'CONNECTED' | 'CLOSED' | 'EXPIRED' | 'NOT_STARTED';

export interface ClientView {
  node: string;
  up: boolean;
  paused: boolean;
  /** The client's process has been started at least once (down and never started: not yet). */
  started: boolean;
  session: string | null;
  state: SessionState;
  /** The server node (zkN) the client is connected to, if it is. */
  server: string | null;
  /** The zk call the script is blocked in (op and path), e.g. { op: 'wait_event', path: null }. */
  waitingOn: { op: string; path: string | null } | null;
  /** The line of client.lua the script is at (while waiting), or null. */
  line: number | null;
  /** The script ended (done), failed (error) or runs. */
  script: 'running' | 'done' | 'error' | 'none';
  error: string | null;
  /** The host's: the timers the client set and has not handled (session.read, session.ping, …). */
  timers?: TimerView[];
}

/** Every node's picture at one virtual time. */
export interface WorldView {
  t: number;
  servers: ServerView[];
  clients: ClientView[];
}
