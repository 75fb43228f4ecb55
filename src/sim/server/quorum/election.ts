// Fast Leader Election as a pure state machine: FastLeaderElection.lookForLeader run as events
// (one call per notification or timer instead of a thread blocking on recvqueue.poll), together with
// the reply path of Messenger.WorkerReceiver. The host owns transport, timers and the peer state.
import {
  type ElectionVote,
  NON_VOTER_VOTE,
  type PeerState,
  termPredicate,
  totalOrderPredicate,
  type Vote,
} from './vote.ts';

/** FastLeaderElection.Notification / ToSend as it travels: `sid` is the sender. */
export interface ElectionNotification {
  type: 'NOTIFICATION';
  leader: number;
  zxid: number;
  electionEpoch: number;
  state: PeerState;
  sid: number;
  peerEpoch: number;
}

export interface ElectionConfig {
  sid: number;
  /** Participant sids (incl. self if a voter). */
  voters: readonly number[];
  observers: readonly number[];
  /** 200 ms (FastLeaderElection.finalizeWait). */
  finalizeWait: number;
  /** 60000 ms. */
  maxNotificationInterval: number;
  /** First back-off timeout; defaults to finalizeWait (zookeeper.fastleader.minNotificationInterval). */
  minNotificationInterval?: number;
}

export type DecidedState = 'FOLLOWING' | 'LEADING' | 'OBSERVING';

export interface ElectionOutput {
  /** The host routes them over its QuorumCnxManager connections; undeliverable ones are simply lost. */
  send: { to: number; msg: ElectionNotification }[];
  /**
   * Timers to set. Every arming gets a fresh name, so a timer that fires after it was superseded is
   * recognised and ignored even if the host did not manage to cancel it.
   */
  timers: { name: string; after: number }[];
  cancel: string[];
  decided?: { state: DecidedState; vote: Vote; electionEpoch: number };
}

/** What the host is right now (QuorumPeer's state, currentVote and the round it was decided in). */
export interface HostView {
  state: PeerState;
  currentVote: Vote;
  electionEpoch: number;
}

/** Read-only picture of one election instance, for the UI and for tests. */
export interface ElectionView {
  /** Inside lookForLeader. */
  active: boolean;
  /** Our proposal has a quorum and we are waiting finalizeWait for anything better. */
  finalizing: boolean;
  logicalclock: number;
  proposal: Vote;
  /** Current back-off timeout (notTimeout). */
  notificationTimeout: number;
  recvset: [number, ElectionVote][];
  outofelection: [number, ElectionVote][];
}

const NOTIFY = 'fle.notify.';
const FINALIZE = 'fle.finalize.';

export class FastLeaderElection {
  private readonly cfg: ElectionConfig;
  private readonly voterSet: ReadonlySet<number>;
  private readonly isVoter: (sid: number) => boolean;
  private readonly minInterval: number;

  private clock = 0;
  private prop: Vote;
  private initial: Vote;
  private active = false;
  private finalizing = false;
  private notTimeout: number;
  private recvset = new Map<number, ElectionVote>();
  private outofelection = new Map<number, ElectionVote>();
  /** recvqueue entries that arrived while LOOKING but before lookForLeader started. */
  private pending: ElectionNotification[] = [];
  /** Our own notifications: QuorumCnxManager#toSend puts a message to self straight on the recv queue. */
  private loopback: ElectionNotification[] = [];
  private notifyTimer: string | null = null;
  private finalizeTimer: string | null = null;
  private timerSeq = 0;
  private out: ElectionOutput = emptyOutput();

  constructor(config: ElectionConfig) {
    this.cfg = config;
    this.voterSet = new Set(config.voters);
    this.isVoter = (sid) => this.voterSet.has(sid);
    this.minInterval = config.minNotificationInterval ?? config.finalizeWait;
    this.notTimeout = this.minInterval;
    this.initial = { ...NON_VOTER_VOTE };
    this.prop = { ...NON_VOTER_VOTE };
  }

  get logicalclock(): number {
    return this.clock;
  }

  get proposal(): Vote {
    return { ...this.prop };
  }

  get view(): ElectionView {
    return {
      active: this.active,
      finalizing: this.finalizing,
      logicalclock: this.clock,
      proposal: { ...this.prop },
      notificationTimeout: this.notTimeout,
      recvset: [...this.recvset].map(([sid, v]) => [sid, { ...v }]),
      outofelection: [...this.outofelection].map(([sid, v]) => [sid, { ...v }]),
    };
  }

  /** lookForLeader: a new round — ++logicalclock, propose self unless a non-voter, notify all voters. */
  start(lastLoggedZxid: number, currentEpoch: number): ElectionOutput {
    this.begin();
    this.dropTimers();
    this.active = true;
    this.finalizing = false;
    this.recvset = new Map();
    this.outofelection = new Map();
    this.notTimeout = this.minInterval;
    this.clock += 1;
    // getInitId / getInitLastLoggedZxid / getPeerEpoch: non-voters propose Long.MIN_VALUE.
    this.initial = this.isVoter(this.cfg.sid)
      ? { leader: this.cfg.sid, zxid: lastLoggedZxid, peerEpoch: currentEpoch }
      : { ...NON_VOTER_VOTE };
    this.prop = { ...this.initial };
    this.sendNotifications();
    // The Java recvqueue survives between rounds while LOOKING; what queued up is read first.
    const queued = this.pending;
    this.pending = [];
    this.drain(queued);
    return this.finish();
  }

  /**
   * A notification from peer `n.sid` arrived. While the host is LOOKING this drives lookForLeader;
   * otherwise it is Messenger.WorkerReceiver's reply path.
   */
  receive(n: ElectionNotification, me: HostView): ElectionOutput {
    this.begin();
    if (!this.isVoter(n.sid)) {
      // WorkerReceiver: a non-voter is answered at once and never enters recvqueue, so a LOOKING
      // observer's notifications cannot count towards anyone's quorum. The round sent is our own
      // clock, not the round of the current vote (unlike the LOOKING-sender reply below).
      this.reply(n.sid, me.currentVote, this.clock, me.state);
      return this.finish();
    }
    if (me.state === 'LOOKING') {
      if (this.active) this.drain([n]);
      else this.pending.push(n);
      // WorkerReceiver: a LOOKING peer on an older round is told our round so it catches up; the
      // main loop itself drops such a notification.
      if (n.state === 'LOOKING' && n.electionEpoch < this.clock) {
        this.reply(n.sid, this.prop, this.clock, 'LOOKING');
      }
    } else {
      // lookForLeader's loop only runs while the peer is LOOKING.
      if (this.active) this.leave();
      // WorkerReceiver: tell a LOOKING peer whom we follow and in which round we decided, so it can
      // join an established ensemble through outofelection.
      if (n.state === 'LOOKING') this.reply(n.sid, me.currentVote, me.electionEpoch, me.state);
    }
    return this.finish();
  }

  /** Finalize-wait expiry or notification back-off. Stale or unknown names are ignored. */
  timer(name: string): ElectionOutput {
    this.begin();
    if (this.active && name === this.finalizeTimer) {
      this.finalizeTimer = null;
      // The drain stayed empty for finalizeWait: nothing better is coming.
      this.decide(this.prop, this.clock);
    } else if (this.active && name === this.notifyTimer) {
      this.notifyTimer = null;
      // lookForLeader: poll timed out → re-send (the host's connectAll is implicit) and back off.
      this.notTimeout = Math.min(this.notTimeout * 2, this.cfg.maxNotificationInterval);
      this.sendNotifications();
      this.drain([]);
    }
    return this.finish();
  }

  /** The host leaves the election without a decision (shutdown, restart): forget the round's timers. */
  stop(): ElectionOutput {
    this.begin();
    this.leave();
    this.pending = [];
    return this.finish();
  }

  // ---- lookForLeader, one message at a time ----

  /** Processes messages as the main loop polls them, then our own queued self-notifications. */
  private drain(first: ElectionNotification[]): void {
    const queue = [...first];
    for (;;) {
      if (!this.active) return;
      const n = queue.shift() ?? this.loopback.shift();
      if (n === undefined) break;
      if (this.finalizing) this.finalizePoll(n);
      else this.process(n);
    }
    // Every poll that returned something restarts the wait with the current timeout.
    if (this.active && !this.finalizing) this.armNotify();
  }

  /** The drain in lookForLeader after termPredicate held: only a better vote interrupts it. */
  private finalizePoll(n: ElectionNotification): void {
    if (totalOrderPredicate(voteOf(n), this.prop, this.isVoter)) {
      // recvqueue.put(n); break — the outer loop then handles n like any other notification.
      this.finalizing = false;
      this.cancelTimer(this.finalizeTimer);
      this.finalizeTimer = null;
      this.process(n);
    } else {
      // Discarded (even FOLLOWING/LEADING ones); each poll waits a fresh finalizeWait.
      this.armFinalize();
    }
  }

  private process(n: ElectionNotification): void {
    if (!this.isVoter(n.sid) || !this.isVoter(n.leader)) return;
    switch (n.state) {
      case 'LOOKING':
        this.lookingNotification(n);
        return;
      case 'OBSERVING':
        return;
      case 'FOLLOWING':
      case 'LEADING':
        this.outOfElectionNotification(n);
        return;
    }
  }

  private lookingNotification(n: ElectionNotification): void {
    // A server that could not load its log (zxid -1) neither counts nor is counted.
    if (this.initial.zxid === -1 || n.zxid === -1) return;
    const nv = voteOf(n);
    if (n.electionEpoch > this.clock) {
      this.clock = n.electionEpoch;
      this.recvset.clear();
      // Compared with our *initial* vote, not the proposal: what we adopted in an older round says
      // nothing about who is best now.
      this.prop = totalOrderPredicate(nv, this.initial, this.isVoter) ? nv : { ...this.initial };
      this.sendNotifications();
    } else if (n.electionEpoch < this.clock) {
      return;
    } else if (totalOrderPredicate(nv, this.prop, this.isVoter)) {
      this.prop = nv;
      this.sendNotifications();
    }
    this.recvset.set(n.sid, { ...nv, electionEpoch: n.electionEpoch, state: 'LOOKING' });
    const mine: ElectionVote = { ...this.prop, electionEpoch: this.clock, state: 'LOOKING' };
    if (termPredicate(this.recvset, mine, this.cfg.voters)) {
      this.finalizing = true;
      this.cancelTimer(this.notifyTimer);
      this.notifyTimer = null;
      this.armFinalize();
    }
  }

  /** receivedFollowingNotification (receivedLeadingNotification only adds the 2-server oracle). */
  private outOfElectionNotification(n: ElectionNotification): void {
    const ev: ElectionVote = { ...voteOf(n), electionEpoch: n.electionEpoch, state: n.state };
    // Same round: the others finished the election we are in; count them with our own round's votes.
    if (n.electionEpoch === this.clock) {
      this.recvset.set(n.sid, ev);
      if (
        termPredicate(this.recvset, ev, this.cfg.voters) &&
        this.checkLeader(this.recvset, n.leader, n.electionEpoch)
      ) {
        this.decide(voteOf(n), n.electionEpoch);
        return;
      }
    }
    // Late joiner: a quorum already follows a leader that says it leads (keeps old and current
    // rounds, ZOOKEEPER-1732).
    this.outofelection.set(n.sid, ev);
    if (
      termPredicate(this.outofelection, ev, this.cfg.voters) &&
      this.checkLeader(this.outofelection, n.leader, n.electionEpoch)
    ) {
      this.clock = n.electionEpoch;
      this.decide(voteOf(n), n.electionEpoch);
    }
  }

  /**
   * checkLeader: stale votes for a crashed leader must not re-elect it, so someone else's leader has
   * to have told us itself that it is LEADING; if everyone says it is us, the round must be ours.
   */
  private checkLeader(
    votes: ReadonlyMap<number, ElectionVote>,
    leader: number,
    electionEpoch: number,
  ): boolean {
    if (leader !== this.cfg.sid) return votes.get(leader)?.state === 'LEADING';
    return this.clock === electionEpoch;
  }

  private decide(vote: Vote, electionEpoch: number): void {
    const state: DecidedState =
      vote.leader === this.cfg.sid ? 'LEADING' : this.isVoter(this.cfg.sid) ? 'FOLLOWING' : 'OBSERVING';
    this.leave();
    // leaveInstance: whatever is still queued belongs to the finished round.
    this.pending = [];
    this.out.decided = { state, vote: { ...vote }, electionEpoch };
  }

  private leave(): void {
    this.active = false;
    this.finalizing = false;
    this.loopback = [];
    this.dropTimers();
  }

  // ---- messages ----

  /** sendNotifications: our proposal, in our round, to every voter (self included, via loopback). */
  private sendNotifications(): void {
    for (const to of this.cfg.voters) {
      const msg = this.notification(this.prop, this.clock, 'LOOKING');
      if (to === this.cfg.sid) this.loopback.push(msg);
      else this.out.send.push({ to, msg });
    }
  }

  private reply(to: number, vote: Vote, electionEpoch: number, state: PeerState): void {
    this.out.send.push({ to, msg: this.notification(vote, electionEpoch, state) });
  }

  private notification(vote: Vote, electionEpoch: number, state: PeerState): ElectionNotification {
    return {
      type: 'NOTIFICATION',
      leader: vote.leader,
      zxid: vote.zxid,
      electionEpoch,
      state,
      sid: this.cfg.sid,
      peerEpoch: vote.peerEpoch,
    };
  }

  // ---- timers and output ----

  private armNotify(): void {
    this.cancelTimer(this.notifyTimer);
    this.notifyTimer = this.setTimer(NOTIFY, this.notTimeout);
  }

  private armFinalize(): void {
    this.cancelTimer(this.finalizeTimer);
    this.finalizeTimer = this.setTimer(FINALIZE, this.cfg.finalizeWait);
  }

  private setTimer(prefix: string, after: number): string {
    this.timerSeq += 1;
    const name = prefix + this.timerSeq;
    this.out.timers.push({ name, after });
    return name;
  }

  private cancelTimer(name: string | null): void {
    if (name === null) return;
    // Set and cancelled within one step: the host never needs to see it.
    const i = this.out.timers.findIndex((t) => t.name === name);
    if (i >= 0) this.out.timers.splice(i, 1);
    else this.out.cancel.push(name);
  }

  private dropTimers(): void {
    this.cancelTimer(this.notifyTimer);
    this.cancelTimer(this.finalizeTimer);
    this.notifyTimer = null;
    this.finalizeTimer = null;
  }

  private begin(): void {
    this.out = emptyOutput();
  }

  private finish(): ElectionOutput {
    const out = this.out;
    this.out = emptyOutput();
    return out;
  }
}

function emptyOutput(): ElectionOutput {
  return { send: [], timers: [], cancel: [] };
}

function voteOf(n: ElectionNotification): Vote {
  return { leader: n.leader, zxid: n.zxid, peerEpoch: n.peerEpoch };
}
