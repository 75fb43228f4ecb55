// A ZooKeeper server as a state machine. This file is the client side (NIOServerCnxn,
// ZooKeeperServer#processConnectRequest, FinalRequestProcessor): connections, sessions, per-session
// ordering, applying committed txns and answering. How writes get ordered is the role's business:
// StandaloneRole here, or the quorum roles (QuorumPeer) in ./quorum/.
import type { DiskImage, NodeId, NodeInput, NodeOutput, SimNode } from '../kernel/types.ts';
import type { ZkMessage } from '../messages.ts';
import { hex } from '../trace/canonical.ts';
import { txnDigest } from '../trace/digest.ts';
import type { TraceBody } from '../trace/event.ts';
import { serverOwnView, serverView } from '../view/server-view.ts';
import type { ServerView } from '../view/types.ts';
import { aclAllows, digestId } from './acl.ts';
import type { ErrorName } from './errors.ts';
import { type FourLetterFacts, fourLetterWord, isFourLetterWord } from './four-letter-words.ts';
import {
  type ClientToServer,
  type Id,
  isWriteRequest,
  type OpResult,
  Perms,
  type Request,
  type ServerToClient,
  type SessionId,
} from './protocol.ts';
import type { ElectionNotification } from './quorum/election.ts';
import type { ForwardedRequest, QuorumPacket } from './quorum/packets.ts';
import { QuorumPeer } from './quorum/quorum-peer.ts';
import { messageSize } from './request-size.ts';
import { LOCAL_OWNER, type Origin, type WritePath } from './role.ts';
import { ServerDisk } from './server-disk.ts';
import { SessionTracker } from './session-tracker.ts';
import { StandaloneRole } from './standalone-role.ts';
import type { Txn } from './txn.ts';
import { ZkDatabase } from './zkdatabase.ts';

export interface ServerConfig {
  sid: number;
  tickTime: number;
  initLimit: number;
  syncLimit: number;
  minSessionTimeout: number;
  maxSessionTimeout: number;
  extendedTypes: boolean;
  /** ContainerManager's check interval (znode.container.checkIntervalMs). */
  containerCheckMs: number;
  /** Take a snapshot and roll the log after this many txns (zookeeper.snapCount). */
  snapCount: number;
  /** jute.maxbuffer: a client frame longer than this closes the connection (request-size.ts). */
  maxBuffer: number;
  /** Voting members and observers by sid; a single voter and no observers is standalone mode. */
  voters: readonly number[];
  observers: readonly number[];
  /** Deliberate protocol bugs switched on (quorum/bugs.ts). */
  bugs: ReadonlySet<string>;
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

/** A request waiting for its txn (or sync) to come back, to be answered on its connection. */
type Pending =
  | { kind: 'reply'; conn: number; xid: number; op: Request['op']; path?: string }
  | { kind: 'connect'; conn: number; timeout: number }
  | { kind: 'close'; conn: number; xid: number };

/** Per session: writes sent down the pipeline and finished, and reads waiting behind them. */
interface SessionOrder {
  submitted: number;
  completed: number;
  waiting: { after: number; run: () => void }[];
}

type Out = NodeOutput<ZkMessage>;

/** ZKDatabase keeps the last 500 committed proposals for DIFF syncs (DEFAULT_COMMIT_LOG_COUNT). */
const COMMIT_LOG_COUNT = 500;

export const isServerNode = (id: NodeId) => /^zk\d+$/.test(id);
export const sidOf = (id: NodeId) => Number(id.slice(2));

export class ZooKeeperServer implements SimNode<ZkMessage> {
  db: ZkDatabase;
  readonly disk: ServerDisk;
  /** Ids for sessions created here; expiry too on the standalone server and the leader. */
  readonly sessions: SessionTracker;
  /** The last committed txns, oldest first (ZKDatabase#committedLog). */
  committedLog: Txn[] = [];
  private role: WritePath;
  private readonly quorum: QuorumPeer | null;
  private cnxns = new Map<number, Cnxn>();
  private owners = new Map<SessionId, number>();
  private pending = new Map<string, Pending>();
  private order = new Map<SessionId, SessionOrder>();
  private out: Out[] = [];
  now = 0;
  /** Packets in and out on client connections (ServerStats' Received / Sent, for srvr and mntr). */
  private packetsReceived = 0;
  private packetsSent = 0;
  private readonly cnxnPackets = new Map<number, { received: number; sent: number }>();

  constructor(
    readonly id: NodeId,
    readonly config: ServerConfig,
  ) {
    this.db = new ZkDatabase({ extendedTypes: config.extendedTypes });
    this.disk = new ServerDisk(config.snapCount);
    this.sessions = new SessionTracker(config.sid, 0, config.tickTime);
    const standalone = config.voters.length === 1 && config.observers.length === 0;
    this.quorum = standalone ? null : new QuorumPeer(this);
    this.role = this.quorum ?? new StandaloneRole(this);
  }

  /** Read-only view for inspectors, the checker and tests. */
  get database(): ZkDatabase {
    return this.db;
  }

  get peer(): QuorumPeer | null {
    return this.quorum;
  }

  /** The open client connections, oldest first: the client node, its session and its watcher key. */
  connections(): { peer: NodeId; session: SessionId | null; watcher: string }[] {
    return [...this.cnxns.values()].map((c) => ({ peer: c.peer, session: c.session, watcher: c.watcher }));
  }

  /** The server's picture for the UI (docs/views.md); reads only. */
  view(_now: number): Omit<ServerView, 'up' | 'paused'> {
    return serverView(this);
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
        else this.quorum?.timer(input.name);
        break;
      case 'connected':
        if (isServerNode(input.peer)) this.quorum?.connected(input.conn, input.peer, input.ref);
        else this.accept(input.conn, input.peer);
        break;
      case 'connect.failed':
        this.quorum?.connectFailed(input.peer, input.ref);
        break;
      case 'message':
        if (this.cnxns.has(input.conn)) this.receive(input.conn, input.msg as ClientToServer);
        else this.quorum?.receive(input.conn, input.from, input.msg as QuorumPacket | ElectionNotification);
        break;
      case 'closed':
        if (this.cnxns.has(input.conn)) this.dropCnxn(input.conn);
        else this.quorum?.closed(input.conn);
        break;
      case 'command':
        if (input.name === 'expireSession') this.expireNow(BigInt(input.arg));
        break;
    }
    return this.out;
  }

  emit(out: Out): void {
    this.out.push(out);
  }

  trace(event: TraceBody): void {
    this.out.push({ type: 'trace', event });
  }

  // ── start-up ──────────────────────────────────────────────────────────────

  /** ZooKeeperServer#loadData: newest snapshot, then every logged txn after it, committed or not. */
  private boot(image: DiskImage): void {
    this.sessions.restartIds(this.now);
    const restored = this.disk.load(image, this.config.extendedTypes);
    if (restored) this.db = restored.db;
    for (const txn of restored?.txns ?? []) this.applyToTree(txn);
    this.traceLoad('boot');
    this.out.push({ type: 'timer.set', name: 'tick', after: this.config.tickTime });
    this.out.push({ type: 'timer.set', name: 'containers', after: this.config.containerCheckMs });
    if (this.quorum) {
      this.quorum.boot(image);
      return;
    }
    this.out.push(...this.disk.snapshot(this.db));
    this.startServing();
    this.trace({
      kind: 'server.state',
      server: this.config.sid,
      state: 'STANDALONE',
      epoch: 0,
      zxid: hex(this.db.lastProcessedZxid),
    });
  }

  /** Take client requests: the session table starts afresh from the replicated one (SessionTrackerImpl). */
  startServing(): void {
    if (this.role.tracker) this.role.tracker.reset(this.db.sessionsWithTimeouts(), this.now);
  }

  /** Stop serving (leaving BROADCAST): every client connection is closed, so clients reconnect. */
  stopServing(): void {
    for (const c of [...this.cnxns.values()]) this.close(c);
    this.pending.clear();
    this.order.clear();
  }

  // ── client connections ────────────────────────────────────────────────────

  private accept(conn: number, peer: NodeId): void {
    if (!this.role.serving()) {
      // "This ZooKeeper instance is not currently serving requests": the socket is closed.
      this.out.push({ type: 'close', conn });
      return;
    }
    this.cnxnPackets.set(conn, { received: 0, sent: 0 });
    this.cnxns.set(conn, {
      conn,
      peer,
      session: null,
      authIds: [{ scheme: 'ip', id: this.config.addressOf(peer) }],
      watcher: `${this.id}/c${conn}`,
    });
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
      this.close(cnxn);
      return;
    }
    this.packetsReceived++;
    const counts = this.cnxnPackets.get(conn);
    if (counts) counts.received++;
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
        this.close(cnxn);
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
        this.send(cnxn, { type: 'PingReply' });
        return;
      case 'SetWatches': {
        // DataTree#setWatches: what changed since relativeZxid fires now, the rest is re-registered.
        const { type: _t, relativeZxid, ...watches } = m;
        for (const n of this.db.setWatches(relativeZxid, watches, cnxn.watcher)) {
          this.send(cnxn, { type: 'WatcherEvent', zxid: -1, event: n.event });
        }
        return;
      }
      case 'CloseSession':
        this.pending.set(key(cnxn.session, m.xid), { kind: 'close', conn, xid: m.xid });
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
    this.quorum?.touched(session);
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
      cnxn.session = session;
      this.pending.set(key(session, 0), { kind: 'connect', conn: cnxn.conn, timeout });
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
      const known = this.db.sessionsWithTimeouts().get(session) ?? timeout;
      this.attach(cnxn, session);
      this.trace({ kind: 'server.session', server: this.config.sid, session, op: 'reopen', timeout: known });
      this.send(cnxn, {
        type: 'ConnectResponse',
        protocolVersion: 0,
        timeOut: known,
        sessionId: session,
        passwd: req.passwd,
      });
    });
  }

  /** An expired (or forged) session: timeOut 0 tells the client so; then the socket closes. */
  private expiredResponse(cnxn: Cnxn): void {
    this.send(cnxn, { type: 'ConnectResponse', protocolVersion: 0, timeOut: 0, sessionId: 0n, passwd: '' });
    this.close(cnxn);
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
    const origin = this.origin(cnxn, xid);
    if (isWriteRequest(request)) {
      this.sequenced(session, true, () => {
        this.pending.set(key(session, xid), { kind: 'reply', conn: cnxn.conn, xid, op: request.op });
        this.role.submit(origin, { op: 'write', request });
      });
      return;
    }
    if (request.op === 'sync') {
      this.sequenced(session, true, () => {
        this.pending.set(key(session, xid), {
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
    this.sequenced(session, false, () => {
      if (!this.cnxns.has(cnxn.conn)) return;
      if (request.op === 'add_auth') {
        this.addAuth(cnxn, xid, request.scheme, request.auth);
        return;
      }
      const { err, result } = this.db.processRead(request, origin, cnxn.watcher);
      this.reply(cnxn, xid, err, result);
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
  private addAuth(cnxn: Cnxn, xid: number, scheme: string, auth: string): void {
    let id: Id;
    if (scheme === 'digest') id = digestId(auth);
    else if (scheme === 'ip') id = { scheme: 'ip', id: this.config.addressOf(cnxn.peer) };
    else {
      this.reply(cnxn, xid, 'AuthFailed', null);
      this.close(cnxn);
      return;
    }
    // ServerCnxn#addAuthInfo keeps each id once.
    if (!cnxn.authIds.some((a) => a.scheme === id.scheme && a.id === id.id)) cnxn.authIds.push(id);
    this.reply(cnxn, xid, null, {});
  }

  /**
   * CommitProcessor's per-session queue: a read runs only after every write (or sync) the session
   * sent before it has been applied here; writes go down the pipeline at once, in order.
   */
  private sequenced(session: SessionId, isWrite: boolean, run: () => void): void {
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

  private completed(session: SessionId): void {
    const o = this.order.get(session);
    if (!o) return;
    o.completed++;
    while (o.waiting.length > 0 && o.waiting[0]!.after <= o.completed) o.waiting.shift()!.run();
    if (o.submitted === o.completed && o.waiting.length === 0) this.order.delete(session);
  }

  // ── committed txns come back here ─────────────────────────────────────────

  /** SNAP: the leader's whole tree replaces ours (it reaches the disk at NEWLEADER). */
  loadSnapshot(snapshot: unknown): void {
    this.db = ZkDatabase.fromSnapshot({ extendedTypes: this.config.extendedTypes }, snapshot);
    this.committedLog = [];
    this.traceLoad('snap');
  }

  /** TRUNC(z): the log is cut back to z and the tree reloaded from disk as of z. */
  truncateTo(zxid: number): void {
    const { out, restored } = this.disk.truncate(zxid, this.config.extendedTypes);
    this.out.push(...out);
    this.db = restored.db;
    this.committedLog = [];
    for (const txn of restored.txns) this.applyToTree(txn);
    this.traceLoad('trunc');
  }

  /**
   * The tree was (re)built without txn.commit events: from disk at boot (logged txns, committed or
   * not), from a SNAP, after a TRUNC, or fast-forwarded over the log when leaving BROADCAST. The
   * checker treats the zxid as this server's new starting point.
   */
  traceLoad(how: 'boot' | 'snap' | 'trunc' | 'fastforward'): void {
    this.trace({ kind: 'server.load', server: this.config.sid, how, zxid: hex(this.db.lastProcessedZxid) });
  }

  /** Apply a txn to the tree without answering anyone (log replay, sync). */
  applyToTree(txn: Txn): void {
    this.db.processTxn(txn);
    this.remember(txn);
  }

  private remember(txn: Txn): void {
    this.committedLog.push(txn);
    if (this.committedLog.length > COMMIT_LOG_COUNT) this.committedLog.shift();
  }

  /**
   * FinalRequestProcessor: apply a committed txn, fire this server's watches (before any reply on
   * the same socket), and answer the request if it was made here.
   */
  commit(txn: Txn): void {
    const applied = this.db.processTxn(txn);
    this.remember(txn);
    this.trace({
      kind: 'txn.commit',
      server: this.config.sid,
      zxid: hex(txn.hdr.zxid),
      type: applied.type,
      session: txn.hdr.clientId,
      cxid: txn.hdr.cxid,
      digest: txnDigest(txn),
    });
    for (const n of applied.notifications) {
      const target = this.cnxnByWatcher(n.watcher);
      // NIOServerCnxn#process(event, znodeAcl) since 3.8.4 (CVE-2024-23944): an event goes only to a
      // connection allowed to READ the node; a one-shot watch is used up all the same.
      if (!target || (n.acl && !aclAllows(n.acl, Perms.READ, target.authIds))) continue;
      // 3.8.0 puts -1 in a notification's reply header, not the txn's zxid (WatchManager#triggerWatch).
      this.send(target, { type: 'WatcherEvent', zxid: -1, event: n.event });
    }
    const session = txn.hdr.clientId;
    const k = key(session, txn.hdr.cxid);
    const p = this.pending.get(k);
    if (p) this.pending.delete(k);
    const cnxn = p ? this.cnxns.get(p.conn) : undefined;
    if (p?.kind === 'connect') {
      if (cnxn) {
        this.attach(cnxn, session);
        this.trace({
          kind: 'server.session',
          server: this.config.sid,
          session,
          op: 'create',
          timeout: p.timeout,
        });
        this.send(cnxn, {
          type: 'ConnectResponse',
          protocolVersion: 0,
          timeOut: p.timeout,
          sessionId: session,
          passwd: sessionPasswd(session),
        });
      }
    } else if (p?.kind === 'reply' && applied.type === 'error' && applied.err === 'SessionMoved') {
      // FinalRequestProcessor: SessionMovedException is a connection-level error, no answer
      // (ZOOKEEPER-710): cnxn.sendCloseSession(), the connection is closed.
      if (cnxn) this.close(cnxn);
      this.completed(session);
    } else if (p?.kind === 'reply') {
      // A failed multi travels with err 0 in the header; its results say what failed. A multi that
      // failed as a whole (an error txn, e.g. a null path) carries its code in the header.
      const headerErr = p.op === 'multi' && applied.type === 'multi' ? null : applied.err;
      if (cnxn) this.reply(cnxn, p.xid, headerErr, applied.result);
      this.completed(session);
    }
    if (applied.type === 'closeSession') {
      this.role.tracker?.remove(session);
      this.order.delete(session);
      const owner = this.owners.get(session);
      const live = owner === undefined ? undefined : this.cnxns.get(owner);
      if (live && p?.kind === 'close')
        this.send(live, { type: 'CloseSessionReply', xid: p.xid, zxid: txn.hdr.zxid });
      if (live) this.close(live);
    }
    this.out.push(...this.disk.maybeSnapshot(this.db));
  }

  /** The role says a sync has caught up: answer it. */
  syncDone(origin: Origin): void {
    const k = key(origin.sessionId, origin.cxid);
    const p = this.pending.get(k);
    if (p?.kind !== 'reply') return;
    this.pending.delete(k);
    const cnxn = this.cnxns.get(p.conn);
    if (cnxn) this.reply(cnxn, p.xid, null, { path: p.path ?? '/' });
    this.completed(origin.sessionId);
  }

  /** PrepRequestProcessor on the server that orders writes: a request (or session change) → txn. */
  prep(origin: Origin, body: ForwardedRequest, zxid: number): Txn {
    const tracker = this.role.tracker;
    switch (body.op) {
      case 'createSession':
        tracker?.track(origin.sessionId, body.timeout, this.now);
        // PrepRequestProcessor createSession: zks.setOwner(id, request.getOwner()).
        tracker?.setOwner(origin.sessionId, origin.owner ?? LOCAL_OWNER);
        return this.db.prepCreateSession(origin, body.timeout, zxid, this.now);
      case 'closeSession':
        tracker?.setClosing(origin.sessionId);
        return this.db.prepCloseSession(origin, zxid, this.now);
      case 'deleteContainer':
        return this.db.prepDeleteContainer(body.path, zxid, this.now);
      case 'write':
        // SessionTrackerImpl#checkSession: a request of a session that is gone becomes an error txn.
        if (tracker && !tracker.isLive(origin.sessionId))
          return errorTxn(origin, zxid, this.now, 'SessionExpired');
        // ...and its owner check: a request through another connection than the one the session
        // last (re)connected through is SessionMovedException, an error txn (it still takes a zxid).
        if (tracker && !tracker.checkOwner(origin.sessionId, origin.owner ?? LOCAL_OWNER))
          return errorTxn(origin, zxid, this.now, 'SessionMoved');
        return this.db.prepRequest(body.request, origin, zxid, this.now);
    }
  }

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
    this.out.push({ type: 'timer.set', name: 'tick', after: this.config.tickTime });
  }

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

  /** ContainerManager (on the server that orders writes): empty containers and expired TTL nodes. */
  private reapContainers(): void {
    if (this.role.tracker && this.role.serving()) {
      for (const path of this.db.containerCandidates(this.now))
        this.role.submit(CONTAINER_ORIGIN, { op: 'deleteContainer', path });
    }
    this.out.push({ type: 'timer.set', name: 'containers', after: this.config.containerCheckMs });
  }

  // ── helpers ───────────────────────────────────────────────────────────────

  private origin(cnxn: Cnxn, cxid: number): Origin {
    return { sessionId: cnxn.session!, cxid, authIds: cnxn.authIds };
  }

  private cnxnByWatcher(watcher: string): Cnxn | undefined {
    return this.cnxns.get(Number(watcher.slice(watcher.lastIndexOf('/c') + 2)));
  }

  private reply(cnxn: Cnxn, xid: number, err: ErrorName | null, result: OpResult | null): void {
    this.send(cnxn, { type: 'Reply', xid, zxid: this.db.lastProcessedZxid, err, result });
  }

  private send(cnxn: Cnxn, msg: ServerToClient): void {
    if (!this.cnxns.has(cnxn.conn)) return;
    this.packetsSent++;
    const counts = this.cnxnPackets.get(cnxn.conn);
    if (counts) counts.sent++;
    this.out.push({ type: 'send', conn: cnxn.conn, msg });
  }

  /** What the four-letter words read (four-letter-words.ts); reads only. */
  fourLetterFacts(): FourLetterFacts {
    const own = serverOwnView(this);
    const view = {
      role: own.role ?? 'LOOKING',
      lastZxid: own.lastZxid,
      sessions: own.sessions,
      learners: own.learners ?? [],
    };
    const db = this.db;
    const sessionOf = (c: Cnxn) => (c.session === null ? null : hex(c.session));
    const watches = [...this.cnxns.values()]
      .filter((c) => c.session !== null)
      .map((c) => ({
        session: sessionOf(c) as string,
        paths: [...new Set(db.watchesOf(c.watcher).map((w) => w.path))],
      }))
      .filter((w) => w.paths.length > 0);
    const known = db.sessionsWithTimeouts();
    return {
      view,
      serving: this.role.serving(),
      nodeCount: db.nodeCount(),
      watchCount: db.watchCount(),
      ephemerals: [...known.keys()]
        .map((s) => ({ session: hex(s), paths: db.getEphemerals(s) }))
        .filter((e) => e.paths.length > 0),
      connections: [...this.cnxns.values()].map((c) => ({
        // The client end of the socket: its address and an ephemeral port (one per connection).
        address: `${this.config.addressOf(c.peer)}:${32768 + c.conn}`,
        session: sessionOf(c),
        received: this.cnxnPackets.get(c.conn)?.received ?? 0,
        sent: this.cnxnPackets.get(c.conn)?.sent ?? 0,
        timeout: c.session === null ? 0 : (known.get(c.session) ?? 0),
      })),
      received: this.packetsReceived,
      sent: this.packetsSent,
      outstanding: [...this.pending.values()].filter((p) => p.kind === 'reply').length,
      watchesBySession: watches,
      config: {
        clientPort: 2181,
        sid: this.config.sid,
        tickTime: this.config.tickTime,
        initLimit: this.config.initLimit,
        syncLimit: this.config.syncLimit,
        minSessionTimeout: this.config.minSessionTimeout,
        maxSessionTimeout: this.config.maxSessionTimeout,
        servers: [...this.config.voters, ...this.config.observers].map((sid) => ({
          sid,
          address: this.config.addressOf(`zk${sid}`),
          observer: this.config.observers.includes(sid),
        })),
      },
    };
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
    this.cnxnPackets.delete(conn);
    if (cnxn.session !== null && this.owners.get(cnxn.session) === conn) this.owners.delete(cnxn.session);
  }
}

const key = (session: SessionId, cxid: number) => `${session}:${cxid}`;

const CONTAINER_ORIGIN: Origin = { sessionId: 0n, cxid: 0, authIds: [] };

function errorTxn(origin: Origin, zxid: number, time: number, err: ErrorName): Txn {
  return {
    hdr: { clientId: origin.sessionId, cxid: origin.cxid, zxid, time, type: 'error' },
    body: { err },
  } as Txn;
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
