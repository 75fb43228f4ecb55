// Follower and Observer (Learner#registerWithLeader, syncWithLeader, Follower#processPacket,
// Observer#processPacket, FollowerZooKeeperServer#logRequest/commit/sync): connect to the leader,
// agree on the epoch, sync, then log-and-ACK proposals and apply commits in order.

import { serverNodeId } from '../../node-id.ts';
import { hex } from '../../trace/canonical.ts';
import type { Origin } from '../origin.ts';
import type { SessionId } from '../protocol.ts';
import type { Txn } from '../txn.ts';
import type { ProtocolBug } from './bugs.ts';
import { type ForwardedRequest, makeZxid, type QuorumPacket } from './packets.ts';
import { LEARNER_REF_BASE, type ZabPeer } from './zab-peer.ts';

type Phase = 'connecting' | 'discovery' | 'sync' | 'newleader' | 'broadcast';

/** Learner#connectToLeader: 5 tries, 100 ms apart (leaderConnectDelayDuringRetryMs). */
const CONNECT_TRIES = 5;
const CONNECT_RETRY_MS = 100;

export class Learner {
  private phase: Phase = 'connecting';
  private conn: number | null = null;
  private attempt = 0;
  private newEpoch = -1;
  private syncMode: 'DIFF' | 'TRUNC' | 'SNAP' | null = null;
  /** Proposals seen during sync and not logged yet, and the zxids committed meanwhile. */
  private packetsNotLogged: Txn[] = [];
  private packetsCommitted: number[] = [];
  /** Logged and ACKed, waiting for COMMIT (FollowerZooKeeperServer#pendingTxns). */
  private pendingTxns: Txn[] = [];
  private touches = new Map<SessionId, number>();
  private revalidations = new Map<SessionId, ((valid: boolean) => void)[]>();

  constructor(
    private readonly peer: ZabPeer,
    readonly leaderSid: number,
    readonly observer: boolean,
  ) {}

  get serving(): boolean {
    return this.phase === 'broadcast';
  }

  /** How the leader synced this learner (DIFF, TRUNC or SNAP), for the node's picture; null before. */
  get syncedBy(): 'DIFF' | 'TRUNC' | 'SNAP' | null {
    return this.syncMode;
  }

  private get host() {
    return this.peer.host;
  }

  private get cfg() {
    return this.host.config;
  }

  private get myState() {
    return this.observer ? ('OBSERVING' as const) : ('FOLLOWING' as const);
  }

  start(): void {
    this.peer.setState(this.myState, 'DISCOVERY');
    this.resetTimeout(this.cfg.initLimit);
    this.connect();
  }

  private connect(): void {
    this.attempt++;
    this.host.emit({
      type: 'connect',
      to: serverNodeId(this.leaderSid),
      ref: LEARNER_REF_BASE + this.attempt,
    });
  }

  connected(conn: number, ref: number): void {
    if (ref !== LEARNER_REF_BASE + this.attempt || this.phase !== 'connecting') {
      this.host.emit({ type: 'close', conn });
      return;
    }
    this.conn = conn;
    this.phase = 'discovery';
    this.send({
      type: this.observer ? 'OBSERVERINFO' : 'FOLLOWERINFO',
      sid: this.peer.sid,
      acceptedEpoch: this.peer.acceptedEpoch,
    });
  }

  connectFailed(ref: number): void {
    if (ref !== LEARNER_REF_BASE + this.attempt) return;
    if (this.attempt >= CONNECT_TRIES) this.giveUp('cannot connect to leader');
    else this.host.emit({ type: 'timer.set', name: 'q.retry', after: CONNECT_RETRY_MS });
  }

  shutdown(): void {
    if (this.conn !== null) this.host.emit({ type: 'close', conn: this.conn });
    this.conn = null;
    this.host.emit({ type: 'timer.cancel', name: 'q.timeout' });
    this.host.emit({ type: 'timer.cancel', name: 'q.retry' });
    // Fast-forward over what we logged but never saw committed (ZooKeeperServer#shutdown).
    this.host.fastForward(this.pendingTxns);
    this.pendingTxns = [];
    // Learner#shutdown clears pendingRevalidations without an answer: the reconnecting clients'
    // connections are closed with all the others (closeAllConnections), so they try elsewhere
    // with their session intact — never "expired" from a server that could not ask the leader.
    this.revalidations.clear();
  }

  private giveUp(reason: string): void {
    this.host.trace({ kind: 'server.abdicate', server: this.peer.sid, reason, epoch: this.newEpoch });
    this.peer.lookForLeader();
  }

  /** The socket read timeout: initLimit ticks until NEWLEADER, syncLimit ticks after. */
  private resetTimeout(ticks: number): void {
    this.host.emit({ type: 'timer.set', name: 'q.timeout', after: ticks * this.cfg.tickTime });
  }

  timer(name: string): void {
    if (name === 'q.retry') this.connect();
    else if (name === 'q.timeout') this.giveUp('leader silent');
  }

  closed(conn: number): void {
    if (conn === this.conn) {
      this.conn = null;
      this.giveUp('leader connection closed');
    }
  }

  // ── the packets ───────────────────────────────────────────────────────────

  receive(conn: number, msg: QuorumPacket): void {
    if (conn !== this.conn) return;
    this.resetTimeout(
      this.phase === 'broadcast' || this.phase === 'newleader' ? this.cfg.syncLimit : this.cfg.initLimit,
    );
    switch (msg.type) {
      case 'LEADERINFO':
        this.onLeaderInfo(msg.epoch);
        return;
      case 'DIFF':
        this.syncMode = 'DIFF';
        return;
      case 'TRUNC':
        this.truncate(msg.zxid);
        return;
      case 'SNAP':
        this.syncMode = 'SNAP';
        this.host.loadSnapshot(msg.snapshot);
        return;
      case 'PROPOSAL':
        if (this.phase === 'broadcast') this.logAndAck(msg.txn);
        else this.packetsNotLogged.push(msg.txn);
        return;
      case 'COMMIT':
        if (this.phase === 'broadcast') this.commit(msg.zxid);
        else this.commitDuringSync(msg.zxid);
        return;
      case 'INFORM':
        if (this.phase === 'broadcast') {
          this.host.log(msg.txn);
          this.host.commit(msg.txn);
        } else {
          this.packetsNotLogged.push(msg.txn);
          this.packetsCommitted.push(msg.zxid);
        }
        return;
      case 'NEWLEADER':
        this.onNewLeader(msg.zxid);
        return;
      case 'UPTODATE':
        this.onUpToDate();
        return;
      case 'PING':
        if (this.bug('ack-before-fsync')) this.host.fsync();
        this.send({ type: 'PING', zxid: msg.zxid, touches: [...this.touches] });
        this.touches.clear();
        return;
      case 'SYNC':
        this.host.syncDone({ sessionId: msg.sessionId, cxid: msg.cxid, authIds: [] });
        return;
      case 'REVALIDATE': {
        const waiting = this.revalidations.get(msg.sessionId) ?? [];
        this.revalidations.delete(msg.sessionId);
        for (const done of waiting) done(msg.valid === true);
        return;
      }
      default:
        return;
    }
  }

  private onLeaderInfo(epoch: number): void {
    if (epoch < this.peer.acceptedEpoch && !this.bug('skip-epoch-agreement')) {
      this.giveUp(`leader epoch ${epoch} is older than accepted ${this.peer.acceptedEpoch}`);
      return;
    }
    this.newEpoch = epoch;
    const alreadyAccepted = epoch === this.peer.acceptedEpoch;
    if (!alreadyAccepted) this.peer.writeEpoch('acceptedEpoch', epoch);
    this.phase = 'sync';
    this.send({
      type: 'ACKEPOCH',
      currentEpoch: alreadyAccepted ? -1 : this.peer.currentEpoch,
      lastLoggedZxid: this.peer.lastLoggedZxid,
    });
    this.peer.setState(this.myState, 'SYNCHRONIZATION');
  }

  /** TRUNC(z): cut the log back to z and reload the tree from disk. */
  private truncate(zxid: number): void {
    this.syncMode = 'TRUNC';
    this.host.trace({
      kind: 'zab.trunc',
      server: this.peer.sid,
      from: hex(this.peer.lastLoggedZxid),
      to: hex(zxid),
    });
    this.host.truncateTo(zxid);
  }

  private commitDuringSync(zxid: number): void {
    // Before NEWLEADER after a SNAP or TRUNC the snapshot at NEWLEADER will make it durable:
    // apply straight away. Otherwise remember it until the proposal is logged.
    const head = this.packetsNotLogged[0];
    if (this.phase === 'sync' && this.syncMode !== 'DIFF' && head?.hdr.zxid === zxid) {
      this.packetsNotLogged.shift();
      this.host.commit(head);
      return;
    }
    this.packetsCommitted.push(zxid);
  }

  /** Learner#syncWithLeader at NEWLEADER: persist what was synced, then currentEpoch, then ACK. */
  private onNewLeader(zxid: number): void {
    if (this.syncMode === 'SNAP' || this.syncMode === 'TRUNC') {
      this.host.takeSnapshot();
    }
    const committed = new Set(this.packetsCommitted);
    const stillPending: Txn[] = [];
    for (const t of this.packetsNotLogged) {
      if (!committed.has(t.hdr.zxid)) {
        stillPending.push(t);
        continue;
      }
      this.host.log(t);
      this.host.commit(t);
      committed.delete(t.hdr.zxid);
    }
    this.packetsNotLogged = stillPending;
    this.packetsCommitted = this.packetsCommitted.filter((z) => committed.has(z));
    this.peer.writeEpoch('currentEpoch', this.newEpoch);
    this.phase = 'newleader';
    this.resetTimeout(this.cfg.syncLimit);
    this.send({ type: 'ACK', zxid });
  }

  private onUpToDate(): void {
    this.send({ type: 'ACK', zxid: makeZxid(this.newEpoch, 0) });
    this.phase = 'broadcast';
    this.peer.setState(this.myState, 'BROADCAST');
    this.host.startServing();
    const rest = this.packetsNotLogged;
    this.packetsNotLogged = [];
    for (const t of rest) this.logAndAck(t);
    const commits = this.packetsCommitted;
    this.packetsCommitted = [];
    for (const z of commits) this.commit(z);
  }

  /** SyncRequestProcessor → SendAckRequestProcessor: durable first, then ACK. */
  private logAndAck(txn: Txn): void {
    const ackFirst = this.bug('ack-before-fsync');
    this.host.log(txn, !ackFirst);
    if (this.observer && !this.bug('observer-acks-count')) {
      this.host.commit(txn);
      return;
    }
    this.pendingTxns.push(txn);
    this.send({ type: 'ACK', zxid: txn.hdr.zxid });
  }

  /** FollowerZooKeeperServer#commit: the COMMIT must match the oldest pending txn, or we die. */
  private commit(zxid: number): void {
    const head = this.pendingTxns[0];
    if (!head || head.hdr.zxid !== zxid) {
      this.host.trace({
        kind: 'server.fatal',
        server: this.peer.sid,
        reason: 'UNMATCHED_TXN_COMMIT',
        zxid: hex(zxid),
      });
      this.giveUp('unmatched commit');
      return;
    }
    this.pendingTxns.shift();
    this.host.commit(head);
  }

  /**
   * Proposals received and not applied here yet, oldest first (for the node's picture): logged and
   * ACKed ones wait for their COMMIT; ones that came during sync may already be known committed.
   */
  get proposals(): { txn: Txn; committed: boolean; logged: boolean }[] {
    // Outside a sync (nearly always) nothing waits to be logged: no set of commits to build.
    if (this.packetsNotLogged.length === 0)
      return this.pendingTxns.map((txn) => ({ txn, committed: false, logged: true }));
    const committed = new Set(this.packetsCommitted);
    return [
      ...this.pendingTxns.map((txn) => ({ txn, committed: false, logged: true })),
      ...this.packetsNotLogged.map((txn) => ({ txn, committed: committed.has(txn.hdr.zxid), logged: false })),
    ];
  }

  // ── client side ───────────────────────────────────────────────────────────

  submit(origin: Origin, body: ForwardedRequest): void {
    this.send({
      type: 'REQUEST',
      sessionId: origin.sessionId,
      cxid: origin.cxid,
      authIds: origin.authIds,
      body,
    });
  }

  sync(origin: Origin): void {
    this.send({ type: 'SYNC', sessionId: origin.sessionId, cxid: origin.cxid });
  }

  revalidate(session: SessionId, timeout: number, done: (valid: boolean) => void): void {
    const waiting = this.revalidations.get(session);
    if (waiting) waiting.push(done);
    else {
      this.revalidations.set(session, [done]);
      this.send({ type: 'REVALIDATE', sessionId: session, timeout });
    }
  }

  touched(session: SessionId): void {
    this.touches.set(session, this.host.db.sessionTimeout(session) ?? 0);
  }

  private bug(name: ProtocolBug): boolean {
    return this.cfg.bugs.has(name);
  }

  private send(msg: QuorumPacket): void {
    if (this.conn !== null) this.host.emit({ type: 'send', conn: this.conn, msg });
  }
}
