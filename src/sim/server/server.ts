// A ZooKeeper server as a state machine: client connections (ServerCnxn), session establishment
// (ZooKeeperServer#processConnectRequest), the session tracker's expiry, the container manager,
// and the standalone request pipeline PrepRequestProcessor → SyncRequestProcessor →
// FinalRequestProcessor. The ensemble replaces `commitWrite` with ZAB's propose/commit.
import type { DiskImage, NodeId, NodeInput, NodeOutput, SimNode } from '../kernel/types.ts';
import type { ZkMessage } from '../messages.ts';
import { hex } from '../trace/canonical.ts';
import { digestId } from './acl.ts';
import type { ErrorName } from './errors.ts';
import {
  type ClientToServer,
  type Id,
  isWriteRequest,
  type OpResult,
  type Request,
  type ServerToClient,
  type SessionId,
} from './protocol.ts';
import { ServerDisk } from './server-disk.ts';
import { SessionTracker } from './session-tracker.ts';
import type { Txn } from './txn.ts';
import { type RequestContext, ZkDatabase } from './zkdatabase.ts';

export interface ServerConfig {
  sid: number;
  tickTime: number;
  minSessionTimeout: number;
  maxSessionTimeout: number;
  extendedTypes: boolean;
  /** ContainerManager's check interval (znode.container.checkIntervalMs). */
  containerCheckMs: number;
  /** Take a snapshot and roll the log after this many txns (zookeeper.snapCount). */
  snapCount: number;
  /** The network address a peer connects from, for `ip` ACLs. */
  addressOf(node: NodeId): string;
}

/** One client connection (ServerCnxn): its session, auth ids and its key in the watch tables. */
interface Cnxn {
  conn: number;
  peer: NodeId;
  session: SessionId | null;
  authIds: Id[];
  watcher: string;
}

type Out = NodeOutput<ZkMessage>;

export class ZooKeeperServer implements SimNode<ZkMessage> {
  private db: ZkDatabase;
  private disk: ServerDisk;
  private sessions!: SessionTracker;
  private cnxns = new Map<number, Cnxn>();
  private owners = new Map<SessionId, number>();
  private hzxid = 0;
  private out: Out[] = [];
  private now = 0;

  constructor(
    readonly id: NodeId,
    private readonly config: ServerConfig,
  ) {
    this.db = new ZkDatabase({ extendedTypes: config.extendedTypes });
    this.disk = new ServerDisk(config.snapCount);
  }

  /** Read-only view for inspectors and tests. */
  get database(): ZkDatabase {
    return this.db;
  }

  handle(now: number, input: NodeInput<ZkMessage>): Out[] {
    this.now = now;
    this.out = [];
    switch (input.type) {
      case 'start':
        this.boot(input.disk);
        break;
      case 'timer':
        if (input.name === 'tick') this.expireSessions();
        else if (input.name === 'containers') this.reapContainers();
        break;
      case 'connected':
        this.cnxns.set(input.conn, {
          conn: input.conn,
          peer: input.peer,
          session: null,
          authIds: [{ scheme: 'ip', id: this.config.addressOf(input.peer) }],
          watcher: `${this.id}/c${input.conn}`,
        });
        break;
      case 'message':
        this.receive(input.conn, input.msg);
        break;
      case 'closed':
        this.dropCnxn(input.conn);
        break;
      case 'connect.failed':
        break;
    }
    return this.out;
  }

  // ── start-up ──────────────────────────────────────────────────────────────

  /** ZooKeeperServer#loadData: newest snapshot, then every logged txn after it; then a snapshot. */
  private boot(image: DiskImage): void {
    const restored = this.disk.load(image, this.config.extendedTypes);
    if (restored) this.db = restored.db;
    for (const txn of restored?.txns ?? []) this.db.processTxn(txn);
    this.hzxid = this.db.lastProcessedZxid;
    this.sessions = new SessionTracker(this.config.sid, this.now, this.config.tickTime);
    // A restarted server gives every known session a full timeout (SessionTrackerImpl constructor).
    for (const [id, timeout] of this.db.sessionsWithTimeouts()) this.sessions.track(id, timeout, this.now);
    this.out.push(...this.disk.snapshot(this.db));
    this.trace({
      kind: 'server.state',
      server: this.config.sid,
      state: 'STANDALONE',
      epoch: 0,
      zxid: hex(this.hzxid),
    });
    this.out.push({ type: 'timer.set', name: 'tick', after: this.config.tickTime });
    this.out.push({ type: 'timer.set', name: 'containers', after: this.config.containerCheckMs });
  }

  // ── client connections ────────────────────────────────────────────────────

  private receive(conn: number, msg: ZkMessage): void {
    const cnxn = this.cnxns.get(conn);
    if (!cnxn) return;
    const m = msg as ClientToServer;
    if (m.type === 'ConnectRequest') {
      this.processConnectRequest(cnxn, m);
      return;
    }
    if (cnxn.session === null) return;
    if (!this.sessions.touch(cnxn.session, this.now)) return;
    switch (m.type) {
      case 'Ping':
        this.send(cnxn, { type: 'PingReply' });
        return;
      case 'CloseSession':
        this.closeSession(cnxn.session, cnxn, m.xid);
        return;
      case 'Request':
        this.processRequest(cnxn, m.xid, m.request);
        return;
    }
  }

  private processConnectRequest(cnxn: Cnxn, req: ClientToServer & { type: 'ConnectRequest' }): void {
    // Single system image: never let a client go back in time (ZooKeeperServer#processConnectRequest).
    if (req.lastZxidSeen > this.db.lastProcessedZxid) {
      this.trace({
        kind: 'server.refuse',
        server: this.config.sid,
        reason: 'lastZxidSeen ahead',
        zxid: hex(req.lastZxidSeen),
      });
      this.close(cnxn);
      return;
    }
    const timeout = Math.min(
      Math.max(req.timeOut, this.config.minSessionTimeout),
      this.config.maxSessionTimeout,
    );
    if (req.sessionId === 0n) {
      const session = this.sessions.createSessionId();
      const passwd = sessionPasswd(session);
      this.sessions.track(session, timeout, this.now);
      const ctx = this.context(cnxn, session, 0);
      this.commitWrite(this.db.prepCreateSession(ctx, timeout, this.nextZxid(), this.now), () => {
        this.attach(cnxn, session);
        this.trace({ kind: 'server.session', server: this.config.sid, session, op: 'create', timeout });
        this.send(cnxn, {
          type: 'ConnectResponse',
          protocolVersion: 0,
          timeOut: timeout,
          sessionId: session,
          passwd,
        });
      });
      return;
    }
    const known = this.sessions.timeout(req.sessionId);
    if (
      known === undefined ||
      !this.sessions.isLive(req.sessionId) ||
      req.passwd !== sessionPasswd(req.sessionId)
    ) {
      // An expired (or forged) session: timeOut 0 tells the client so; then the socket closes.
      this.send(cnxn, { type: 'ConnectResponse', protocolVersion: 0, timeOut: 0, sessionId: 0n, passwd: '' });
      this.close(cnxn);
      return;
    }
    this.sessions.touch(req.sessionId, this.now);
    this.attach(cnxn, req.sessionId);
    this.trace({
      kind: 'server.session',
      server: this.config.sid,
      session: req.sessionId,
      op: 'reopen',
      timeout: known,
    });
    this.send(cnxn, {
      type: 'ConnectResponse',
      protocolVersion: 0,
      timeOut: known,
      sessionId: req.sessionId,
      passwd: req.passwd,
    });
  }

  /** A session lives on one connection; a reconnect closes the old one (CLIENT_RECONNECT). */
  private attach(cnxn: Cnxn, session: SessionId): void {
    const previous = this.owners.get(session);
    if (previous !== undefined && previous !== cnxn.conn) {
      const old = this.cnxns.get(previous);
      if (old) this.close(old);
    }
    cnxn.session = session;
    this.owners.set(session, cnxn.conn);
  }

  private processRequest(cnxn: Cnxn, xid: number, request: Request): void {
    const session = cnxn.session!;
    const ctx = this.context(cnxn, session, xid);
    if (isWriteRequest(request)) {
      const txn = this.db.prepRequest(request, ctx, this.nextZxid(), this.now);
      // A failed multi travels with err 0 in the reply header; the per-op codes say what failed
      // (FinalRequestProcessor builds a MultiResponse either way).
      this.commitWrite(txn, (err, result) =>
        this.reply(cnxn, xid, txn.hdr.zxid, request.op === 'multi' ? null : err, result),
      );
      return;
    }
    switch (request.op) {
      case 'sync':
        // Standalone: ordered behind this session's writes, which are already applied.
        this.reply(cnxn, xid, this.db.lastProcessedZxid, null, { path: request.path });
        return;
      case 'add_auth':
        if (request.scheme !== 'digest') {
          this.reply(cnxn, xid, this.db.lastProcessedZxid, 'AuthFailed', null);
          return;
        }
        // A wrong password still "succeeds": the id it yields simply matches no ACL (observed).
        cnxn.authIds.push(digestId(request.auth));
        this.reply(cnxn, xid, this.db.lastProcessedZxid, null, {});
        return;
      default: {
        const { err, result } = this.db.processRead(request, ctx, cnxn.watcher);
        this.reply(cnxn, xid, this.db.lastProcessedZxid, err, result);
      }
    }
  }

  private closeSession(session: SessionId, cnxn: Cnxn | null, xid: number | null): void {
    this.sessions.setClosing(session);
    const ctx: RequestContext = { sessionId: session, cxid: xid ?? 0, authIds: cnxn?.authIds ?? [] };
    this.commitWrite(this.db.prepCloseSession(ctx, this.nextZxid(), this.now), () => {
      this.sessions.remove(session);
      const owner = this.owners.get(session);
      this.owners.delete(session);
      const live = owner === undefined ? undefined : this.cnxns.get(owner);
      if (live && xid !== null)
        this.send(live, { type: 'CloseSessionReply', xid, zxid: this.db.lastProcessedZxid });
      if (live) this.close(live);
    });
  }

  private expireSessions(): void {
    for (const session of this.sessions.expire(this.now)) {
      this.trace({
        kind: 'server.session',
        server: this.config.sid,
        session,
        op: 'expire',
        timeout: this.sessions.timeout(session) ?? 0,
      });
      this.closeSession(session, null, null);
    }
    this.out.push({ type: 'timer.set', name: 'tick', after: this.config.tickTime });
  }

  /** ContainerManager: empty used containers and expired TTL nodes go in deleteContainer txns. */
  private reapContainers(): void {
    for (const path of this.db.containerCandidates(this.now)) {
      this.commitWrite(this.db.prepDeleteContainer(path, this.nextZxid(), this.now), () => {});
    }
    this.out.push({ type: 'timer.set', name: 'containers', after: this.config.containerCheckMs });
  }

  // ── the standalone pipeline ───────────────────────────────────────────────

  private nextZxid(): number {
    return ++this.hzxid;
  }

  /** SyncRequestProcessor (log + fsync) then FinalRequestProcessor (apply, fire watches, answer). */
  private commitWrite(txn: Txn, answer: (err: ErrorName | null, result: OpResult | null) => void): void {
    this.out.push(...this.disk.log(txn));
    const applied = this.db.processTxn(txn);
    this.out.push(...this.disk.maybeSnapshot(this.db));
    this.trace({ kind: 'txn.commit', server: this.config.sid, zxid: hex(txn.hdr.zxid), type: applied.type });
    // Watches fire while the txn is applied, so they precede the writer's reply on its socket.
    for (const n of applied.notifications) {
      const target = this.cnxnByWatcher(n.watcher);
      // 3.8.0 puts -1 in a notification's reply header, not the txn's zxid (WatchManager#triggerWatch).
      if (target) this.send(target, { type: 'Notification', zxid: -1, event: n.event });
    }
    answer(applied.err, applied.result);
  }

  // ── helpers ───────────────────────────────────────────────────────────────

  private context(cnxn: Cnxn, session: SessionId, cxid: number): RequestContext {
    return { sessionId: session, cxid, authIds: cnxn.authIds };
  }

  private cnxnByWatcher(watcher: string): Cnxn | undefined {
    const conn = Number(watcher.slice(watcher.lastIndexOf('/c') + 2));
    return this.cnxns.get(conn);
  }

  private reply(cnxn: Cnxn, xid: number, zxid: number, err: ErrorName | null, result: OpResult | null): void {
    this.send(cnxn, { type: 'Reply', xid, zxid, err, result });
  }

  private send(cnxn: Cnxn, msg: ServerToClient): void {
    if (this.cnxns.has(cnxn.conn)) this.out.push({ type: 'send', conn: cnxn.conn, msg });
  }

  private close(cnxn: Cnxn): void {
    this.out.push({ type: 'close', conn: cnxn.conn });
    this.dropCnxn(cnxn.conn);
  }

  /** DataTree#removeCnxn: a connection's watches die with it; its session lives on until expiry. */
  private dropCnxn(conn: number): void {
    const cnxn = this.cnxns.get(conn);
    if (!cnxn) return;
    this.db.removeWatcher(cnxn.watcher);
    this.cnxns.delete(conn);
    if (cnxn.session !== null && this.owners.get(cnxn.session) === conn) this.owners.delete(cnxn.session);
  }

  private trace(event: { kind: string; [k: string]: string | number | bigint | null }): void {
    this.out.push({ type: 'trace', event });
  }
}

/**
 * The session password any server can recompute (ZooKeeperServer#generatePasswd seeds a PRNG with
 * sessionId ^ a fixed secret). Ours: 16 hex digits of a fixed 64-bit mix of the id.
 */
export function sessionPasswd(session: SessionId): string {
  let x = BigInt.asUintN(64, session ^ 0xb3f2c8d5a17e4690n);
  x = BigInt.asUintN(64, (x ^ (x >> 30n)) * 0xbf58476d1ce4e5b9n);
  x = BigInt.asUintN(64, (x ^ (x >> 27n)) * 0x94d049bb133111ebn);
  return BigInt.asUintN(64, x ^ (x >> 31n))
    .toString(16)
    .padStart(16, '0');
}
