// One FastLeaderElection instance driven by hand: the rules of lookForLeader and WorkerReceiver.
import { describe, expect, it } from 'vitest';
import {
  type ElectionConfig,
  type ElectionNotification,
  type ElectionOutput,
  FastLeaderElection,
  type HostView,
} from '../../src/sim/server/quorum/election.ts';
import { NON_VOTER_VOTE, type PeerState, type Vote } from '../../src/sim/server/quorum/vote.ts';

const E = 2 ** 32;

function fle(sid: number, voters = [1, 2, 3], observers: number[] = [], extra: Partial<ElectionConfig> = {}) {
  return new FastLeaderElection({
    sid,
    voters,
    observers,
    finalizeWait: 200,
    maxNotificationInterval: 60_000,
    ...extra,
  });
}

function note(
  sid: number,
  leader: number,
  electionEpoch: number,
  opts: { zxid?: number; peerEpoch?: number; state?: PeerState } = {},
): ElectionNotification {
  return {
    type: 'NOTIFICATION',
    sid,
    leader,
    electionEpoch,
    zxid: opts.zxid ?? 0,
    peerEpoch: opts.peerEpoch ?? 0,
    state: opts.state ?? 'LOOKING',
  };
}

const looking = (sid: number, zxid = 0, peerEpoch = 0): HostView => ({
  state: 'LOOKING',
  currentVote: { leader: sid, zxid, peerEpoch },
  electionEpoch: 0,
});

const timerOf = (out: ElectionOutput, prefix: string) => out.timers.find((t) => t.name.startsWith(prefix));

describe('start (lookForLeader entry)', () => {
  it('bumps logicalclock, proposes (sid, lastLoggedZxid, currentEpoch) and notifies the other voters', () => {
    const f = fle(2, [1, 2, 3], [4]);
    const out = f.start(E + 5, 1);
    expect(f.logicalclock).toBe(1);
    expect(f.proposal).toEqual({ leader: 2, zxid: E + 5, peerEpoch: 1 });
    expect(out.send.map((s) => s.to)).toEqual([1, 3]);
    for (const s of out.send) {
      expect(s.msg).toEqual({
        type: 'NOTIFICATION',
        sid: 2,
        leader: 2,
        zxid: E + 5,
        peerEpoch: 1,
        electionEpoch: 1,
        state: 'LOOKING',
      });
    }
    expect(out.timers).toEqual([{ name: expect.stringMatching(/^fle\.notify\./), after: 200 }]);
    expect(out.decided).toBeUndefined();
    // Our own notification is counted in recvset (it went to self, not over the network).
    expect(f.view.recvset).toEqual([
      [2, { leader: 2, zxid: E + 5, peerEpoch: 1, electionEpoch: 1, state: 'LOOKING' }],
    ]);
    f.start(E + 5, 1);
    expect(f.logicalclock).toBe(2);
  });

  it('an observer proposes the non-voter vote and notifies every voter', () => {
    const f = fle(4, [1, 2, 3], [4]);
    const out = f.start(E, 1);
    expect(f.proposal).toEqual(NON_VOTER_VOTE);
    expect(out.send.map((s) => s.to)).toEqual([1, 2, 3]);
    expect(f.view.recvset).toEqual([]);
  });
});

describe('notifications from LOOKING peers', () => {
  it('same round: a better vote is adopted and re-sent, a worse one is only recorded', () => {
    const f = fle(2, [1, 2, 3, 4, 5]);
    f.start(0, 0);
    const better = f.receive(note(3, 3, 1), looking(2));
    expect(f.proposal.leader).toBe(3);
    expect(better.send.map((s) => [s.to, s.msg.leader])).toEqual([
      [1, 3],
      [3, 3],
      [4, 3],
      [5, 3],
    ]);
    const worse = f.receive(note(1, 1, 1), looking(2));
    expect(f.proposal.leader).toBe(3);
    expect(worse.send).toEqual([]);
    expect(new Map(f.view.recvset).get(1)?.leader).toBe(1);
  });

  it('a higher round resets recvset and adopts the better of its vote and our INITIAL vote', () => {
    const f = fle(2, [1, 2, 3, 4, 5]);
    f.start(E + 10, 1);
    f.receive(note(3, 3, 1, { zxid: E + 20, peerEpoch: 1 }), looking(2));
    expect(f.proposal.leader).toBe(3);
    expect(f.view.recvset.map(([sid]) => sid).sort()).toEqual([2, 3]);
    // Round 2 from sid 1 with a vote worse than our initial one: back to our own vote, not 3's.
    const out = f.receive(note(1, 1, 2, { zxid: E + 5, peerEpoch: 1 }), looking(2));
    expect(f.logicalclock).toBe(2);
    expect(f.proposal).toEqual({ leader: 2, zxid: E + 10, peerEpoch: 1 });
    expect(out.send.map((s) => [s.to, s.msg.leader, s.msg.electionEpoch])).toEqual([
      [1, 2, 2],
      [3, 2, 2],
      [4, 2, 2],
      [5, 2, 2],
    ]);
    expect(f.view.recvset.map(([sid]) => sid).sort()).toEqual([1, 2]);
    // Round 3 with a vote better than our initial one: adopted.
    f.receive(note(4, 4, 3, { zxid: E + 30, peerEpoch: 1 }), looking(2));
    expect(f.logicalclock).toBe(3);
    expect(f.proposal.leader).toBe(4);
  });

  it('a lower round is ignored by the election but answered with our proposal in our round', () => {
    const f = fle(2);
    f.start(0, 0);
    f.start(0, 0); // round 2
    const out = f.receive(note(3, 3, 1), looking(2));
    expect(f.proposal.leader).toBe(2);
    expect(f.view.recvset.map(([sid]) => sid)).toEqual([2]);
    expect(out.send).toEqual([{ to: 3, msg: note(2, 2, 2) }]);
  });

  it('ignores a notification whose sender or proposed leader is not a voter', () => {
    const f = fle(2, [1, 2, 3], [4]);
    f.start(0, 0);
    f.receive(note(1, 9, 1, { peerEpoch: 5 }), looking(2));
    expect(f.proposal.leader).toBe(2);
    expect(f.view.recvset.map(([sid]) => sid)).toEqual([2]);
  });
});

describe('finalize wait', () => {
  it('once the proposal has a quorum, waits finalizeWait and then decides', () => {
    const f = fle(3);
    const start = f.start(0, 0);
    const notify = timerOf(start, 'fle.notify.')?.name;
    const out = f.receive(note(1, 3, 1), looking(3));
    const fin = timerOf(out, 'fle.finalize.');
    expect(fin?.after).toBe(200);
    expect(out.cancel).toEqual([notify]);
    expect(f.view.finalizing).toBe(true);
    const done = f.timer(fin?.name ?? '');
    expect(done.decided).toEqual({
      state: 'LEADING',
      vote: { leader: 3, zxid: 0, peerEpoch: 0 },
      electionEpoch: 1,
    });
    expect(f.view.active).toBe(false);
  });

  it('a follower decides FOLLOWING, an observer OBSERVING', () => {
    const f1 = fle(1);
    f1.start(0, 0);
    f1.receive(note(3, 3, 1), looking(1));
    const o1 = f1.receive(note(2, 3, 1), looking(1));
    expect(f1.timer(timerOf(o1, 'fle.finalize.')?.name ?? '').decided?.state).toBe('FOLLOWING');

    const o = fle(4, [1, 2, 3], [4]);
    o.start(0, 0);
    o.receive(note(3, 3, 1), looking(4));
    const oo = o.receive(note(2, 3, 1), looking(4));
    expect(o.timer(timerOf(oo, 'fle.finalize.')?.name ?? '').decided?.state).toBe('OBSERVING');
  });

  it('a worse notification during the wait is discarded and restarts the wait', () => {
    const f = fle(3, [1, 2, 3, 4, 5]);
    f.start(0, 0);
    f.receive(note(1, 3, 1), looking(3));
    const first = f.receive(note(2, 3, 1), looking(3));
    const fin1 = timerOf(first, 'fle.finalize.')?.name;
    const again = f.receive(note(4, 2, 1), looking(3));
    const fin2 = timerOf(again, 'fle.finalize.')?.name;
    expect(fin2).toBeDefined();
    expect(fin2).not.toBe(fin1);
    expect(again.cancel).toEqual([fin1]);
    expect(again.send).toEqual([]);
    expect(new Map(f.view.recvset).has(4)).toBe(false);
    // The superseded timer firing decides nothing; the current one does.
    expect(f.timer(fin1 ?? '').decided).toBeUndefined();
    expect(f.timer(fin2 ?? '').decided?.state).toBe('LEADING');
  });

  it('a better notification during the wait ends it and is processed normally', () => {
    const f = fle(2, [1, 2, 3, 4, 5]);
    f.start(0, 0);
    f.receive(note(1, 2, 1), looking(2));
    const first = f.receive(note(3, 2, 1), looking(2));
    const fin = timerOf(first, 'fle.finalize.')?.name;
    expect(f.view.finalizing).toBe(true);
    const out = f.receive(note(5, 5, 1), looking(2));
    expect(f.view.finalizing).toBe(false);
    expect(out.cancel).toContain(fin);
    expect(f.proposal.leader).toBe(5);
    expect(out.send.map((s) => s.msg.leader)).toEqual([5, 5, 5, 5]);
    expect(timerOf(out, 'fle.notify.')?.after).toBe(200);
    expect(f.timer(fin ?? '').decided).toBeUndefined();
  });
});

describe('notification back-off', () => {
  it('re-sends on every expiry, doubling the timeout up to maxNotificationInterval', () => {
    const f = fle(1);
    let out = f.start(0, 0);
    const afters: number[] = [];
    for (let i = 0; i < 12; i++) {
      const t = timerOf(out, 'fle.notify.');
      expect(t).toBeDefined();
      afters.push(t?.after ?? -1);
      out = f.timer(t?.name ?? '');
      expect(out.send.map((s) => s.to)).toEqual([2, 3]);
      expect(out.decided).toBeUndefined();
    }
    expect(afters).toEqual([200, 400, 800, 1600, 3200, 6400, 12800, 25600, 51200, 60000, 60000, 60000]);
    expect(f.view.notificationTimeout).toBe(60000);
  });

  it('a received notification restarts the wait without resetting the timeout', () => {
    const f = fle(3, [1, 2, 3], [], { maxNotificationInterval: 1000 });
    let out = f.start(0, 0);
    out = f.timer(timerOf(out, 'fle.notify.')?.name ?? '');
    const armed = timerOf(out, 'fle.notify.');
    expect(armed?.after).toBe(400);
    const got = f.receive(note(1, 1, 1), looking(3));
    expect(got.cancel).toEqual([armed?.name]);
    expect(timerOf(got, 'fle.notify.')?.after).toBe(400);
    // The superseded back-off timer does nothing.
    expect(f.timer(armed?.name ?? '')).toEqual({ send: [], timers: [], cancel: [] });
  });

  it('a new round starts again from the minimum timeout', () => {
    const f = fle(1);
    let out = f.start(0, 0);
    out = f.timer(timerOf(out, 'fle.notify.')?.name ?? '');
    out = f.timer(timerOf(out, 'fle.notify.')?.name ?? '');
    expect(timerOf(out, 'fle.notify.')?.after).toBe(800);
    const restart = f.start(0, 0);
    expect(restart.cancel).toHaveLength(1);
    expect(timerOf(restart, 'fle.notify.')?.after).toBe(200);
  });
});

describe('notifications from FOLLOWING / LEADING peers (outofelection, checkLeader)', () => {
  const est = (
    sid: number,
    leader: number,
    electionEpoch: number,
    state: PeerState,
    peerEpoch = 1,
    zxid = E,
  ) => note(sid, leader, electionEpoch, { state, peerEpoch, zxid });

  it('a quorum following a leader is not enough without the leader itself saying LEADING', () => {
    const f = fle(1, [1, 2, 3, 4, 5]);
    f.start(0, 0);
    for (const sid of [2, 4, 5]) {
      const out = f.receive(est(sid, 3, 7, 'FOLLOWING'), looking(1));
      expect(out.decided).toBeUndefined();
    }
    const out = f.receive(est(3, 3, 7, 'LEADING'), looking(1));
    expect(out.decided).toEqual({
      state: 'FOLLOWING',
      vote: { leader: 3, zxid: E, peerEpoch: 1 },
      electionEpoch: 7,
    });
    expect(f.logicalclock).toBe(7);
  });

  it('joins when the agreeing votes differ in zxid and round but not in leader and peerEpoch', () => {
    const f = fle(1);
    f.start(0, 0);
    f.receive(est(2, 3, 4, 'FOLLOWING', 2, 2 * E + 9), looking(1));
    const out = f.receive(est(3, 3, 5, 'LEADING', 2, 2 * E + 1), looking(1));
    expect(out.decided?.state).toBe('FOLLOWING');
    expect(out.decided?.vote.leader).toBe(3);
    expect(out.decided?.electionEpoch).toBe(5);
  });

  it('votes naming different peerEpochs do not add up', () => {
    const f = fle(1, [1, 2, 3, 4, 5]);
    f.start(0, 0);
    f.receive(est(2, 3, 4, 'FOLLOWING', 1), looking(1));
    f.receive(est(4, 3, 4, 'FOLLOWING', 2), looking(1));
    const out = f.receive(est(3, 3, 4, 'LEADING', 2), looking(1));
    expect(out.decided).toBeUndefined();
  });

  it('same round: out-of-election votes are counted together with matching LOOKING votes in recvset', () => {
    // 5 voters: our own LOOKING vote for 3, sid 4's LOOKING vote for 3, sid 2 FOLLOWING 3 = 3 of 5,
    // which outofelection alone ({2, 3}) would not reach.
    const f = fle(1, [1, 2, 3, 4, 5]);
    f.start(0, 0);
    f.receive(note(4, 3, 1), looking(1));
    expect(f.proposal.leader).toBe(3);
    const fol = f.receive(note(2, 3, 1, { state: 'FOLLOWING' }), looking(1));
    expect(fol.decided).toBeUndefined();
    const out = f.receive(note(3, 3, 1, { state: 'LEADING' }), looking(1));
    expect(out.decided).toEqual({
      state: 'FOLLOWING',
      vote: { leader: 3, zxid: 0, peerEpoch: 0 },
      electionEpoch: 1,
    });
    // Decided from recvset: the deciding LEADING vote never reached outofelection, which alone has 1 of 5.
    expect(f.view.outofelection.map(([sid]) => sid)).toEqual([2]);
  });

  it('a quorum following us makes us LEADING only in our own round', () => {
    const f = fle(3);
    f.start(0, 0);
    expect(f.receive(est(1, 3, 9, 'FOLLOWING'), looking(3)).decided).toBeUndefined();
    expect(f.receive(est(2, 3, 9, 'FOLLOWING'), looking(3)).decided).toBeUndefined();
    expect(f.view.outofelection.map(([sid]) => sid)).toEqual([1, 2]);
    // In our round, one follower plus our own LOOKING vote for ourselves is already 2 of 3.
    const f2 = fle(3);
    f2.start(0, 0);
    const out = f2.receive(est(1, 3, 1, 'FOLLOWING', 0, 0), looking(3));
    expect(out.decided).toEqual({
      state: 'LEADING',
      vote: { leader: 3, zxid: 0, peerEpoch: 0 },
      electionEpoch: 1,
    });
  });

  it('ignores notifications from OBSERVING senders', () => {
    const f = fle(1);
    f.start(0, 0);
    const out = f.receive(note(2, 3, 1, { state: 'OBSERVING' }), looking(1));
    expect(out.send).toEqual([]);
    expect(f.view.recvset.map(([sid]) => sid)).toEqual([1]);
    expect(f.view.outofelection).toEqual([]);
  });
});

describe('receiver replies (Messenger.WorkerReceiver)', () => {
  const following: HostView = {
    state: 'FOLLOWING',
    currentVote: { leader: 3, zxid: E, peerEpoch: 1 },
    electionEpoch: 4,
  };

  it('not LOOKING: a LOOKING peer gets our current vote, our state and the round we decided in', () => {
    const f = fle(2);
    const out = f.receive(note(1, 1, 9), following);
    expect(out.send).toEqual([{ to: 1, msg: note(2, 3, 4, { zxid: E, peerEpoch: 1, state: 'FOLLOWING' }) }]);
    expect(f.receive(note(1, 3, 4, { state: 'FOLLOWING' }), following).send).toEqual([]);
  });

  it('a non-voter gets our current vote with our logicalclock, whatever our state, and is never counted', () => {
    const f = fle(2, [1, 2, 3], [4]);
    f.start(0, 0);
    const obs = note(4, NON_VOTER_VOTE.leader, 1, {
      zxid: NON_VOTER_VOTE.zxid,
      peerEpoch: NON_VOTER_VOTE.peerEpoch,
    });
    const out = f.receive(obs, looking(2, 0, 0));
    expect(out.send).toEqual([{ to: 4, msg: note(2, 2, 1) }]);
    expect(f.view.recvset.map(([sid]) => sid)).toEqual([2]);
    const out2 = f.receive(obs, following);
    expect(out2.send).toEqual([{ to: 4, msg: note(2, 3, 1, { zxid: E, peerEpoch: 1, state: 'FOLLOWING' }) }]);
  });

  it('a host that is no longer LOOKING ends the round and its timers', () => {
    const f = fle(2);
    const start = f.start(0, 0);
    const out = f.receive(note(1, 3, 4, { state: 'FOLLOWING' }), following);
    expect(out.cancel).toEqual([timerOf(start, 'fle.notify.')?.name]);
    expect(f.view.active).toBe(false);
  });

  it('notifications that arrive while LOOKING but before start are read when the round starts', () => {
    const f = fle(1);
    f.receive(note(3, 3, 1), looking(1));
    const out = f.start(0, 0);
    expect(f.proposal.leader).toBe(3);
    // First our own vote goes out, then the queued notification makes us switch to 3.
    expect(out.send.map((s) => s.msg.leader)).toEqual([1, 1, 3, 3]);
  });

  it('stop() cancels the pending timers and makes later timers no-ops', () => {
    const f = fle(1);
    const start = f.start(0, 0);
    const name = timerOf(start, 'fle.notify.')?.name ?? '';
    expect(f.stop().cancel).toEqual([name]);
    expect(f.timer(name)).toEqual({ send: [], timers: [], cancel: [] });
  });
});

describe('proposal getter', () => {
  it('returns a copy', () => {
    const f = fle(1);
    f.start(0, 0);
    const p: Vote = f.proposal;
    p.leader = 99;
    expect(f.proposal.leader).toBe(1);
  });
});

describe('mixed rounds and the finalize drain', () => {
  it('a peer finalizing in an older round ignores a newer round, so two peers can both decide LEADING', () => {
    const V = [1, 2, 3, 4, 5];
    const f = new Map(V.map((sid) => [sid, fle(sid, V)]));
    const peer = (sid: number) => f.get(sid) as FastLeaderElection;
    const to = (out: ElectionOutput, sid: number) =>
      out.send.find((s) => s.to === sid)?.msg as ElectionNotification;
    const deliver = (msg: ElectionNotification, sid: number) => peer(sid).receive(msg, looking(sid));
    for (const sid of [1, 2, 3]) peer(sid).start(0, 0); // round 1
    peer(4).start(1, 0);
    const o4 = peer(4).start(1, 0); // round 2, the longest log
    peer(5).start(0, 0);
    peer(5).start(0, 0);
    const o5 = peer(5).start(0, 0); // round 3, the highest sid

    // 1 and 3 move to round 2 and back 4, which then has 3 of 5 and starts its finalize wait.
    const o1 = deliver(to(o4, 1), 1);
    const o3 = deliver(to(o4, 3), 3);
    deliver(to(o1, 4), 4);
    const fin4 = deliver(to(o3, 4), 4);
    expect(peer(4).view.finalizing).toBe(true);

    // Round 3 reaches 2 and 3. Moving rounds compares with the INITIAL vote, so 3 drops 4 for 5.
    const o2 = deliver(to(o5, 2), 2);
    const o3b = deliver(to(o5, 3), 3);
    expect(peer(3).logicalclock).toBe(3);
    expect(peer(3).proposal.leader).toBe(5);
    deliver(to(o2, 5), 5);
    const fin5 = deliver(to(o3b, 5), 5);
    expect(peer(5).view.finalizing).toBe(true);

    // 4 is still draining: round 3's vote for 5 does not beat (4, zxid 1), so it is thrown away.
    const drop = deliver(to(o5, 4), 4);
    expect(drop.send).toEqual([]);
    expect(peer(4).logicalclock).toBe(2);
    expect(fin4.timers).toHaveLength(1);
    const d4 = peer(4).timer(timerOf(drop, 'fle.finalize.')?.name ?? '').decided;
    const d5 = peer(5).timer(timerOf(fin5, 'fle.finalize.')?.name ?? '').decided;
    expect(d4).toEqual({ state: 'LEADING', vote: { leader: 4, zxid: 1, peerEpoch: 0 }, electionEpoch: 2 });
    expect(d5).toEqual({ state: 'LEADING', vote: { leader: 5, zxid: 0, peerEpoch: 0 }, electionEpoch: 3 });
  });
});
