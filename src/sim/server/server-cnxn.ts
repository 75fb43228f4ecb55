// NIOServerCnxnFactory and NIOServerCnxn: the server's client connections — who is on each, its
// session and auth ids, its packet counters (ServerStats' Received / Sent for srvr and mntr), and
// which connection a session lives on. A connection is also the Watcher its watches notify.
import type { NodeId, NodeOutput } from '../kernel/types.ts';
import type { ZkMessage } from '../messages.ts';
import type { Id, ServerToClient, SessionId } from './protocol.ts';
import { cnxnWatcher, type WatcherKey } from './watchmanager.ts';

/** One client connection (ServerCnxn): its session, auth ids and its key in the watch tables. */
export interface ServerCnxn {
  readonly conn: number;
  readonly peer: NodeId;
  session: SessionId | null;
  readonly authIds: Id[];
  readonly watcher: WatcherKey;
  received: number;
  sent: number;
}

export class ServerCnxnFactory {
  private readonly cnxns = new Map<number, ServerCnxn>();
  private readonly byWatcherKey = new Map<WatcherKey, ServerCnxn>();
  /** The connection each session lives on (a reconnect moves it). */
  private readonly owners = new Map<SessionId, number>();
  /** Packets in and out on client connections, over the server's life. */
  packetsReceived = 0;
  packetsSent = 0;
  private changes = 0;

  constructor(
    private readonly emit: (out: NodeOutput<ZkMessage>) => void,
    /** DataTree#removeCnxn: called with a closed connection's watcher key. */
    private readonly removeWatcher: (watcher: WatcherKey) => void,
  ) {}

  /** A new connection, authenticated as its own address (IPAuthenticationProvider). */
  add(conn: number, peer: NodeId, address: string): ServerCnxn {
    const cnxn: ServerCnxn = {
      conn,
      peer,
      session: null,
      authIds: [{ scheme: 'ip', id: address }],
      watcher: cnxnWatcher(conn),
      received: 0,
      sent: 0,
    };
    this.cnxns.set(conn, cnxn);
    this.byWatcherKey.set(cnxn.watcher, cnxn);
    this.changes++;
    return cnxn;
  }

  get(conn: number): ServerCnxn | undefined {
    return this.cnxns.get(conn);
  }

  has(conn: number): boolean {
    return this.cnxns.has(conn);
  }

  /** Moves whenever a connection comes, goes or takes a session (view-only: no protocol code reads it). */
  get stamp(): number {
    return this.changes;
  }

  /** Oldest first. */
  all(): ServerCnxn[] {
    return [...this.cnxns.values()];
  }

  /** The connection a watch notification is for (WatchManager fired its key). */
  byWatcher(watcher: WatcherKey): ServerCnxn | undefined {
    return this.byWatcherKey.get(watcher);
  }

  /** The connection `session` lives on, if it is open here. */
  ownerOf(session: SessionId): ServerCnxn | undefined {
    const conn = this.owners.get(session);
    return conn === undefined ? undefined : this.cnxns.get(conn);
  }

  received(cnxn: ServerCnxn): void {
    this.packetsReceived++;
    cnxn.received++;
  }

  send(cnxn: ServerCnxn, msg: ServerToClient): void {
    if (!this.cnxns.has(cnxn.conn)) return;
    this.packetsSent++;
    cnxn.sent++;
    this.emit({ type: 'send', conn: cnxn.conn, msg });
  }

  /** The id a new session on `cnxn` will have, given before the createSession txn commits. */
  naming(cnxn: ServerCnxn, session: SessionId): void {
    cnxn.session = session;
    this.changes++;
  }

  /** A session lives on one connection; a reconnect closes the old one (CLIENT_RECONNECT). */
  attach(cnxn: ServerCnxn, session: SessionId): void {
    const previous = this.owners.get(session);
    if (previous !== undefined && previous !== cnxn.conn) {
      const old = this.cnxns.get(previous);
      if (old) this.close(old);
    }
    cnxn.session = session;
    this.owners.set(session, cnxn.conn);
    this.changes++;
  }

  close(cnxn: ServerCnxn): void {
    this.emit({ type: 'close', conn: cnxn.conn });
    this.drop(cnxn.conn);
  }

  /** The socket is gone (closed here or by the client). A connection's watches die with it; its session lives on until expiry. */
  drop(conn: number): void {
    const cnxn = this.cnxns.get(conn);
    if (!cnxn) return;
    this.removeWatcher(cnxn.watcher);
    this.cnxns.delete(conn);
    this.byWatcherKey.delete(cnxn.watcher);
    this.changes++;
    if (cnxn.session !== null && this.owners.get(cnxn.session) === conn) this.owners.delete(cnxn.session);
  }

  /** Leaving BROADCAST: every connection is closed, so clients reconnect. */
  closeAll(): void {
    for (const c of [...this.cnxns.values()]) this.close(c);
  }
}
