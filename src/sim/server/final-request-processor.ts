// FinalRequestProcessor: the end of the pipeline on every server. A committed txn is applied to the
// database, this server's watches on it fire (before any reply on the same socket), and the
// request is answered if it was made here (a reply, a new session's ConnectResponse, a
// CloseSessionReply); a finished sync is answered; reads are answered from the tree
// (ZkDatabase#processRead) once CommitProcessor lets them through.
import { hex } from '../trace/canonical.ts';
import { txnDigest } from '../trace/digest.ts';
import type { TraceBody } from '../trace/event.ts';
import { aclAllows } from './acl.ts';
import type { CommitProcessor } from './commit-processor.ts';
import type { ErrorName } from './errors.ts';
import type { Origin } from './origin.ts';
import { type OpResult, Perms, type ReadRequest } from './protocol.ts';
import { counterOf, epochOf } from './quorum/packets.ts';
import type { ServerCnxn, ServerCnxnFactory } from './server-cnxn.ts';
import { sessionPasswd } from './session-passwd.ts';
import type { SessionTracker } from './session-tracker.ts';
import type { Txn } from './txn.ts';
import type { ZkDatabase } from './zkdatabase.ts';

/** What FinalRequestProcessor works with: the server's database (replaced on SNAP and TRUNC), connections and queues. */
export interface FinalRequestDeps {
  readonly sid: number;
  db(): ZkDatabase;
  readonly cnxns: ServerCnxnFactory;
  readonly commits: CommitProcessor;
  /** The session table with expiry, where this server decides expiry (RoleHost's role.tracker). */
  tracker(): SessionTracker | null;
  trace(event: TraceBody): void;
  /** SyncRequestProcessor's snapCount check, after each applied txn. */
  afterApply(): void;
  /** Whether commits must come in zxid order (false under the deliberate bugs that break log agreement). */
  readonly checkOrder: boolean;
}

export class FinalRequestProcessor {
  constructor(private readonly deps: FinalRequestDeps) {}

  /** Apply a committed txn, fire this server's watches, answer the request if it was made here. */
  commit(txn: Txn): void {
    const { cnxns, commits } = this.deps;
    const db = this.deps.db();
    if (this.deps.checkOrder) assertNextZxid(db.lastProcessedZxid, txn.hdr.zxid);
    const applied = db.processTxn(txn);
    db.addCommittedProposal(txn);
    this.deps.trace({
      kind: 'txn.commit',
      server: this.deps.sid,
      zxid: hex(txn.hdr.zxid),
      type: applied.type,
      session: txn.hdr.clientId,
      cxid: txn.hdr.cxid,
      digest: txnDigest(txn),
    });
    for (const n of applied.notifications) {
      const target = cnxns.byWatcher(n.watcher);
      // NIOServerCnxn#process(event, znodeAcl) since 3.8.4 (CVE-2024-23944): an event goes only to a
      // connection allowed to READ the node; a one-shot watch is used up all the same.
      if (!target || (n.acl && !aclAllows(n.acl, Perms.READ, target.authIds))) continue;
      // 3.8.0 puts -1 in a notification's reply header, not the txn's zxid (WatchManager#triggerWatch).
      cnxns.send(target, { type: 'WatcherEvent', zxid: -1, event: n.event });
    }
    const session = txn.hdr.clientId;
    const p = commits.take(session, txn.hdr.cxid);
    const cnxn = p ? cnxns.get(p.conn) : undefined;
    if (p?.kind === 'connect') {
      if (cnxn) {
        cnxns.attach(cnxn, session);
        this.deps.trace({
          kind: 'server.session',
          server: this.deps.sid,
          session,
          op: 'create',
          timeout: p.timeout,
        });
        cnxns.send(cnxn, {
          type: 'ConnectResponse',
          protocolVersion: 0,
          timeOut: p.timeout,
          sessionId: session,
          passwd: sessionPasswd(session),
        });
      }
    } else if (p?.kind === 'reply' && applied.type === 'error' && applied.err === 'SessionMoved') {
      // SessionMovedException is a connection-level error, no answer (ZOOKEEPER-710):
      // cnxn.sendCloseSession(), the connection is closed.
      if (cnxn) cnxns.close(cnxn);
      commits.completed(session);
    } else if (p?.kind === 'reply') {
      // A failed multi travels with err 0 in the header; its results say what failed. A multi that
      // failed as a whole (an error txn, e.g. a null path) carries its code in the header.
      const headerErr = p.op === 'multi' && applied.type === 'multi' ? null : applied.err;
      if (cnxn) this.reply(cnxn, p.xid, headerErr, applied.result);
      commits.completed(session);
    }
    if (applied.type === 'closeSession') {
      this.deps.tracker()?.remove(session);
      commits.forget(session);
      const live = cnxns.ownerOf(session);
      if (live && p?.kind === 'close')
        cnxns.send(live, { type: 'CloseSessionReply', xid: p.xid, zxid: txn.hdr.zxid });
      if (live) cnxns.close(live);
    }
    this.deps.afterApply();
  }

  /** OpCode.sync: the role says everything committed before it is applied here; answer it. */
  syncDone(origin: Origin): void {
    const p = this.deps.commits.take(origin.sessionId, origin.cxid, 'reply');
    if (p?.kind !== 'reply') return;
    const cnxn = this.deps.cnxns.get(p.conn);
    if (cnxn) this.reply(cnxn, p.xid, null, { path: p.path ?? '/' });
    this.deps.commits.completed(origin.sessionId);
  }

  /** A read, answered from the tree as this server has it (registering a watch on the connection). */
  read(cnxn: ServerCnxn, xid: number, request: ReadRequest, origin: Origin): void {
    const { err, result } = this.deps.db().processRead(request, origin, cnxn.watcher);
    this.reply(cnxn, xid, err, result);
  }

  reply(cnxn: ServerCnxn, xid: number, err: ErrorName | null, result: OpResult | null): void {
    this.deps.cnxns.send(cnxn, { type: 'Reply', xid, zxid: this.deps.db().lastProcessedZxid, err, result });
  }
}

/**
 * Txns are applied in zxid order with no gap: the next one is the last one + 1, or the first of a
 * newer epoch (counter 1). Java's Learner only warns ("Got zxid 0x… expected 0x…", lastQueued);
 * here a gap or a step back means the model lost or reordered a txn, so it throws.
 */
export function assertNextZxid(last: number, next: number): void {
  if (next === last + 1 || (epochOf(next) > epochOf(last) && counterOf(next) === 1)) return;
  throw new Error(
    `FinalRequestProcessor: committing zxid 0x${next.toString(16)} after 0x${last.toString(16)}`,
  );
}
