// A small scripted client: runs a JSON program of requests, one at a time, over one session, the way
// ClientCnxn would carry them (connect, ping at a third of the timeout, reconnect with the same
// session, ConnectionLoss for the request in flight). The full session state machine and Lua
// scripts replace it in the Lua issue; this is enough to drive the server and record what a
// client sees.

import type { RngStream } from '../kernel/rng.ts';
import type { NodeId, NodeInput, NodeOutput, SimNode } from '../kernel/types.ts';
import type { ZkMessage } from '../messages.ts';
import type { ErrorName } from '../server/errors.ts';
import type { OpResult, Request, ServerToClient, SessionId } from '../server/protocol.ts';
import { hex } from '../trace/canonical.ts';
import type { TraceBody } from '../trace/event.ts';
import { resultForTrace } from '../trace/format.ts';
import { WatchRegistry } from './watch-registry.ts';

export type ProgramAction = Request | { op: 'sleep'; ms: number } | { op: 'close' };

export interface ProgramClientConfig {
  name: string;
  /** Server node ids of the connect string. */
  hosts: NodeId[];
  sessionTimeout: number;
  program: ProgramAction[];
}

type State = 'CONNECTING' | 'CONNECTED' | 'CLOSED';
type Out = NodeOutput<ZkMessage>;

/** ClientCnxn waits up to a second before trying the next host after a failure. */
const MAX_RECONNECT_DELAY = 1000;

export class ProgramClient implements SimNode<ZkMessage> {
  private state: State = 'CONNECTING';
  private hosts: NodeId[];
  private hostIndex = -1;
  private conn: number | null = null;
  private server: NodeId | null = null;
  private session: SessionId = 0n;
  private passwd = '';
  private negotiated = 0;
  private lastZxidSeen = 0;
  private xid = 0;
  private pc = 0;
  private inFlight: { xid: number; action: ProgramAction } | null = null;
  private sleeping = false;
  private out: Out[] = [];
  private watches = new WatchRegistry();

  constructor(
    readonly id: NodeId,
    private readonly config: ProgramClientConfig,
    private readonly rng: RngStream,
  ) {
    // StaticHostProvider shuffles the connect string once per client.
    this.hosts = rng.shuffle(config.hosts);
  }

  handle(_now: number, input: NodeInput<ZkMessage>): Out[] {
    this.out = [];
    switch (input.type) {
      case 'start':
        this.connectNext(false);
        break;
      case 'connected':
        if (input.ref !== null) this.onConnected(input.conn, input.peer);
        break;
      case 'connect.failed':
        this.connectNext(true);
        break;
      case 'closed':
        if (input.conn === this.conn) this.onConnectionLost();
        break;
      case 'message':
        if (input.conn === this.conn) this.receive(input.msg as ServerToClient);
        break;
      case 'timer':
        this.onTimer(input.name);
        break;
    }
    return this.out;
  }

  private onTimer(name: string): void {
    if (name === 'ping' && this.state === 'CONNECTED' && this.conn !== null) {
      this.out.push({ type: 'send', conn: this.conn, msg: { type: 'Ping' } });
      this.schedulePing();
    } else if (name === 'reconnect') {
      this.connectNext(false);
    } else if (name === 'sleep') {
      this.sleeping = false;
      this.pc++;
      this.runProgram();
    }
  }

  private connectNext(afterFailure: boolean): void {
    if (this.state === 'CLOSED') return;
    if (afterFailure) {
      this.out.push({
        type: 'timer.set',
        name: 'reconnect',
        after: this.rng.int(0, MAX_RECONNECT_DELAY - 1),
      });
      return;
    }
    this.hostIndex = (this.hostIndex + 1) % this.hosts.length;
    this.out.push({ type: 'connect', to: this.hosts[this.hostIndex]!, ref: this.hostIndex });
  }

  private onConnected(conn: number, peer: NodeId): void {
    this.conn = conn;
    this.server = peer;
    this.out.push({
      type: 'send',
      conn,
      msg: {
        type: 'ConnectRequest',
        protocolVersion: 0,
        lastZxidSeen: this.lastZxidSeen,
        timeOut: this.config.sessionTimeout,
        sessionId: this.session,
        passwd: this.passwd,
      },
    });
  }

  private onConnectionLost(): void {
    this.conn = null;
    this.out.push({ type: 'timer.cancel', name: 'ping' });
    if (this.state === 'CLOSED') return;
    const wasConnected = this.state === 'CONNECTED';
    this.state = 'CONNECTING';
    if (wasConnected)
      this.trace({
        kind: 'client.event',
        client: this.config.name,
        type: 'None',
        state: 'Disconnected',
        path: null,
      });
    // ClientCnxn#cleanup: whatever was in flight fails; its outcome is unknown to the client.
    this.failInFlight('ConnectionLoss');
    this.connectNext(true);
  }

  private receive(msg: ServerToClient): void {
    switch (msg.type) {
      case 'ConnectResponse':
        this.onConnectResponse(msg);
        return;
      case 'WatcherEvent':
        this.watches.fired(msg.event);
        this.trace({
          kind: 'client.event',
          client: this.config.name,
          type: msg.event.type,
          path: msg.event.path,
        });
        return;
      case 'Reply':
        this.onReply(msg.xid, msg.zxid, msg.err, msg.result);
        return;
      case 'CloseSessionReply':
        this.finish('Closed');
        return;
      case 'PingReply':
        return;
    }
  }

  private onConnectResponse(msg: ServerToClient & { type: 'ConnectResponse' }): void {
    if (msg.timeOut <= 0) {
      this.failInFlight('SessionExpired');
      this.finish('Expired');
      return;
    }
    const fresh = this.session === 0n;
    this.session = msg.sessionId;
    this.passwd = msg.passwd;
    this.negotiated = msg.timeOut;
    this.state = 'CONNECTED';
    this.trace({
      kind: 'client.session',
      client: this.config.name,
      session: this.session,
      state: 'SyncConnected',
      server: this.serverSid(),
      timeout: this.negotiated,
      ...(fresh ? {} : { moved: true }),
    });
    this.trace({
      kind: 'client.event',
      client: this.config.name,
      type: 'None',
      state: 'SyncConnected',
      path: null,
    });
    // ClientCnxn#primeConnection: re-register every watch, relative to the last zxid seen.
    if (!fresh && !this.watches.isEmpty() && this.conn !== null) {
      this.out.push({
        type: 'send',
        conn: this.conn,
        msg: { type: 'SetWatches', relativeZxid: this.lastZxidSeen, ...this.watches.snapshot() },
      });
    }
    this.schedulePing();
    this.runProgram();
  }

  private onReply(xid: number, zxid: number, err: ErrorName | null, result: OpResult | null): void {
    if (!this.inFlight || this.inFlight.xid !== xid) return;
    if (zxid > this.lastZxidSeen) this.lastZxidSeen = zxid;
    const action = this.inFlight.action;
    if (action.op !== 'sleep' && action.op !== 'close') this.watches.registered(action, err, result);
    this.traceReply(this.inFlight.action, ...asCallerSees(this.inFlight.action, err, result), zxid);
    this.inFlight = null;
    this.pc++;
    this.runProgram();
  }

  /** Send the next request unless one is in flight, the client sleeps, or it is not connected. */
  private runProgram(): void {
    if (this.state !== 'CONNECTED' || this.inFlight || this.sleeping || this.conn === null) return;
    const action = this.config.program[this.pc];
    if (!action) return;
    if (action.op === 'sleep') {
      this.sleeping = true;
      this.out.push({ type: 'timer.set', name: 'sleep', after: action.ms });
      return;
    }
    const xid = ++this.xid;
    this.inFlight = { xid, action };
    if (action.op === 'close') {
      this.out.push({ type: 'send', conn: this.conn, msg: { type: 'CloseSession', xid } });
      return;
    }
    this.trace({
      kind: 'client.request',
      client: this.config.name,
      op: action.op,
      path: pathOf(action),
      xid,
    });
    this.out.push({ type: 'send', conn: this.conn, msg: { type: 'Request', xid, request: action } });
  }

  private failInFlight(err: ErrorName): void {
    if (!this.inFlight) return;
    const action = this.inFlight.action;
    this.inFlight = null;
    if (action.op !== 'close' && action.op !== 'sleep') this.traceReply(action, err, null);
    this.pc++;
  }

  private finish(state: 'Closed' | 'Expired'): void {
    this.state = 'CLOSED';
    this.inFlight = null;
    this.trace({
      kind: 'client.session',
      client: this.config.name,
      session: this.session,
      state,
      server: this.serverSid(),
      timeout: this.negotiated,
    });
    this.trace({ kind: 'client.event', client: this.config.name, type: 'None', state, path: null });
    this.out.push({ type: 'timer.cancel', name: 'ping' });
    if (this.conn !== null) this.out.push({ type: 'close', conn: this.conn });
    this.conn = null;
  }

  private traceReply(
    action: ProgramAction,
    err: ErrorName | null,
    result: OpResult | null,
    zxid?: number,
  ): void {
    if (action.op === 'sleep' || action.op === 'close') return;
    const body: TraceBody = {
      kind: 'client.reply',
      client: this.config.name,
      op: action.op,
      path: pathOf(action),
      ok: err === null,
    };
    if (err !== null) body.err = err;
    if (result !== null) body.result = resultForTrace(result);
    if (zxid !== undefined) body.zxid = hex(zxid);
    this.trace(body);
  }

  /** ClientCnxn pings when idle for readTimeout/2 = a third of the negotiated timeout. */
  private schedulePing(): void {
    this.out.push({ type: 'timer.set', name: 'ping', after: Math.floor(this.negotiated / 3) });
  }

  private serverSid(): number | null {
    return this.server === null ? null : Number(this.server.replace(/^zk/, ''));
  }

  private trace(event: TraceBody): void {
    this.out.push({ type: 'trace', event });
  }

  /** For inspectors: what the client is doing. */
  describe(): { state: State; session: string; server: NodeId | null; pc: number } {
    return { state: this.state, session: hex(this.session), server: this.server, pc: this.pc };
  }
}

/**
 * What ZooKeeper's Java API makes of a reply: exists turns NoNode into a null Stat, and a multi
 * whose results hold an error throws that error (with the results attached) although the reply
 * header said 0 (ZooKeeper#exists, ZooKeeper#multiInternal).
 */
function asCallerSees(
  action: ProgramAction,
  err: ErrorName | null,
  result: OpResult | null,
): [ErrorName | null, OpResult | null] {
  if (action.op === 'exists' && err === 'NoNode') return [null, { stat: null }];
  if (action.op === 'multi' && err === null) {
    const failed = result?.results?.find((r) => r.op === 'error' && r.err !== 'RolledBack');
    if (failed?.op === 'error') return [failed.err, result];
  }
  return [err, result];
}

function pathOf(r: Request): string | null {
  if ('path' in r) return r.path;
  if (r.op === 'multi') return r.ops[0]?.path ?? null;
  return null;
}
