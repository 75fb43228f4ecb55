// A tiny in-memory network of FastLeaderElection instances: the host side of FLE (QuorumPeer state,
// currentVote, timers, lossy links) with seeded random delays and no wall clock.
import { RngStream } from '../../src/sim/kernel/rng.ts';
import {
  type DecidedState,
  type ElectionNotification,
  type ElectionOutput,
  FastLeaderElection,
} from '../../src/sim/server/quorum/election.ts';
import type { PeerState, Vote } from '../../src/sim/server/quorum/vote.ts';

export interface NetOptions {
  seed: number;
  voters: readonly number[];
  observers?: readonly number[];
  /** Per-message delay drawn uniformly from [minDelay, maxDelay] ms. */
  minDelay?: number;
  maxDelay?: number;
  /** Keep per-link order (one TCP connection per pair, as QuorumCnxManager has). Default true. */
  fifo?: boolean;
  finalizeWait?: number;
  maxNotificationInterval?: number;
}

export interface Disk {
  lastLoggedZxid?: number;
  currentEpoch?: number;
}

export interface Delivery {
  t: number;
  from: number;
  to: number;
  msg: ElectionNotification;
}

export interface Decision {
  t: number;
  sid: number;
  state: DecidedState;
  vote: Vote;
  electionEpoch: number;
}

export interface NetPeer {
  readonly sid: number;
  fle: FastLeaderElection;
  up: boolean;
  /** Bumped on every restart so in-flight messages and timers of the old process are dropped. */
  incarnation: number;
  state: PeerState;
  currentVote: Vote;
  electionEpoch: number;
  lastLoggedZxid: number;
  currentEpoch: number;
  timers: Set<string>;
}

type Event =
  | {
      kind: 'deliver';
      t: number;
      seq: number;
      from: number;
      fromInc: number;
      to: number;
      toInc: number;
      msg: ElectionNotification;
    }
  | { kind: 'timer'; t: number; seq: number; sid: number; inc: number; name: string }
  | { kind: 'call'; t: number; seq: number; run: () => void };

export class ElectionNet {
  now = 0;
  readonly peers = new Map<number, NetPeer>();
  readonly delivered: Delivery[] = [];
  readonly decisions: Decision[] = [];
  private readonly rng: RngStream;
  private readonly opts: Required<Omit<NetOptions, 'observers'>> & { observers: readonly number[] };
  private queue: Event[] = [];
  private seq = 0;
  private readonly lastArrival = new Map<string, number>();
  private readonly cut = new Set<string>();

  constructor(options: NetOptions) {
    this.opts = {
      minDelay: 1,
      maxDelay: 20,
      fifo: true,
      finalizeWait: 200,
      maxNotificationInterval: 60_000,
      observers: [],
      ...options,
    };
    this.rng = RngStream.named(options.seed, 'election-net');
    for (const sid of [...this.opts.voters, ...this.opts.observers]) {
      this.peers.set(sid, {
        sid,
        fle: this.newFle(sid),
        up: false,
        incarnation: 0,
        state: 'LOOKING',
        currentVote: { leader: sid, zxid: 0, peerEpoch: 0 },
        electionEpoch: 0,
        lastLoggedZxid: 0,
        currentEpoch: 0,
        timers: new Set(),
      });
    }
  }

  peer(sid: number): NetPeer {
    const p = this.peers.get(sid);
    if (!p) throw new Error(`no peer ${sid}`);
    return p;
  }

  /**
   * Processes start (or restart: a fresh FLE, logicalclock 0) and run lookForLeader. All listed peers
   * are up before any of them sends, so peers booted together hear each other's first notifications.
   * `warmRounds` elections already held by this process before (they only advance logicalclock).
   */
  boot(
    sid: number | readonly number[],
    disk: Disk | ((sid: number) => Disk) = {},
    warmRounds: number | ((sid: number) => number) = 0,
  ): void {
    const sids = typeof sid === 'number' ? [sid] : sid;
    for (const s of sids) {
      const p = this.restart(s, typeof disk === 'function' ? disk(s) : disk);
      const warm = typeof warmRounds === 'function' ? warmRounds(s) : warmRounds;
      for (let i = 0; i < warm; i++) p.fle.start(p.lastLoggedZxid, p.currentEpoch);
      p.fle.stop();
      // QuorumPeer#startLeaderElection: the current vote starts as our own.
      p.currentVote = { leader: s, zxid: p.lastLoggedZxid, peerEpoch: p.currentEpoch };
      p.electionEpoch = 0;
    }
    for (const s of sids) this.lookForLeader(this.peer(s));
  }

  /** Bring a peer up already in an established ensemble, as if it had decided `vote` in round `electionEpoch`. */
  establish(sid: number, state: DecidedState, vote: Vote, electionEpoch: number, disk: Disk = {}): void {
    const p = this.restart(sid, disk);
    for (let i = 0; i < electionEpoch; i++) p.fle.start(p.lastLoggedZxid, p.currentEpoch);
    p.fle.stop();
    p.state = state;
    p.currentVote = { ...vote };
    p.electionEpoch = electionEpoch;
  }

  private restart(sid: number, disk: Disk): NetPeer {
    const p = this.peer(sid);
    p.incarnation += 1;
    p.timers.clear();
    p.fle = this.newFle(sid);
    p.up = true;
    p.lastLoggedZxid = disk.lastLoggedZxid ?? p.lastLoggedZxid;
    p.currentEpoch = disk.currentEpoch ?? p.currentEpoch;
    return p;
  }

  /** The host goes back to LOOKING (e.g. its leader vanished): same process, next round. */
  lookAgain(sid: number, disk: Disk = {}): void {
    const p = this.peer(sid);
    p.lastLoggedZxid = disk.lastLoggedZxid ?? p.lastLoggedZxid;
    p.currentEpoch = disk.currentEpoch ?? p.currentEpoch;
    this.lookForLeader(p);
  }

  kill(sid: number): void {
    const p = this.peer(sid);
    p.up = false;
    p.incarnation += 1;
    p.timers.clear();
  }

  /** Run `fn` at simulated time `t` (absolute). */
  at(t: number, fn: () => void): void {
    this.push({ kind: 'call', t, seq: 0, run: fn });
  }

  /** Cut (or heal) the link between two peers, both directions. */
  setLink(a: number, b: number, upLink: boolean): void {
    const k = linkKey(Math.min(a, b), Math.max(a, b));
    if (upLink) this.cut.delete(k);
    else this.cut.add(k);
  }

  /** Only peers in the same group can talk. */
  partition(groups: readonly (readonly number[])[]): void {
    const group = new Map<number, number>();
    groups.forEach((g, i) => {
      for (const sid of g) group.set(sid, i);
    });
    const sids = [...this.peers.keys()];
    for (const a of sids) for (const b of sids) if (a < b) this.setLink(a, b, group.get(a) === group.get(b));
  }

  connected(a: number, b: number): boolean {
    if (a === b) return true;
    return !this.cut.has(linkKey(Math.min(a, b), Math.max(a, b)));
  }

  /** Process events until `done()` holds, the queue empties, or simulated time passes `until`. */
  run(until: number, done: () => boolean = () => false): boolean {
    for (;;) {
      if (done()) return true;
      const ev = this.queue[0];
      if (ev === undefined || ev.t > until) {
        this.now = Math.max(this.now, until);
        return done();
      }
      this.queue.shift();
      this.now = ev.t;
      this.dispatch(ev);
    }
  }

  /** The sids of peers that are up and not LOOKING. */
  decidedPeers(): number[] {
    return [...this.peers.values()].filter((p) => p.up && p.state !== 'LOOKING').map((p) => p.sid);
  }

  private newFle(sid: number): FastLeaderElection {
    return new FastLeaderElection({
      sid,
      voters: this.opts.voters,
      observers: this.opts.observers,
      finalizeWait: this.opts.finalizeWait,
      maxNotificationInterval: this.opts.maxNotificationInterval,
    });
  }

  private lookForLeader(p: NetPeer): void {
    p.state = 'LOOKING';
    this.apply(p, p.fle.start(p.lastLoggedZxid, p.currentEpoch));
  }

  private dispatch(ev: Event): void {
    if (ev.kind === 'call') {
      ev.run();
      return;
    }
    if (ev.kind === 'timer') {
      const p = this.peer(ev.sid);
      if (!p.up || p.incarnation !== ev.inc || !p.timers.delete(ev.name)) return;
      this.apply(p, p.fle.timer(ev.name));
      return;
    }
    const from = this.peer(ev.from);
    const to = this.peer(ev.to);
    // A dead process's connections are gone; so is anything in flight to or from it.
    if (!from.up || !to.up || from.incarnation !== ev.fromInc || to.incarnation !== ev.toInc) return;
    if (!this.connected(ev.from, ev.to)) return;
    this.delivered.push({ t: this.now, from: ev.from, to: ev.to, msg: ev.msg });
    this.apply(
      to,
      to.fle.receive(ev.msg, {
        state: to.state,
        currentVote: to.currentVote,
        electionEpoch: to.electionEpoch,
      }),
    );
  }

  private apply(p: NetPeer, out: ElectionOutput): void {
    for (const name of out.cancel) p.timers.delete(name);
    for (const t of out.timers) {
      p.timers.add(t.name);
      this.push({
        kind: 'timer',
        t: this.now + t.after,
        seq: 0,
        sid: p.sid,
        inc: p.incarnation,
        name: t.name,
      });
    }
    if (out.decided) {
      p.state = out.decided.state;
      p.currentVote = { ...out.decided.vote };
      p.electionEpoch = out.decided.electionEpoch;
      this.decisions.push({ t: this.now, sid: p.sid, ...out.decided });
    }
    for (const { to, msg } of out.send) this.transmit(p, to, msg);
  }

  private transmit(from: NetPeer, to: number, msg: ElectionNotification): void {
    const target = this.peers.get(to);
    if (!target?.up || !this.connected(from.sid, to)) return;
    let t = this.now + this.rng.int(this.opts.minDelay, this.opts.maxDelay);
    if (this.opts.fifo) {
      const k = linkKey(from.sid, to);
      t = Math.max(t, this.lastArrival.get(k) ?? 0);
      this.lastArrival.set(k, t);
    }
    this.push({
      kind: 'deliver',
      t,
      seq: 0,
      from: from.sid,
      fromInc: from.incarnation,
      to,
      toInc: target.incarnation,
      msg,
    });
  }

  private push(ev: Event): void {
    ev.seq = ++this.seq;
    // Stable by (time, insertion): equal times keep send order.
    let lo = 0;
    let hi = this.queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const m = this.queue[mid] as Event;
      if (m.t < ev.t || (m.t === ev.t && m.seq < ev.seq)) lo = mid + 1;
      else hi = mid;
    }
    this.queue.splice(lo, 0, ev);
  }
}

function linkKey(a: number, b: number): string {
  return a + '>' + b;
}
