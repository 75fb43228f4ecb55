// CommitProcessor: per-session ordering. A session's writes (and syncs) go down the pipeline at
// once, in order; a read waits until every write the session sent before it has come back
// committed and been applied here, so a client reads its own writes. It also keeps the requests
// made on this server that wait for their txn (CommitProcessor#pendingRequests), so that
// FinalRequestProcessor can answer the connection a committed txn came from.
import type { Request, SessionId } from './protocol.ts';

/** A request made here, waiting for its txn (or its sync) to come back, to be answered on its connection. */
export type PendingRequest =
  | { kind: 'reply'; conn: number; xid: number; op: Request['op']; path?: string }
  | { kind: 'connect'; conn: number; timeout: number }
  | { kind: 'close'; conn: number; xid: number };

/** Per session: writes sent down the pipeline and finished, and reads waiting behind them. */
interface SessionOrder {
  submitted: number;
  completed: number;
  waiting: { after: number; run: () => void }[];
}

export class CommitProcessor {
  /**
   * By session, then cxid. Two maps rather than one keyed by a "session:cxid" string: every commit on
   * every server looks here, and printing a 64-bit session id in decimal costs more than the look-up.
   */
  private readonly pending = new Map<SessionId, Map<number, PendingRequest>>();
  private readonly order = new Map<SessionId, SessionOrder>();

  /** A request of `session` with this cxid now waits for its txn (or sync) to come back. */
  expect(session: SessionId, cxid: number, request: PendingRequest): void {
    let bySession = this.pending.get(session);
    if (!bySession) {
      bySession = new Map();
      this.pending.set(session, bySession);
    }
    bySession.set(cxid, request);
  }

  /** The request made here that a committed txn (or a finished sync) answers; it waits no more. */
  take(session: SessionId, cxid: number, kind?: PendingRequest['kind']): PendingRequest | undefined {
    const bySession = this.pending.get(session);
    const p = bySession?.get(cxid);
    if (p === undefined || (kind !== undefined && p.kind !== kind)) return undefined;
    // An emptied session map stays until the session is forgotten: a map made and dropped per
    // request would cost what the string key did.
    bySession!.delete(cxid);
    return p;
  }

  /**
   * Run `run` in the session's order: a write (or sync) at once, counted as outstanding until
   * `completed`; a read at once only when nothing the session sent before it is outstanding.
   */
  sequenced(session: SessionId, isWrite: boolean, run: () => void): void {
    let o = this.order.get(session);
    if (!o) {
      o = { submitted: 0, completed: 0, waiting: [] };
      this.order.set(session, o);
    }
    if (isWrite) {
      o.submitted++;
      run();
    } else if (o.completed >= o.submitted && o.waiting.length === 0) run();
    else o.waiting.push({ after: o.submitted, run });
  }

  /** One of the session's writes (or syncs) is answered: the reads waiting for it run. */
  completed(session: SessionId): void {
    const o = this.order.get(session);
    if (!o) return;
    o.completed++;
    while (o.waiting.length > 0 && o.waiting[0]!.after <= o.completed) o.waiting.shift()!.run();
    if (o.submitted === o.completed && o.waiting.length === 0) this.order.delete(session);
  }

  /** The session is closed: whatever it still had queued is dropped. */
  forget(session: SessionId): void {
    this.order.delete(session);
    if (this.pending.get(session)?.size === 0) this.pending.delete(session);
  }

  /** Not serving any more: every waiting request is dropped with its connection. */
  clear(): void {
    this.pending.clear();
    this.order.clear();
  }

  /** Requests waiting for an answer (srvr's Outstanding). */
  outstanding(): number {
    let n = 0;
    for (const bySession of this.pending.values())
      for (const p of bySession.values()) if (p.kind === 'reply') n++;
    return n;
  }
}
