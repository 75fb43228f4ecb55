// QuorumPeer: one ensemble member's life — LOOKING (Fast Leader Election over QuorumCnxManager
// connections), then LEADING, FOLLOWING or OBSERVING, and back to LOOKING when that ends. It is the
// server's role (ServerRole) in an ensemble: the client-facing server asks it to order writes, and
// it hands committed txns back through RoleHost.
import type { DiskImage, NodeId } from '../../kernel/types.ts';
import { serverNodeId } from '../../node-id.ts';
import { hex } from '../../trace/canonical.ts';
import type { Origin } from '../origin.ts';
import type { SessionId } from '../protocol.ts';
import type { RoleStatus, ServerRole } from '../role.ts';
import type { RoleHost } from '../role-host.ts';
import { ServerDisk } from '../server-disk.ts';
import type { SessionTracker } from '../session-tracker.ts';
import type { Txn } from '../txn.ts';
import { type ElectionNotification, type ElectionOutput, FastLeaderElection } from './election.ts';
import { Leader } from './leader.ts';
import { Learner } from './learner.ts';
import type { ForwardedRequest, QuorumPacket } from './packets.ts';
import type { PeerState, ZabState } from './peer-state.ts';
import type { Vote } from './vote.ts';
import { LEARNER_REF_BASE, type ZabPeer } from './zab-peer.ts';

/** FastLeaderElection.finalizeWait and maxNotificationInterval. */
const FINALIZE_WAIT = 200;
const MAX_NOTIFICATION_INTERVAL = 60_000;

export class QuorumPeer implements ServerRole, ZabPeer {
  state: PeerState = 'LOOKING';
  zabState: ZabState = 'ELECTION';
  /** Until the first setState, so that booting into LOOKING is traced too. */
  private announced = false;
  acceptedEpoch = 0;
  currentEpoch = 0;
  currentVote: Vote;
  private electionEpoch = 0;
  private readonly fle: FastLeaderElection;
  /** QuorumCnxManager: one connection per peer, and the latest message waiting for it (SEND_CAPACITY 1). */
  private electionConns = new Map<number, number>();
  private connOwner = new Map<number, number>();
  private outbox = new Map<number, ElectionNotification>();
  private connecting = new Set<number>();
  /** Accepted connections from other servers whose first packet has not come yet. */
  private unidentified = new Map<number, NodeId>();
  private role: Leader | Learner | null = null;

  constructor(readonly host: RoleHost) {
    const c = host.config;
    this.fle = new FastLeaderElection({
      sid: c.sid,
      voters: c.voters,
      observers: c.observers,
      finalizeWait: FINALIZE_WAIT,
      maxNotificationInterval: MAX_NOTIFICATION_INTERVAL,
    });
    this.currentVote = { leader: c.sid, zxid: 0, peerEpoch: 0 };
  }

  get sid(): number {
    return this.host.config.sid;
  }

  get isObserver(): boolean {
    return this.host.config.observers.includes(this.sid);
  }

  /** Highest zxid in the log (the tree is fast-forwarded to it whenever the peer is not serving). */
  get lastLoggedZxid(): number {
    return this.host.db.lastProcessedZxid;
  }

  get leaderRole(): Leader | null {
    return this.role instanceof Leader ? this.role : null;
  }

  get learnerRole(): Learner | null {
    return this.role instanceof Learner ? this.role : null;
  }

  boot(image: DiskImage): void {
    this.acceptedEpoch = ServerDisk.readEpoch(image, 'acceptedEpoch');
    this.currentEpoch = ServerDisk.readEpoch(image, 'currentEpoch');
    this.lookForLeader();
  }

  // ── WritePath, delegated to the role ──────────────────────────────────────

  get tracker(): SessionTracker | null {
    return this.role instanceof Leader && this.role.serving ? this.host.sessions : null;
  }

  serving(): boolean {
    return this.role?.serving ?? false;
  }

  submit(origin: Origin, body: ForwardedRequest): void {
    this.role?.submit(origin, body);
  }

  sync(origin: Origin): void {
    this.role?.sync(origin);
  }

  revalidate(session: SessionId, timeout: number, done: (valid: boolean) => void): void {
    if (this.role) this.role.revalidate(session, timeout, done);
    else done(false);
  }

  status(): RoleStatus {
    return {
      state: this.state,
      zxid: this.leaderRole?.lastProposedZxid ?? this.lastLoggedZxid,
      learners: this.leaderRole?.learners ?? [],
    };
  }

  touched(session: SessionId): void {
    if (this.role instanceof Learner) this.role.touched(session);
  }

  // ── states ────────────────────────────────────────────────────────────────

  setState(state: PeerState, zabState: ZabState): void {
    if (this.announced && state === this.state && zabState === this.zabState) return;
    this.announced = true;
    this.state = state;
    this.zabState = zabState;
    this.host.trace({
      kind: 'server.state',
      server: this.sid,
      state,
      zabState,
      epoch: this.currentEpoch,
      acceptedEpoch: this.acceptedEpoch,
      // What `srvr` shows as Zxid: a leader's last proposed zxid ((e, 0) right after it is established).
      zxid: hex(this.leaderRole?.lastProposedZxid ?? this.lastLoggedZxid),
      logged: hex(this.lastLoggedZxid),
      leader: state === 'LOOKING' ? null : this.currentVote.leader,
    });
  }

  writeEpoch(file: 'acceptedEpoch' | 'currentEpoch', epoch: number): void {
    if (!this.host.config.bugs.has('skip-epoch-agreement')) assertEpochWrite(this, file, epoch);
    if (file === 'acceptedEpoch') this.acceptedEpoch = epoch;
    else this.currentEpoch = epoch;
    this.host.emit({ type: 'disk.write', file, data: epoch });
  }

  /** Leave whatever role we had (its clients are disconnected) and start a new election round. */
  lookForLeader(): void {
    if (this.role) {
      this.role.shutdown();
      this.role = null;
      this.host.stopServing();
    }
    this.setState('LOOKING', 'ELECTION');
    this.applyElection(this.fle.start(this.lastLoggedZxid, this.currentEpoch));
  }

  private applyElection(o: ElectionOutput): void {
    for (const name of o.cancel) this.host.emit({ type: 'timer.cancel', name });
    for (const t of o.timers) this.host.emit({ type: 'timer.set', name: t.name, after: t.after });
    for (const s of o.send) this.sendElection(s.to, s.msg);
    if (o.decided && this.state === 'LOOKING') {
      this.currentVote = o.decided.vote;
      this.electionEpoch = o.decided.electionEpoch;
      this.host.trace({
        kind: 'election.decided',
        server: this.sid,
        state: o.decided.state,
        leader: o.decided.vote.leader,
        zxid: hex(o.decided.vote.zxid),
        peerEpoch: o.decided.vote.peerEpoch,
        electionEpoch: o.decided.electionEpoch,
      });
      if (o.decided.state === 'LEADING') this.role = new Leader(this);
      else this.role = new Learner(this, o.decided.vote.leader, o.decided.state === 'OBSERVING');
      this.role.start();
    }
  }

  // ── QuorumCnxManager: election connections ────────────────────────────────

  private sendElection(to: number, msg: ElectionNotification): void {
    const conn = this.electionConns.get(to);
    if (conn !== undefined) {
      this.host.emit({ type: 'send', conn, msg });
      return;
    }
    this.outbox.set(to, msg);
    this.connectOne(to);
  }

  private connectOne(sid: number): void {
    if (this.connecting.has(sid) || this.electionConns.has(sid)) return;
    this.connecting.add(sid);
    this.host.emit({ type: 'connect', to: serverNodeId(sid), ref: sid });
  }

  /** Only a connection initiated by the larger sid survives (QuorumCnxManager#handleConnection). */
  private identified(conn: number, sid: number): void {
    if (sid < this.sid) {
      this.host.emit({ type: 'close', conn });
      this.connectOne(sid);
      return;
    }
    this.adopt(conn, sid);
  }

  private adopt(conn: number, sid: number): void {
    const old = this.electionConns.get(sid);
    if (old !== undefined && old !== conn) {
      this.host.emit({ type: 'close', conn: old });
      this.connOwner.delete(old);
    }
    this.electionConns.set(sid, conn);
    this.connOwner.set(conn, sid);
    const waiting = this.outbox.get(sid);
    if (waiting) {
      this.outbox.delete(sid);
      this.host.emit({ type: 'send', conn, msg: waiting });
    }
  }

  connected(conn: number, peer: NodeId, ref: number | null): void {
    if (ref === null) {
      this.unidentified.set(conn, peer);
      return;
    }
    if (ref >= LEARNER_REF_BASE) {
      this.learnerRole?.connected(conn, ref);
      return;
    }
    this.connecting.delete(ref);
    this.host.emit({ type: 'send', conn, msg: { type: 'INITIAL', sid: this.sid } });
    // The larger sid keeps its own connection; the smaller one waits to be called back.
    if (this.sid > ref) this.adopt(conn, ref);
  }

  connectFailed(peer: NodeId, ref: number): void {
    if (ref >= LEARNER_REF_BASE) {
      this.learnerRole?.connectFailed(ref);
      return;
    }
    this.connecting.delete(ref);
    // What was queued is dropped; FLE's back-off re-sends (the notification timeout doubles).
    this.outbox.delete(ref);
    void peer;
  }

  receive(conn: number, from: NodeId, msg: QuorumPacket | ElectionNotification): void {
    const first = this.unidentified.get(conn);
    if (first !== undefined) {
      this.unidentified.delete(conn);
      if (msg.type === 'INITIAL') {
        this.identified(conn, msg.sid);
        return;
      }
      if (msg.type === 'FOLLOWERINFO' || msg.type === 'OBSERVERINFO') {
        const leader = this.leaderRole;
        if (leader) leader.accept(conn, msg);
        else this.host.emit({ type: 'close', conn });
        return;
      }
    }
    if (msg.type === 'NOTIFICATION') {
      this.onNotification(msg);
      return;
    }
    if (this.connOwner.has(conn)) return;
    this.role?.receive(conn, msg as QuorumPacket);
    void from;
  }

  private onNotification(n: ElectionNotification): void {
    const o = this.fle.receive(n, {
      state: this.state,
      currentVote: this.currentVote,
      electionEpoch: this.electionEpoch,
    });
    this.applyElection(o);
  }

  closed(conn: number): void {
    this.unidentified.delete(conn);
    const sid = this.connOwner.get(conn);
    if (sid !== undefined) {
      this.connOwner.delete(conn);
      if (this.electionConns.get(sid) === conn) this.electionConns.delete(sid);
      return;
    }
    this.role?.closed(conn);
  }

  timer(name: string): void {
    if (name.startsWith('fle.')) this.applyElection(this.fle.timer(name));
    else this.role?.timer(name);
  }

  /**
   * Txns this peer knows of but has not applied (its role's open proposals), oldest first; a
   * leader's with the sids that ACKed, a learner's with whether it has logged them yet.
   */
  get proposals(): { txn: Txn; committed: boolean; acks?: number[]; logged?: boolean }[] {
    return this.role?.proposals ?? [];
  }

  /** For inspectors: the election's current proposal and round. */
  get election(): { proposal: Vote; logicalclock: number } {
    return { proposal: this.fle.proposal, logicalclock: this.fle.logicalclock };
  }
}

/**
 * Epochs only grow (QuorumPeer#setAcceptedEpoch, #setCurrentEpoch: a peer promises never to go back
 * to an older leader), and a peer never makes current an epoch it has not accepted (Learner and
 * Leader write acceptedEpoch first). The skip-epoch-agreement bug breaks both on purpose, so the
 * checker, not this, has to notice it.
 */
export function assertEpochWrite(
  peer: { readonly sid: number; readonly acceptedEpoch: number; readonly currentEpoch: number },
  file: 'acceptedEpoch' | 'currentEpoch',
  epoch: number,
): void {
  const was = file === 'acceptedEpoch' ? peer.acceptedEpoch : peer.currentEpoch;
  if (epoch < was) throw new Error(`QuorumPeer ${peer.sid}: ${file} would go down from ${was} to ${epoch}`);
  if (file === 'currentEpoch' && epoch > peer.acceptedEpoch)
    throw new Error(
      `QuorumPeer ${peer.sid}: currentEpoch ${epoch} was never accepted (acceptedEpoch ${peer.acceptedEpoch})`,
    );
}
