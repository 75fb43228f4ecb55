// ZooKeeperServer: a ZooKeeper server as a state machine (handle(now, input) → outputs). This file
// is the client side — connections and their packets (NIOServerCnxn, ZooKeeperServer#processPacket
// and #processConnectRequest), four-letter words, session expiry — and the host of the request
// pipeline, whose stages have files named after ZooKeeper's classes (docs/server.md, "Shape"):
//
//   PrepRequestProcessor (prep.ts, where writes are ordered)
//     → the role orders, logs and commits (standalone-role.ts, or quorum/quorum-peer.ts: Leader, Learner)
//     → FinalRequestProcessor (final-request-processor.ts), answering in the order
//       CommitProcessor (commit-processor.ts) keeps per session.
//
// The role is handed in by a factory (server-main.ts) and sees this server only as a RoleHost
// (role-host.ts); the node's picture is drawn from outside (src/sim/view/server-view.ts).
import type { DiskImage, NodeId, NodeInput, NodeOutput, SimNode } from '../kernel/types.ts';
import type { ZkMessage } from '../messages.ts';
import { isServerNodeId } from '../node-id.ts';
import { hex } from '../trace/canonical.ts';
import type { TraceBody } from '../trace/event.ts';
import { digestId } from './acl.ts';
import { CommitProcessor } from './commit-processor.ts';
import { CONTAINERS_TIMER, ContainerManager } from './container-manager.ts';
import { FinalRequestProcessor } from './final-request-processor.ts';
import { fourLetterFacts } from './four-letter-facts.ts';
import { type FourLetterFacts, fourLetterWord, isFourLetterWord } from './four-letter-words.ts';
import type { Origin } from './origin.ts';
import { pRequest } from './prep.ts';
import { type ClientToServer, type Id, isWriteRequest, type Request, type SessionId } from './protocol.ts';
import type { ForwardedRequest } from './quorum/packets.ts';
import { messageSize } from './request-size.ts';
import type { RoleFactory, ServerRole } from './role.ts';
import type { RoleHost } from './role-host.ts';
import { type ServerCnxn, ServerCnxnFactory } from './server-cnxn.ts';
import { commitOrderHolds, type ServerConfig } from './server-config.ts';
import { ServerDisk } from './server-disk.ts';
import { sessionPasswd } from './session-passwd.ts';
import { SessionTracker } from './session-tracker.ts';
import type { Txn } from './txn.ts';
import { ZkDatabase } from './zkdatabase.ts';

type Out = NodeOutput<ZkMessage>;

/** The timer SessionTrackerImpl's expirer runs on: once per tick. */
const TICK_TIMER = 'tick';

/** A client connection as views see it: the client node, its session and its watcher key. */
export interface OpenConnection {
  peer: NodeId;
  session: SessionId | null;
  watcher: string;
}

export class ZooKeeperServer implements SimNode<ZkMessage>, RoleHost {
  db: ZkDatabase;
  readonly disk: ServerDisk;
  /** Ids for sessions created here; expiry too on the standalone server and the leader. */
  readonly sessions: SessionTracker;
  /** Standalone or a quorum peer: what orders writes, and the server's part in the ensemble. */
  readonly role: ServerRole;
  private readonly cnxns: ServerCnxnFactory;
  /** The last list connections() made, and the connections' stamp it was made at. */
  private drawnCnxns: {
    stamp: number;
    list: readonly OpenConnection[];
  } | null = null;
  private readonly commits = new CommitProcessor();
  private readonly final: FinalRequestProcessor;
  private readonly containers: ContainerManager;
  private out: Out[] = [];
  now = 0;

  constructor(
    readonly id: NodeId,
    readonly config: ServerConfig,
    makeRole: RoleFactory,
  ) {
    this.db = new ZkDatabase({ extendedTypes: config.extendedTypes });
    this.disk = new ServerDisk(config.snapCount);
    this.sessions = new SessionTracker(config.sid, 0, config.tickTime);
    this.cnxns = new ServerCnxnFactory(
      (out) => this.out.push(out),
      (watcher) => this.db.removeWatcher(watcher),
    );
    this.containers = new ContainerManager(config.containerCheckMs);
    this.final = new FinalRequestProcessor({
      sid: config.sid,
      db: () => this.db,
      cnxns: this.cnxns,
      commits: this.commits,
      tracker: () => this.role.tracker,
      trace: (event) => this.trace(event),
      afterApply: () => this.out.push(...this.disk.maybeSnapshot(this.db)),
      checkOrder: commitOrderHolds(config.bugs),
    });
    this.role = makeRole(this);
  }

  /** Read-only view for inspectors, the checker and tests. */
  get database(): ZkDatabase {
    return this.db;
  }

  /** The open client connections, oldest first: the client node, its session and its watcher key. */
  connections(): readonly OpenConnection[] {
    // Views ask after every input; the list is made again only when a connection changed.
    const stamp = this.cnxns.stamp;
    if (this.drawnCnxns?.stamp !== stamp)
      this.drawnCnxns = {
        stamp,
        list: this.cnxns.all().map((c) => ({ peer: c.peer, session: c.session, watcher: c.watcher })),
      };
    return this.drawnCnxns.list;
  }

  handle(now: number, input: NodeInput<ZkMessage>): Out[] {
    this.now = now;
    this.out = [];
    switch (input.type) {
      case 'start':
        this.boot(input.disk);
        break;
      case 'timer':
        if (input.name === TICK_TIMER) this.expireSessions();
        else if (input.name === CONTAINERS_TIMER) this.checkContainers();
        else this.role.timer(input.name);
        break;
      case 'connected':
        if (isServerNodeId(input.peer)) this.role.connected(input.conn, input.peer, input.ref);
        else this.accept(input.conn, input.peer);
        break;
      case 'connect.failed':
        this.role.connectFailed(input.peer, input.ref);
        break;
      case 'message':
        if (this.cnxns.has(input.conn)) this.receive(input.conn, input.msg as ClientToServer);
        else this.role.receive(input.conn, input.from, input.msg as Parameters<ServerRole['receive']>[2]);
        break;
      case 'closed':
        if (this.cnxns.has(input.conn)) this.cnxns.drop(input.conn);
        else this.role.closed(input.conn);
        break;
      case 'command':
        if (input.name === 'expireSession') this.expireNow(BigInt(input.arg));
        break;
    }
    return this.out;
  }

  // ── RoleHost: what the role may use ───────────────────────────────────────

  emit(out: Out): void {
    this.out.push(out);
  }

  trace(event: TraceBody): void {
    this.out.push({ type: 'trace', event });
  }

  prep(origin: Origin, body: ForwardedRequest, zxid: number): Txn {
    return pRequest(this.db, this.role.tracker, origin, body, zxid, this.now);
  }

  log(txn: Txn, fsync = true): void {
    this.out.push(...this.disk.log(txn, fsync));
  }

  fsync(): void {
    this.out.push(...this.disk.fsync());
  }

  takeSnapshot(): void {
    this.out.push(...this.disk.snapshot(this.db));
  }

  commit(txn: Txn): void {
    this.final.commit(txn);
  }

  syncDone(origin: Origin): void {
    this.final.syncDone(origin);
  }

  fastForward(txns: readonly Txn[]): void {
    for (const txn of txns) this.applyToTree(txn);
    if (txns.length > 0) this.traceLoad('fastforward');
  }

  loadSnapshot(snapshot: unknown): void {
    this.db = ZkDatabase.fromSnapshot({ extendedTypes: this.config.extendedTypes }, snapshot);
    this.traceLoad('snap');
  }

  truncateTo(zxid: number): void {
    const { out, restored } = this.disk.truncate(zxid, this.config.extendedTypes);
    this.out.push(...out);
    this.db = restored.db;
    for (const txn of restored.txns) this.applyToTree(txn);
    this.traceLoad('trunc');
  }

  /** The session table starts afresh from the replicated one (SessionTrackerImpl). */
  startServing(): void {
    if (this.role.tracker) this.role.tracker.reset(this.db.sessionsWithTimeouts(), this.now);
  }

  stopServing(): void {
    this.cnxns.closeAll();
    this.commits.clear();
  }

  // ── start-up and the database ─────────────────────────────────────────────

  /** ZooKeeperServer#loadData: newest snapshot, then every logged txn after it, committed or not. */
  private boot(image: DiskImage): void {
    this.sessions.restartIds(this.now);
    const restored = this.disk.load(image, this.config.extendedTypes);
    if (restored) this.db = restored.db;
    for (const txn of restored?.txns ?? []) this.applyToTree(txn);
    this.traceLoad('boot');
    this.out.push({ type: 'timer.set', name: TICK_TIMER, after: this.config.tickTime });
    this.out.push(this.containers.schedule());
    this.role.boot(image);
  }

  /**
   * The tree was (re)built without txn.commit events: from disk at boot (logged txns, committed or
   * not), from a SNAP, after a TRUNC, or fast-forwarded over the log when leaving BROADCAST. The
   * checker treats the zxid as this server's new starting point.
   */
  private traceLoad(how: 'boot' | 'snap' | 'trunc' | 'fastforward'): void {
    this.trace({ kind: 'server.load', server: this.config.sid, how, zxid: hex(this.db.lastProcessedZxid) });
  }

  /** ZooKeeperServer#processTxn without a request to answer (log replay, fast-forward). */
  private applyToTree(txn: Txn): void {
    this.db.processTxn(txn);
    this.db.addCommittedProposal(txn);
  }

  // ── client connections ────────────────────────────────────────────────────

  private accept(conn: number, peer: NodeId): void {
    if (!this.role.serving()) {
      // "This ZooKeeper instance is not currently serving requests": the socket is closed.
      this.out.push({ type: 'close', conn });
      return;
    }
    this.cnxns.add(conn, peer, this.config.addressOf(peer));
  }

  private receive(conn: number, m: ClientToServer): void {
    const cnxn = this.cnxns.get(conn)!;
    // NIOServerCnxn#checkFourLetterWord: only as a connection's first bytes; answered, then closed.
    if (m.type === 'FourLetterWord') {
      if (cnxn.session === null && isFourLetterWord(m.word)) {
        this.out.push({
          type: 'send',
          conn,
          msg: { type: 'FourLetterWordReply', text: fourLetterWord(m.word, this.fourLetterFacts()) },
        });
      }
      this.cnxns.close(cnxn);
      return;
    }
    this.cnxns.received(cnxn);
    // NIOServerCnxn#readLength: a frame whose length field is over jute.maxbuffer is "Len error": the
    // connection closes before the request is even read, so nothing is applied and no zxid is used;
    // the client's calls in flight fail with ConnectionLoss and it reconnects with its session.
    // SetWatches is exempt: ClientCnxn#primeConnection splits it into frames of at most 128 KB
    // (SET_WATCHES_MAX_LENGTH), where this model sends one message.
    if (m.type !== 'SetWatches') {
      const len = messageSize(m);
      if (len > this.config.maxBuffer) {
        this.trace({
          kind: 'server.refuse',
          server: this.config.sid,
          reason: `Len error ${len}`,
          zxid: hex(this.db.lastProcessedZxid),
        });
        this.cnxns.close(cnxn);
        return;
      }
    }
    if (m.type === 'ConnectRequest') {
      this.processConnectRequest(cnxn, m);
      return;
    }
    if (cnxn.session === null) return;
    this.touch(cnxn.session);
    switch (m.type) {
      case 'Ping':
        this.cnxns.send(cnxn, { type: 'PingReply' });
        return;
      case 'SetWatches': {
        // DataTree#setWatches: what changed since relativeZxid fires now, the rest is re-registered.
        const { type: _t, relativeZxid, ...watches } = m;
        for (const n of this.db.setWatches(relativeZxid, watches, cnxn.watcher)) {
          this.cnxns.send(cnxn, { type: 'WatcherEvent', zxid: -1, event: n.event });
        }
        return;
      }
      case 'CloseSession':
        this.commits.expect(cnxn.session, m.xid, { kind: 'close', conn, xid: m.xid });
        this.role.submit(this.origin(cnxn, m.xid), { op: 'closeSession' });
        return;
      case 'Request':
        this.processRequest(cnxn, m.xid, m.request);
        return;
    }
  }

  /** Followers remember touches for the leader's next ping; the deciding server touches its table. */
  private touch(session: SessionId): void {
    this.sessions.touch(session, this.now);
    this.role.touched(session);
  }

  private processConnectRequest(cnxn: ServerCnxn, req: ClientToServer & { type: 'ConnectRequest' }): void {
    // Single system image: never let a client go back in time (ZooKeeperServer#processConnectRequest).
    if (req.lastZxidSeen > this.db.lastProcessedZxid) {
      this.trace({
        kind: 'server.refuse',
        server: this.config.sid,
        reason: 'lastZxidSeen ahead',
        zxid: hex(req.lastZxidSeen),
      });
      this.cnxns.close(cnxn);
      return;
    }
    const timeout = Math.min(
      Math.max(req.timeOut, this.config.minSessionTimeout),
      this.config.maxSessionTimeout,
    );
    if (req.sessionId === 0n) {
      const session = this.sessions.createSessionId();
      this.cnxns.naming(cnxn, session);
      this.commits.expect(session, 0, { kind: 'connect', conn: cnxn.conn, timeout });
      this.role.submit(this.origin(cnxn, 0), { op: 'createSession', timeout });
      return;
    }
    const session = req.sessionId;
    if (req.passwd !== sessionPasswd(session)) {
      this.expiredResponse(cnxn);
      return;
    }
    this.role.revalidate(session, timeout, (valid) => {
      if (!this.cnxns.has(cnxn.conn)) return;
      if (!valid) {
        this.expiredResponse(cnxn);
        return;
      }
      const known = this.db.sessionTimeout(session) ?? timeout;
      this.cnxns.attach(cnxn, session);
      this.trace({ kind: 'server.session', server: this.config.sid, session, op: 'reopen', timeout: known });
      this.cnxns.send(cnxn, {
        type: 'ConnectResponse',
        protocolVersion: 0,
        timeOut: known,
        sessionId: session,
        passwd: req.passwd,
      });
    });
  }

  /** An expired (or forged) session: timeOut 0 tells the client so; then the socket closes. */
  private expiredResponse(cnxn: ServerCnxn): void {
    this.cnxns.send(cnxn, {
      type: 'ConnectResponse',
      protocolVersion: 0,
      timeOut: 0,
      sessionId: 0n,
      passwd: '',
    });
    this.cnxns.close(cnxn);
  }

  /** Writes and syncs go down the pipeline in the session's order; reads wait for them (CommitProcessor). */
  private processRequest(cnxn: ServerCnxn, xid: number, request: Request): void {
    const session = cnxn.session!;
    const origin = this.origin(cnxn, xid);
    if (isWriteRequest(request)) {
      this.commits.sequenced(session, true, () => {
        this.commits.expect(session, xid, { kind: 'reply', conn: cnxn.conn, xid, op: request.op });
        this.role.submit(origin, { op: 'write', request });
      });
      return;
    }
    if (request.op === 'sync') {
      this.commits.sequenced(session, true, () => {
        this.commits.expect(session, xid, {
          kind: 'reply',
          conn: cnxn.conn,
          xid,
          op: 'sync',
          path: request.path,
        });
        this.role.sync(origin);
      });
      return;
    }
    this.commits.sequenced(session, false, () => {
      if (!this.cnxns.has(cnxn.conn)) return;
      if (request.op === 'add_auth') {
        this.addAuth(cnxn, xid, request.scheme, request.auth);
        return;
      }
      this.final.read(cnxn, xid, request, origin);
    });
  }

  /**
   * ZooKeeperServer#processPacket for OpCode.auth, with the providers ProviderRegistry registers by
   * default: `digest` (DigestAuthenticationProvider; a wrong password still "succeeds", its id simply
   * matches no ACL, as observed) and `ip` (IPAuthenticationProvider#handleAuthentication adds the
   * connection's own address whatever the credential says; its isAuthenticated() is false, so it
   * never satisfies an `auth` ACL). Any other scheme has no provider: AUTHFAILED is sent, then the
   * connection is closed (ServerCnxnFactory.closeConn); the session itself is left alone.
   */
  private addAuth(cnxn: ServerCnxn, xid: number, scheme: string, auth: string): void {
    let id: Id;
    if (scheme === 'digest') id = digestId(auth);
    else if (scheme === 'ip') id = { scheme: 'ip', id: this.config.addressOf(cnxn.peer) };
    else {
      this.final.reply(cnxn, xid, 'AuthFailed', null);
      this.cnxns.close(cnxn);
      return;
    }
    // ServerCnxn#addAuthInfo keeps each id once.
    if (!cnxn.authIds.some((a) => a.scheme === id.scheme && a.id === id.id)) cnxn.authIds.push(id);
    this.final.reply(cnxn, xid, null, {});
  }

  private origin(cnxn: ServerCnxn, cxid: number): Origin {
    return { sessionId: cnxn.session!, cxid, authIds: cnxn.authIds };
  }

  // ── session expiry and containers (on the server that orders writes) ──────

  /**
   * The operator expires a session now, as if its timeout had passed: only the server that tracks
   * sessions (the leader, or a standalone server) can, and it closes it as SessionTrackerImpl's
   * expirer would. Others ignore the command.
   */
  private expireNow(session: SessionId): void {
    const tracker = this.role.tracker;
    if (!tracker || !this.role.serving() || !tracker.expireAt(session, this.now)) return;
    this.expireDue();
  }

  private expireSessions(): void {
    this.expireDue();
    this.out.push({ type: 'timer.set', name: TICK_TIMER, after: this.config.tickTime });
  }

  /** SessionTrackerImpl#run: each session past its deadline is closed by a closeSession request. */
  private expireDue(): void {
    const tracker = this.role.tracker;
    if (tracker && this.role.serving()) {
      for (const session of tracker.expire(this.now)) {
        this.trace({
          kind: 'server.session',
          server: this.config.sid,
          session,
          op: 'expire',
          timeout: tracker.timeout(session) ?? 0,
        });
        this.role.submit({ sessionId: session, cxid: 0, authIds: [] }, { op: 'closeSession' });
      }
    }
  }

  private checkContainers(): void {
    this.containers.checkContainers(this.db, this.role, this.now);
    this.out.push(this.containers.schedule());
  }

  // ── four-letter words ─────────────────────────────────────────────────────

  /** What the four-letter words read (four-letter-words.ts); reads only. */
  fourLetterFacts(): FourLetterFacts {
    return fourLetterFacts({
      config: this.config,
      role: this.role,
      db: this.db,
      cnxns: this.cnxns,
      outstanding: this.commits.outstanding(),
    });
  }
}
