// Leader and its LearnerHandlers (Leader#lead, getEpochToPropose, waitForEpochAck,
// waitForNewLeaderAck, propose, processAck, tryToCommit, processSync; LearnerHandler#run,
// syncFollower). Discovery → synchronization → broadcast, with the ping/tick liveness check.
import { hex } from '../../trace/canonical.ts';
import { txnDigest } from '../../trace/digest.ts';
import { LOCAL_OWNER, type Origin } from '../origin.ts';
import type { SessionId } from '../protocol.ts';
import type { LearnerInfo } from '../role.ts';
import type { Txn } from '../txn.ts';
import type { ProtocolBug } from './bugs.ts';
import { type LearnerHandler, syncFollower } from './learner-handler.ts';
import { counterOf, epochOf, type ForwardedRequest, makeZxid, type QuorumPacket } from './packets.ts';
import { isQuorum } from './vote.ts';
import type { ZabPeer } from './zab-peer.ts';

interface Proposal {
  txn: Txn;
  acks: Set<number>;
  /** The ACKs in sid order as the picture lists them, made again when one more came. */
  listed?: number[];
}

type ParkedSync =
  | { after: number; local: Origin }
  | { after: number; handler: LearnerHandler; sessionId: SessionId; cxid: number };

export class Leader {
  serving = false;
  private epoch = -1;
  private epochCandidate: number;
  private connectingFollowers = new Set<number>();
  private epochAcks = new Set<number>();
  private epochAcked = false;
  private newLeaderAcks = new Set<number>();
  private handlers = new Map<number, LearnerHandler>();
  private outstanding = new Map<number, Proposal>();
  private lastCommitted = 0;
  private lastProposed = 0;
  private parkedSyncs: ParkedSync[] = [];
  private tick = 0;
  private pingRound = 0;
  /**
   * Move whenever what `proposals` or `learners` show does, so the node's picture (drawn after
   * every input) lists them again only then. Not part of ZooKeeper's state.
   */
  private proposalsStamp = 0;
  private learnersStamp = 0;
  private drawn: {
    proposals?: { stamp: number; list: { txn: Txn; committed: boolean; acks: number[] }[] };
    learners?: { stamp: number; list: LearnerInfo[] };
  } = {};

  constructor(private readonly peer: ZabPeer) {
    this.epochCandidate = peer.acceptedEpoch + 1;
  }

  get lastProposedZxid(): number | undefined {
    return this.epoch < 0 ? undefined : this.lastProposed;
  }

  private get host() {
    return this.peer.host;
  }

  private get voters(): readonly number[] {
    return this.host.config.voters;
  }

  private get cfg() {
    return this.host.config;
  }

  start(): void {
    this.peer.setState('LEADING', 'DISCOVERY');
    // Leader#lead takes a clean snapshot of its fast-forwarded tree before anything else.
    this.host.takeSnapshot();
    this.connectingFollowers.add(this.peer.sid);
    if (this.bug('skip-epoch-agreement')) {
      // Before ZOOKEEPER-335: the epoch came from our own log alone, agreed with nobody.
      this.epochCandidate = epochOf(this.peer.lastLoggedZxid) + 1;
      for (const sid of this.voters) this.connectingFollowers.add(sid);
    }
    this.host.emit({ type: 'timer.set', name: 'q.init', after: this.cfg.initLimit * this.cfg.tickTime });
    this.host.emit({ type: 'timer.set', name: 'q.ping', after: this.cfg.tickTime / 2 });
    this.maybeFixEpoch();
  }

  shutdown(): void {
    this.serving = false;
    for (const h of this.handlers.values()) this.host.emit({ type: 'close', conn: h.conn });
    this.handlers.clear();
    this.learnersStamp++;
    this.host.emit({ type: 'timer.cancel', name: 'q.init' });
    this.host.emit({ type: 'timer.cancel', name: 'q.ping' });
    // ZooKeeperServer#shutdown fast-forwards the tree over everything logged, committed or not.
    this.host.fastForward(this.sortedOutstanding().map((p) => p.txn));
    this.outstanding.clear();
    this.proposalsStamp++;
  }

  private abdicate(reason: string): void {
    this.host.trace({ kind: 'server.abdicate', server: this.peer.sid, reason, epoch: this.epoch });
    this.peer.lookForLeader();
  }

  // ── discovery ─────────────────────────────────────────────────────────────

  accept(conn: number, info: Extract<QuorumPacket, { type: 'FOLLOWERINFO' | 'OBSERVERINFO' }>): void {
    const h: LearnerHandler = {
      conn,
      sid: info.sid,
      observer: info.type === 'OBSERVERINFO',
      acked: null,
      forwarding: false,
      synced: false,
      deadline: this.tick + this.cfg.initLimit + this.cfg.syncLimit,
      sync: null,
    };
    this.handlers.set(conn, h);
    this.learnersStamp++;
    if (this.epoch < 0) {
      // getEpochToPropose: one more than any accepted epoch among the participants that call in.
      if (!h.observer && this.voters.includes(h.sid)) {
        this.epochCandidate = Math.max(this.epochCandidate, info.acceptedEpoch + 1);
        this.connectingFollowers.add(h.sid);
      }
      this.maybeFixEpoch();
    } else {
      this.send(h, { type: 'LEADERINFO', epoch: this.epoch });
    }
  }

  private maybeFixEpoch(): void {
    if (this.epoch >= 0 || !isQuorum(this.connectingFollowers, this.voters)) return;
    this.epoch = this.epochCandidate;
    this.peer.writeEpoch('acceptedEpoch', this.epoch);
    this.lastProposed = makeZxid(this.epoch, 0);
    this.host.trace({
      kind: 'zab.epoch',
      server: this.peer.sid,
      epoch: this.epoch,
      from: [...this.connectingFollowers].sort((a, b) => a - b),
    });
    this.epochAcks.add(this.peer.sid);
    for (const h of this.handlers.values()) this.send(h, { type: 'LEADERINFO', epoch: this.epoch });
    this.maybeEpochAcked();
  }

  private onAckEpoch(h: LearnerHandler, currentEpoch: number, lastZxid: number): void {
    // waitForEpochAck: a learner more up to date than us would lose data if we led.
    const mine = this.peer.currentEpoch;
    if (currentEpoch > mine || (currentEpoch === mine && lastZxid > this.peer.lastLoggedZxid)) {
      this.host.trace({
        kind: 'zab.reject',
        server: this.peer.sid,
        learner: h.sid,
        reason: 'Follower is ahead of the leader',
      });
      this.drop(h);
      return;
    }
    h.acked = { currentEpoch, lastZxid };
    const promise = currentEpoch !== -1 || this.bug('skip-epoch-agreement');
    if (promise && !h.observer && this.voters.includes(h.sid)) this.epochAcks.add(h.sid);
    if (this.epochAcked) this.syncLearner(h);
    else this.maybeEpochAcked();
  }

  private maybeEpochAcked(): void {
    if (this.epochAcked || this.epoch < 0 || !isQuorum(this.epochAcks, this.voters)) return;
    this.epochAcked = true;
    this.peer.writeEpoch('currentEpoch', this.epoch);
    this.peer.setState('LEADING', 'SYNCHRONIZATION');
    this.newLeaderAcks.add(this.peer.sid);
    for (const h of this.handlers.values()) if (h.acked) this.syncLearner(h);
    this.maybeNewLeaderAcked();
  }

  // ── synchronization ───────────────────────────────────────────────────────

  /** LearnerHandler#syncFollower: DIFF, TRUNC or SNAP, then the backlog, then NEWLEADER. */
  private syncLearner(h: LearnerHandler): void {
    const peerZxid = h.acked!.lastZxid;
    const log = this.host.db.committedLog;
    const last = this.host.db.lastProcessedZxid;
    const max = log.at(-1)?.hdr.zxid ?? last;
    const { mode, truncTo, from } = syncFollower(peerZxid, log, last, this.bug('diff-instead-of-trunc'));
    if (truncTo !== null) this.send(h, { type: 'TRUNC', zxid: truncTo });
    h.sync = mode;
    this.learnersStamp++;
    if (mode === 'DIFF') this.send(h, { type: 'DIFF', zxid: max });
    if (mode === 'SNAP') this.send(h, { type: 'SNAP', zxid: last, snapshot: this.host.db.snapshot() });
    this.host.trace({
      kind: 'zab.sync',
      server: this.peer.sid,
      learner: h.sid,
      mode,
      peerZxid: hex(peerZxid),
      zxid: hex(last),
    });
    if (from !== null) {
      for (const t of log) {
        if (t.hdr.zxid <= from) continue;
        this.send(h, { type: 'PROPOSAL', zxid: t.hdr.zxid, txn: t });
        this.send(h, { type: 'COMMIT', zxid: t.hdr.zxid });
      }
    }
    // startForwarding: what is proposed but not committed goes too; from now on, live traffic.
    if (this.takesProposals(h))
      for (const p of this.sortedOutstanding())
        this.send(h, { type: 'PROPOSAL', zxid: p.txn.hdr.zxid, txn: p.txn });
    h.forwarding = true;
    this.send(h, { type: 'NEWLEADER', zxid: makeZxid(this.epoch, 0) });
  }

  private maybeNewLeaderAcked(): void {
    if (this.serving || !this.epochAcked || !isQuorum(this.newLeaderAcks, this.voters)) return;
    // startZkServer: lastCommitted := (e, 0); serve clients; tell synced learners UPTODATE.
    this.serving = true;
    this.lastCommitted = makeZxid(this.epoch, 0);
    this.host.emit({ type: 'timer.cancel', name: 'q.init' });
    this.peer.setState('LEADING', 'BROADCAST');
    this.host.startServing();
    for (const h of this.handlers.values()) if (h.synced) this.send(h, { type: 'UPTODATE' });
  }

  // ── broadcast ─────────────────────────────────────────────────────────────

  submit(origin: Origin, body: ForwardedRequest): void {
    if (!this.serving) return;
    if (counterOf(this.lastProposed) === 0xffffffff - 1) {
      // Leader#propose: a counter about to roll over forces a new epoch (ZOOKEEPER-1277).
      this.abdicate('zxid counter exhausted');
      return;
    }
    const zxid = this.lastProposed + 1;
    this.lastProposed = zxid;
    const txn = this.host.prep(origin, body, zxid);
    const p: Proposal = { txn, acks: new Set() };
    this.host.trace({
      kind: 'zab.propose',
      server: this.peer.sid,
      epoch: this.epoch,
      zxid: hex(zxid),
      digest: txnDigest(txn),
    });
    this.outstanding.set(zxid, p);
    this.proposalsStamp++;
    for (const h of this.handlers.values())
      if (h.forwarding && this.takesProposals(h)) this.send(h, { type: 'PROPOSAL', zxid, txn });
    // Our own ACK comes from our own SyncRequestProcessor, after the fsync.
    this.host.log(txn);
    if (this.voters.includes(this.peer.sid)) p.acks.add(this.peer.sid);
    this.proposalsStamp++;
    this.tryToCommit();
  }

  private processAck(sid: number, zxid: number): void {
    if (counterOf(zxid) === 0 || zxid <= this.lastCommitted) return;
    const p = this.outstanding.get(zxid);
    if (!p) return;
    if (this.voters.includes(sid) || this.bug('observer-acks-count')) p.acks.add(sid);
    this.proposalsStamp++;
    this.tryToCommit();
  }

  /** Commit strictly in order, each once a quorum of voters has it durably. */
  private tryToCommit(): void {
    for (;;) {
      const next = this.outstanding.get(this.lastCommitted + 1);
      if (!next || !this.ackQuorum(next.acks)) return;
      const zxid = next.txn.hdr.zxid;
      // "Make sure that ops are committed in order" (Leader#tryToCommit): the txn is the one after
      // the last committed, and nothing is committed that was not proposed.
      if (zxid !== this.lastCommitted + 1 || zxid > this.lastProposed)
        throw new Error(
          `Leader#tryToCommit: committing 0x${zxid.toString(16)} after 0x${this.lastCommitted.toString(16)} (last proposed 0x${this.lastProposed.toString(16)})`,
        );
      this.outstanding.delete(zxid);
      this.proposalsStamp++;
      this.lastCommitted = zxid;
      for (const h of this.handlers.values()) {
        if (!h.forwarding) continue;
        if (!this.takesProposals(h)) this.send(h, { type: 'INFORM', zxid, txn: next.txn });
        else this.send(h, { type: 'COMMIT', zxid });
      }
      this.host.commit(next.txn);
      this.releaseSyncs();
    }
  }

  /** Leader#processSync: a sync is answered once everything proposed before it has committed. */
  sync(origin: Origin): void {
    this.parkedSyncs.push({ after: this.lastProposed, local: origin });
    this.releaseSyncs();
  }

  private releaseSyncs(): void {
    while (this.parkedSyncs.length > 0 && this.parkedSyncs[0]!.after <= this.lastCommitted) {
      const s = this.parkedSyncs.shift()!;
      if ('local' in s) this.host.syncDone(s.local);
      else this.send(s.handler, { type: 'SYNC', sessionId: s.sessionId, cxid: s.cxid });
    }
  }

  revalidate(session: SessionId, _timeout: number, done: (valid: boolean) => void): void {
    // ZooKeeperServer#revalidateSession on the leader's own connection: owned by ServerCnxn.me.
    const valid = this.serving && this.host.sessions.touch(session, this.host.now);
    if (valid) this.host.sessions.setOwner(session, LOCAL_OWNER);
    done(valid);
  }

  // ── learner traffic ───────────────────────────────────────────────────────

  receive(conn: number, msg: QuorumPacket): void {
    const h = this.handlers.get(conn);
    if (!h) return;
    const deadline = this.tick + this.cfg.syncLimit;
    if (h.deadline !== deadline) {
      h.deadline = deadline;
      this.learnersStamp++;
    }
    switch (msg.type) {
      case 'ACKEPOCH':
        this.onAckEpoch(h, msg.currentEpoch, msg.lastLoggedZxid);
        return;
      case 'ACK':
        if (counterOf(msg.zxid) === 0) this.onNewLeaderAck(h, msg.zxid);
        else this.processAck(h.sid, msg.zxid);
        return;
      case 'PING':
        for (const [session] of msg.touches ?? []) this.host.sessions.touch(session, this.host.now);
        return;
      case 'REQUEST':
        // Request#getOwner: the LearnerHandler it came through (one per learner connection).
        this.submit(
          { sessionId: msg.sessionId, cxid: msg.cxid, authIds: msg.authIds, owner: ownerOf(h) },
          msg.body,
        );
        return;
      case 'SYNC':
        this.parkedSyncs.push({
          after: this.lastProposed,
          handler: h,
          sessionId: msg.sessionId,
          cxid: msg.cxid,
        });
        this.releaseSyncs();
        return;
      case 'REVALIDATE': {
        // LearnerHandler → Leader#revalidateSession: a valid session is now owned by this learner.
        const valid = this.serving && this.host.sessions.touch(msg.sessionId, this.host.now);
        if (valid) this.host.sessions.setOwner(msg.sessionId, ownerOf(h));
        this.send(h, { type: 'REVALIDATE', sessionId: msg.sessionId, timeout: msg.timeout, valid });
        return;
      }
      default:
        return;
    }
  }

  private onNewLeaderAck(h: LearnerHandler, zxid: number): void {
    if (zxid !== makeZxid(this.epoch, 0) || h.synced) return;
    h.synced = true;
    this.learnersStamp++;
    if (!h.observer && this.voters.includes(h.sid)) this.newLeaderAcks.add(h.sid);
    if (this.serving) this.send(h, { type: 'UPTODATE' });
    else this.maybeNewLeaderAcked();
  }

  closed(conn: number): void {
    if (this.handlers.delete(conn)) this.learnersStamp++;
  }

  timer(name: string): void {
    if (name === 'q.init') {
      if (!this.serving) this.abdicate('no quorum within initLimit');
      return;
    }
    if (name !== 'q.ping') return;
    for (const h of this.handlers.values()) this.send(h, { type: 'PING', zxid: this.lastProposed });
    this.host.emit({ type: 'timer.set', name: 'q.ping', after: this.cfg.tickTime / 2 });
    // Every other half-tick: tick++ and check that a quorum is still in touch (Leader#lead).
    if (++this.pingRound % 2 !== 0) return;
    this.tick++;
    this.learnersStamp++;
    // LearnerHandler#run reads with a socket timeout (initLimit ticks until the learner is synced,
    // syncLimit ticks after): a learner silent past its deadline — paused, say — gets a
    // SocketTimeoutException, and its handler shuts down and closes the socket. The learner finds
    // its leader gone when it runs again, and whatever it still had to forward dies with it.
    for (const h of [...this.handlers.values()]) if (this.tick > h.deadline) this.drop(h);
    if (!this.serving) return;
    const inTouch = new Set([this.peer.sid]);
    for (const h of this.handlers.values())
      if (h.synced && !h.observer && h.deadline >= this.tick) inTouch.add(h.sid);
    if (!isQuorum(inTouch, this.voters)) this.abdicate('Not sufficient followers synced');
  }

  private bug(name: ProtocolBug): boolean {
    return this.cfg.bugs.has(name);
  }

  /** Followers get PROPOSAL + COMMIT; observers INFORM (unless their ACKs are wrongly counted). */
  private takesProposals(h: LearnerHandler): boolean {
    return !h.observer || this.bug('observer-acks-count');
  }

  /** A majority of the voters; with the observer bug, observers' ACKs count as voters' would. */
  private ackQuorum(acks: Set<number>): boolean {
    if (!this.bug('observer-acks-count')) return isQuorum(acks, this.voters);
    return acks.size > this.voters.length / 2;
  }

  private drop(h: LearnerHandler): void {
    this.host.emit({ type: 'close', conn: h.conn });
    this.handlers.delete(h.conn);
    this.learnersStamp++;
  }

  private send(h: LearnerHandler, msg: QuorumPacket): void {
    this.host.emit({ type: 'send', conn: h.conn, msg });
  }

  private sortedOutstanding(): Proposal[] {
    const list = [...this.outstanding.values()];
    // Proposed in zxid order, so nearly always in order already: sorted only when it is not.
    for (let i = 1; i < list.length; i++)
      if (list[i - 1]!.txn.hdr.zxid > list[i]!.txn.hdr.zxid)
        return list.sort((a, b) => a.txn.hdr.zxid - b.txn.hdr.zxid);
    return list;
  }

  /** Proposed and not yet committed, oldest first, with the sids that ACKed (for the node's picture). */
  get proposals(): { txn: Txn; committed: boolean; acks: number[] }[] {
    const last = this.drawn.proposals;
    if (last?.stamp === this.proposalsStamp) return last.list;
    const list = this.sortedOutstanding().map((p) => {
      if (p.listed?.length !== p.acks.size) p.listed = [...p.acks].sort((a, b) => a - b);
      return { txn: p.txn, committed: false, acks: p.listed };
    });
    this.drawn.proposals = { stamp: this.proposalsStamp, list };
    return list;
  }

  /**
   * Each LearnerHandler as the node's picture shows it: how it was synced, whether it ACKed
   * NEWLEADER, and how many of the leader's ticks are left before it counts as out of touch
   * (tickOfNextAckDeadline − tick; Leader#lead drops a quorum when too many fall below 0).
   */
  get learners(): LearnerInfo[] {
    const last = this.drawn.learners;
    if (last?.stamp === this.learnersStamp) return last.list;
    const list = [...this.handlers.values()]
      .map((h) => ({
        sid: h.sid,
        observer: h.observer,
        sync: h.sync,
        synced: h.synced,
        ticksLeft: h.deadline - this.tick,
      }))
      .sort((a, b) => a.sid - b.sid);
    this.drawn.learners = { stamp: this.learnersStamp, list };
    return list;
  }

  /** For inspectors. */
  get view(): { epoch: number; lastCommitted: string; outstanding: number; learners: number[] } {
    return {
      epoch: this.epoch,
      lastCommitted: hex(this.lastCommitted),
      outstanding: this.outstanding.size,
      learners: [...this.handlers.values()].map((h) => h.sid).sort((a, b) => a - b),
    };
  }
}

/** A learner's handler as a session owner: one per learner connection, as LearnerHandler objects are. */
function ownerOf(h: LearnerHandler): string {
  return `learner:${h.conn}`;
}
