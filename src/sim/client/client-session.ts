// The client side of a ZooKeeper session, as ZooKeeper's Java client (ClientCnxn) runs it: the
// connect string shuffled once, ConnectRequest with the requested timeout, pings at a third of
// the negotiated timeout, reconnects to the next server with the same session id and lastZxidSeen,
// watches re-registered with SetWatches, requests FIFO by xid, ConnectionLoss for what was in
// flight when the connection broke, SessionExpired once the ensemble says so (the handle is dead).
// It traces client.request, client.reply, client.event and client.session for every client kind.
import type { RngStream } from '../kernel/rng.ts';
import type { NodeId, NodeInput, NodeOutput } from '../kernel/types.ts';
import type { ZkMessage } from '../messages.ts';
import { sidOfNodeId } from '../node-id.ts';
import type { ErrorName } from '../server/errors.ts';
import type { OpResult, Request, ServerToClient, SessionId, WatchedEvent } from '../server/protocol.ts';
import { hex } from '../trace/canonical.ts';
import type { TraceBody } from '../trace/event.ts';
import { resultForTrace } from '../trace/format.ts';
import type { KeeperState } from './keeper-state.ts';
import { WatchRegistry } from './watch-registry.ts';

export type { KeeperState } from './keeper-state.ts';
export type SessionState = 'CONNECTING' | 'CONNECTED' | 'CLOSED';

export interface SessionHooks {
  emit(out: NodeOutput<ZkMessage>): void;
  trace(event: TraceBody): void;
  /** The reply to request `tag`, as ZooKeeper's Java API reports it. */
  reply(tag: number, request: Request | null, err: ErrorName | null, result: OpResult | null): void;
  event(event: WatchedEvent): void;
  state(state: KeeperState): void;
}

export interface SessionConfig {
  name: string;
  hosts: NodeId[];
  sessionTimeout: number;
  /** false: try the hosts in the connect string's order (no StaticHostProvider shuffle). */
  randomizeHosts?: boolean;
}

interface Outgoing {
  xid: number;
  tag: number;
  /** null for closeSession. */
  request: Request | null;
}

/** The xid ClientCnxn gives the auth packets it resends on reconnect. */
const AUTH_XID = -4;

/** ClientCnxn waits up to a second before trying the next host after a failure. */
const MAX_RECONNECT_DELAY = 1000;

export class ClientSession {
  state: SessionState = 'CONNECTING';
  session: SessionId = 0n;
  /** CLOSED because the ensemble expired the session (not closed by the client). */
  expired = false;
  /** CLOSED because an add_auth failed (ClientCnxn's AUTH_FAILED state): later calls fail with AuthFailed. */
  authFailed = false;
  private hosts: NodeId[];
  private hostIndex = -1;
  private conn: number | null = null;
  private server: NodeId | null = null;
  private passwd = '';
  private negotiated = 0;
  private lastZxidSeen = 0;
  private xid = 0;
  private outgoing: Outgoing[] = [];
  private inFlight: Outgoing[] = [];
  private watches = new WatchRegistry();
  /** The `stop-heartbeats` fault: nothing is sent and reads never time out, the socket stays open. */
  private stalled = false;
  /** Credentials added with add_auth: ClientCnxn#primeConnection sends them again on every reconnect. */
  private authInfo: { scheme: string; auth: string }[] = [];

  /**
   * The client's name and session timeout, kept as fields of this class rather than read from the
   * config handed in: that object is a spread's copy (node-spec.ts), which V8 gave a new hidden
   * class in each run of a process, and every read of it deoptimized in the next run (issue #13).
   */
  private readonly name: string;
  private readonly sessionTimeout: number;

  constructor(
    config: SessionConfig,
    private readonly rng: RngStream,
    private readonly hooks: SessionHooks,
  ) {
    this.name = config.name;
    this.sessionTimeout = config.sessionTimeout;
    // StaticHostProvider shuffles the connect string once per client, unless told not to
    // (3.6+'s randomizeHosts = false); then no random draw is made either.
    this.hosts = config.randomizeHosts === false ? [...config.hosts] : rng.shuffle(config.hosts);
  }

  get connectedTo(): NodeId | null {
    return this.state === 'CONNECTED' ? this.server : null;
  }

  /** Routes the inputs that concern the connection; false for anything else (the caller's timers). */
  handle(input: NodeInput<ZkMessage>): boolean {
    switch (input.type) {
      case 'start':
        this.connectNext(false);
        return true;
      case 'connected':
        if (input.ref !== null) this.onConnected(input.conn, input.peer);
        return true;
      case 'connect.failed':
        this.connectNext(true);
        return true;
      case 'closed':
        if (input.conn === this.conn) this.onConnectionLost();
        return true;
      case 'message':
        if (input.conn === this.conn) this.receive(input.msg as ServerToClient);
        return true;
      case 'timer':
        if (input.name === 'session.ping') this.ping();
        else if (input.name === 'session.reconnect') this.connectNext(false);
        else if (input.name === 'session.read') this.readTimedOut();
        else return false;
        return true;
      case 'command':
        if (input.name === 'heartbeats') this.setStalled(input.arg === 'off');
        return true;
    }
  }

  /** Queue a request (sent at once when connected, after the reconnect otherwise). */
  submit(request: Request, tag: number): void {
    if (this.state === 'CLOSED') {
      this.failNow(tag, request, this.authFailed ? 'AuthFailed' : 'SessionExpired');
      return;
    }
    const o: Outgoing = { xid: ++this.xid, tag, request };
    this.hooks.trace({
      kind: 'client.request',
      client: this.name,
      op: request.op,
      path: pathOf(request),
      xid: o.xid,
    });
    this.outgoing.push(o);
    this.flush();
  }

  /**
   * A new session once this one is over (expired, closed, or the handle failed authentication): what
   * kazoo does on LOST and Curator by making a new ZooKeeper handle. The connect string is tried
   * on from where it was; credentials added with add_auth are sent again (kazoo's auth_data); the
   * old session's watches are gone. lastZxidSeen is kept, so the new session never reads an older
   * state than the old one saw. False (nothing done) while the session is still alive.
   */
  reopen(): boolean {
    if (this.state !== 'CLOSED') return false;
    this.state = 'CONNECTING';
    this.session = 0n;
    this.passwd = '';
    this.negotiated = 0;
    this.expired = false;
    this.authFailed = false;
    this.watches = new WatchRegistry();
    this.connectNext(false);
    return true;
  }

  /** closeSession; the hook's reply(tag) comes when it is done (or failed). */
  close(tag: number): void {
    if (this.state === 'CLOSED') {
      this.hooks.reply(tag, null, null, null);
      return;
    }
    this.outgoing.push({ xid: ++this.xid, tag, request: null });
    this.flush();
  }

  /**
   * A stalled ClientCnxn.SendThread (a starved or stuck thread while the OS keeps the TCP
   * connection): no pings and no requests go out (they queue) and the read timeout is not checked;
   * what the server sends still arrives. The server sees a silent session and expires it.
   */
  private setStalled(on: boolean): void {
    if (this.stalled === on) return;
    this.stalled = on;
    if (on) {
      this.hooks.emit({ type: 'timer.cancel', name: 'session.read' });
      return;
    }
    if (this.state !== 'CONNECTED' || this.conn === null) return;
    this.armReadTimeout();
    this.flush();
  }

  private flush(): void {
    if (this.state !== 'CONNECTED' || this.conn === null || this.stalled) return;
    for (const o of this.outgoing) {
      this.inFlight.push(o);
      this.hooks.emit({
        type: 'send',
        conn: this.conn,
        msg:
          o.request === null
            ? { type: 'CloseSession', xid: o.xid }
            : { type: 'Request', xid: o.xid, request: o.request },
      });
    }
    this.outgoing = [];
  }

  private ping(): void {
    if (this.state === 'CONNECTED' && this.conn !== null) {
      if (!this.stalled) this.hooks.emit({ type: 'send', conn: this.conn, msg: { type: 'Ping' } });
      this.schedulePing();
    }
  }

  private connectNext(afterFailure: boolean): void {
    if (this.state === 'CLOSED') return;
    if (afterFailure) {
      this.hooks.emit({
        type: 'timer.set',
        name: 'session.reconnect',
        after: this.rng.int(0, MAX_RECONNECT_DELAY - 1),
      });
      return;
    }
    this.hostIndex = (this.hostIndex + 1) % this.hosts.length;
    this.hooks.emit({ type: 'connect', to: this.hosts[this.hostIndex]!, ref: this.hostIndex });
  }

  private onConnected(conn: number, peer: NodeId): void {
    this.conn = conn;
    this.server = peer;
    this.hooks.emit({
      type: 'send',
      conn,
      msg: {
        type: 'ConnectRequest',
        protocolVersion: 0,
        lastZxidSeen: this.lastZxidSeen,
        timeOut: this.sessionTimeout,
        sessionId: this.session,
        passwd: this.passwd,
      },
    });
  }

  /**
   * ClientCnxn.SendThread#run: nothing heard from the server for readTimeout (2/3 of the
   * negotiated timeout, ClientCnxn#onConnected) — "Client session timed out, have not heard from
   * server": the client drops the connection and tries the next server. A paused or cut-off server
   * is left this way. (The Java client also bounds the handshake by connectTimeout = timeout / the
   * number of servers; here the network's own connect failure stands in for it.)
   */
  private readTimedOut(): void {
    if (this.conn === null || this.state !== 'CONNECTED' || this.stalled) return;
    this.hooks.trace({
      kind: 'client.timeout',
      client: this.name,
      server: this.serverSid(),
      idle: this.readTimeout(),
    });
    this.hooks.emit({ type: 'close', conn: this.conn });
    this.onConnectionLost();
  }

  private readTimeout(): number {
    return Math.floor((this.negotiated * 2) / 3);
  }

  private armReadTimeout(): void {
    this.hooks.emit({ type: 'timer.set', name: 'session.read', after: this.readTimeout() });
  }

  private onConnectionLost(): void {
    this.conn = null;
    this.hooks.emit({ type: 'timer.cancel', name: 'session.ping' });
    this.hooks.emit({ type: 'timer.cancel', name: 'session.read' });
    if (this.state === 'CLOSED') return;
    const wasConnected = this.state === 'CONNECTED';
    this.state = 'CONNECTING';
    // ClientCnxn#cleanup: whatever was in flight fails; its outcome is unknown to the client.
    if (this.failInFlight('ConnectionLoss')) return;
    if (wasConnected) this.announce('Disconnected');
    this.connectNext(true);
  }

  private receive(msg: ServerToClient): void {
    this.dispatch(msg);
    // Anything heard from the server restarts the read timeout (with the state it may have set).
    if (this.conn !== null && this.state === 'CONNECTED' && !this.stalled) this.armReadTimeout();
  }

  private dispatch(msg: ServerToClient): void {
    switch (msg.type) {
      case 'ConnectResponse':
        this.onConnectResponse(msg);
        return;
      case 'WatcherEvent':
        this.watches.fired(msg.event);
        this.hooks.trace({
          kind: 'client.event',
          client: this.name,
          type: msg.event.type,
          path: msg.event.path,
        });
        this.hooks.event(msg.event);
        return;
      case 'Reply':
        this.onReply(msg.xid, msg.zxid, msg.err, msg.result);
        return;
      case 'CloseSessionReply': {
        const o = this.inFlight.find((f) => f.xid === msg.xid);
        this.finish('Closed');
        if (o) this.hooks.reply(o.tag, null, null, null);
        return;
      }
      case 'PingReply':
        return;
    }
  }

  private onConnectResponse(msg: ServerToClient & { type: 'ConnectResponse' }): void {
    if (msg.timeOut <= 0) {
      this.finish('Expired');
      return;
    }
    const fresh = this.session === 0n;
    this.session = msg.sessionId;
    this.passwd = msg.passwd;
    this.negotiated = msg.timeOut;
    this.state = 'CONNECTED';
    this.hooks.trace({
      kind: 'client.session',
      client: this.name,
      session: this.session,
      state: 'SyncConnected',
      server: this.serverSid(),
      timeout: this.negotiated,
      ...(fresh ? {} : { moved: true }),
    });
    // ClientCnxn#primeConnection: auth first (xid -4, its reply is not a caller's), then every
    // watch, relative to the last zxid seen. (A session opened by reopen() sends its auth too.)
    if (this.conn !== null) {
      for (const a of this.authInfo) {
        this.hooks.emit({
          type: 'send',
          conn: this.conn,
          msg: { type: 'Request', xid: AUTH_XID, request: { op: 'add_auth', ...a } },
        });
      }
    }
    if (!fresh && !this.watches.isEmpty() && this.conn !== null) {
      this.hooks.emit({
        type: 'send',
        conn: this.conn,
        msg: { type: 'SetWatches', relativeZxid: this.lastZxidSeen, ...this.watches.snapshot() },
      });
    }
    this.schedulePing();
    this.announce('SyncConnected');
    this.flush();
  }

  private onReply(xid: number, zxid: number, err: ErrorName | null, result: OpResult | null): void {
    const at = this.inFlight.findIndex((o) => o.xid === xid);
    if (at < 0) return;
    // Replies come in xid order on one socket; anything older still waiting has been lost. Mostly
    // the reply is to the oldest request: shift() then, with no array made for what is removed.
    const o = at === 0 ? this.inFlight.shift() : this.inFlight.splice(at, 1)[0];
    if (zxid > this.lastZxidSeen) this.lastZxidSeen = zxid;
    if (!o?.request) return;
    this.watches.registered(o.request, err, result);
    if (o.request.op === 'add_auth' && err === null)
      this.authInfo.push({ scheme: o.request.scheme, auth: o.request.auth });
    const [e, r] = asCallerSees(o.request, err, result);
    this.traceReply(o.request, e, r, zxid);
    // ClientCnxn.SendThread#readResponse: an AUTHFAILED answer to an auth packet moves the handle to
    // AUTH_FAILED, which is not alive: the default watcher gets KeeperState.AuthFailed, the event
    // thread ends, and every later call fails with AuthFailed (ClientCnxn#conLossPacket). The server
    // closed the connection after its answer (ZooKeeperServer#processPacket) but left the session
    // to expire in its own time.
    if (o.request.op === 'add_auth' && err === 'AuthFailed' && this.state !== 'CLOSED')
      this.finish('AuthFailed');
    this.hooks.reply(o.tag, o.request, e, r);
  }

  /** Fails what was sent (and, on expiry, what waits); true when that ended the handle (a close was among them). */
  private failInFlight(err: ErrorName): boolean {
    const terminal = err === 'SessionExpired' || err === 'AuthFailed';
    const lost = [...this.inFlight, ...(terminal ? this.outgoing : [])];
    this.inFlight = [];
    if (terminal) this.outgoing = [];
    // ZooKeeper#close ends the handle even when its closeSession never got an answer.
    const closing = this.state !== 'CLOSED' && lost.some((o) => o.request === null);
    if (closing) this.finish('Closed');
    for (const o of lost) this.failNow(o.tag, o.request, err);
    return closing;
  }

  private failNow(tag: number, request: Request | null, err: ErrorName): void {
    if (request) this.traceReply(request, err, null);
    this.hooks.reply(tag, request, request ? err : null, null);
  }

  private finish(state: 'Closed' | 'Expired' | 'AuthFailed'): void {
    this.state = 'CLOSED';
    this.expired = state === 'Expired';
    this.authFailed = state === 'AuthFailed';
    this.hooks.trace({
      kind: 'client.session',
      client: this.name,
      session: this.session,
      state,
      server: this.serverSid(),
      timeout: this.negotiated,
    });
    this.hooks.emit({ type: 'timer.cancel', name: 'session.ping' });
    this.hooks.emit({ type: 'timer.cancel', name: 'session.read' });
    if (this.conn !== null) this.hooks.emit({ type: 'close', conn: this.conn });
    this.conn = null;
    if (state === 'Expired') this.failInFlight('SessionExpired');
    if (state === 'AuthFailed') this.failInFlight('AuthFailed');
    this.announce(state);
  }

  private announce(state: KeeperState): void {
    this.hooks.trace({ kind: 'client.event', client: this.name, type: 'None', state, path: null });
    this.hooks.state(state);
  }

  private traceReply(request: Request, err: ErrorName | null, result: OpResult | null, zxid?: number): void {
    const body: TraceBody = {
      kind: 'client.reply',
      client: this.name,
      op: request.op,
      path: pathOf(request),
      ok: err === null,
    };
    if (err !== null) body.err = err;
    if (result !== null) body.result = resultForTrace(result);
    if (zxid !== undefined) body.zxid = hex(zxid);
    this.hooks.trace(body);
  }

  /** ClientCnxn pings when idle for readTimeout/2 = a third of the negotiated timeout. */
  private schedulePing(): void {
    this.hooks.emit({ type: 'timer.set', name: 'session.ping', after: Math.floor(this.negotiated / 3) });
  }

  private serverSid(): number | null {
    return this.server === null ? null : sidOfNodeId(this.server);
  }
}

/**
 * What ZooKeeper's Java API makes of a reply: exists turns NoNode into a null Stat, and a multi
 * whose results hold an error throws that error (with the results attached) although the reply
 * header said 0 (ZooKeeper#exists, ZooKeeper#multiInternal).
 */
function asCallerSees(
  request: Request,
  err: ErrorName | null,
  result: OpResult | null,
): [ErrorName | null, OpResult | null] {
  if (request.op === 'exists' && err === 'NoNode') return [null, { stat: null }];
  if (request.op === 'multi' && err === null) {
    const failed = result?.results?.find((r) => r.op === 'error' && r.err !== 'RolledBack');
    if (failed?.op === 'error') return [failed.err, result];
  }
  return [err, result];
}

/** The path a request is about (a multi's first op's), as client.request traces it. */
export function pathOf(r: Request): string | null {
  if ('path' in r) return r.path;
  if (r.op === 'multi') return r.ops[0]?.path ?? null;
  return null;
}
