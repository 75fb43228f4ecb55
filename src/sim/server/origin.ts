// Who a request came from, as it travels down the pipeline (ZooKeeper's Request: sessionId, cxid,
// authInfo, owner).
import type { Id, SessionId } from './protocol.ts';

/**
 * Who asked: the session, the request's cxid, the connection's auth ids, and — on the server that
 * orders writes — the connection it came through (Request#getOwner: a learner's handler, or
 * LOCAL_OWNER for this server's own clients), for the session-owner check.
 */
export interface Origin {
  sessionId: SessionId;
  cxid: number;
  /** The connection's {scheme:'ip', id: addr} and every id added by add_auth. */
  authIds: Id[];
  owner?: string;
}

/** ServerCnxn.me: a request made by a client of the ordering server itself. */
export const LOCAL_OWNER = 'local';
