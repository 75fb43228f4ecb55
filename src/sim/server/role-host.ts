// What a role (StandaloneRole, QuorumPeer and its Leader / Learner) may use of its server, and
// nothing else: the request pipeline's stages (prep, log, commit), the database's reloads
// (snapshot, truncate, fast-forward), starting and stopping client service, sessions, outputs and
// the trace. In ZooKeeper these are the ZooKeeperServer subclass a role runs (LeaderZooKeeperServer,
// FollowerZooKeeperServer, ...); here the server implements this interface and the role holds
// only it, so a role can be driven by a small fake in tests (test/support/fake-role-host.ts).
import type { NodeOutput } from '../kernel/types.ts';
import type { ZkMessage } from '../messages.ts';
import type { TraceBody } from '../trace/event.ts';
import type { Origin } from './origin.ts';
import type { ForwardedRequest } from './quorum/packets.ts';
import type { ServerConfig } from './server-config.ts';
import type { SessionTracker } from './session-tracker.ts';
import type { Txn } from './txn.ts';
import type { ZkDatabase } from './zkdatabase.ts';

export interface RoleHost {
  readonly config: ServerConfig;
  /** The virtual time of the input being handled. */
  readonly now: number;
  /** Read it (lastProcessedZxid, committedLog, snapshot, the session table); change it through the methods below. */
  readonly db: ZkDatabase;
  /** SessionTrackerImpl: touched by learners' pings, owners set when sessions revalidate. */
  readonly sessions: SessionTracker;

  /** An output of this input: a message, a connection, a timer, a disk write. */
  emit(out: NodeOutput<ZkMessage>): void;
  trace(event: TraceBody): void;

  /** PrepRequestProcessor on the server that orders writes: a request (or session change) → txn. */
  prep(origin: Origin, body: ForwardedRequest, zxid: number): Txn;
  /** SyncRequestProcessor: append the txn to the log, then fsync it (unless `fsync` is false). */
  log(txn: Txn, fsync?: boolean): void;
  /** Make everything appended so far durable. */
  fsync(): void;
  /** ZooKeeperServer#takeSnapshot: the tree as it is now, and a new log. */
  takeSnapshot(): void;
  /** FinalRequestProcessor: apply a committed txn, fire watches, answer the request if made here. */
  commit(txn: Txn): void;
  /** A sync has caught up: answer it (FinalRequestProcessor, OpCode.sync). */
  syncDone(origin: Origin): void;

  /** ZooKeeperServer#shutdown: apply what was logged but never seen committed, without answering. */
  fastForward(txns: readonly Txn[]): void;
  /** SNAP: the leader's whole tree replaces ours. */
  loadSnapshot(snapshot: unknown): void;
  /** TRUNC(z): the log is cut back to z and the tree reloaded as of z. */
  truncateTo(zxid: number): void;

  /** Take client requests (the session table starts afresh from the replicated one). */
  startServing(): void;
  /** Stop: every client connection is closed, so clients reconnect elsewhere. */
  stopServing(): void;
}
