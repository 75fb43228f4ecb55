// What the client-facing server needs from the part that orders writes: standalone (log and apply
// at once), or a quorum role (leader: propose and commit; follower/observer: forward to the leader).
import type { SessionId } from './protocol.ts';
import type { ForwardedRequest } from './quorum/packets.ts';
import type { SessionTracker } from './session-tracker.ts';
import type { RequestContext } from './zkdatabase.ts';

/**
 * Who asked: the session, the request's cxid, the connection's auth ids, and — on the server that
 * orders writes — the connection it came through (Request#getOwner: a learner's handler, or
 * LOCAL_OWNER for this server's own clients), for the session-owner check.
 */
export type Origin = RequestContext & { owner?: string };

/** ServerCnxn.me: a request made by a client of the ordering server itself. */
export const LOCAL_OWNER = 'local';

export interface WritePath {
  /** Are client requests taken now (false while LOOKING or syncing)? */
  serving(): boolean;
  /** A write, a session creation or a session close: ordered, logged, committed, then applied. */
  submit(origin: Origin, body: ForwardedRequest): void;
  /** `sync`: answered (ServerCore#syncDone) once everything committed before it is applied here. */
  sync(origin: Origin): void;
  /** Is this session still alive? (a reconnect to this server; followers ask the leader). */
  revalidate(session: SessionId, timeout: number, done: (valid: boolean) => void): void;
  /** The session table with expiry, on the server that decides expiry (standalone or leader). */
  readonly tracker: SessionTracker | null;
}
