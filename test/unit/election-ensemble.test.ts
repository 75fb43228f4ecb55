// Whole ensembles of FastLeaderElection instances on the in-memory test network.
import { describe, expect, it } from 'vitest';
import type { Vote } from '../../src/sim/server/quorum/vote.ts';
import { ElectionNet } from '../support/election-net.ts';

const E = 2 ** 32;
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

function allDecided(net: ElectionNet, sids: readonly number[]): () => boolean {
  return () => sids.every((s) => net.peer(s).state !== 'LOOKING');
}

/** Every listed peer is in a decided state and names `leader`; exactly the leader is LEADING. */
function expectAgreement(net: ElectionNet, sids: readonly number[], leader: number): void {
  for (const s of sids) {
    const p = net.peer(s);
    expect(p.currentVote.leader, `sid ${s}`).toBe(leader);
    expect(p.state, `sid ${s}`).toBe(s === leader ? 'LEADING' : 'FOLLOWING');
  }
}

describe('fresh ensembles (all zxid 0)', () => {
  for (const n of [3, 5, 7]) {
    it(`${n} voters elect the highest sid and every peer agrees (${SEEDS.length} seeds)`, () => {
      for (const seed of SEEDS) {
        const voters = range(n);
        const net = new ElectionNet({ seed, voters, minDelay: 1, maxDelay: 40 });
        net.boot(voters);
        expect(net.run(20_000, allDecided(net, voters)), `seed ${seed}`).toBe(true);
        expectAgreement(net, voters, n);
        // All decided in the first round: a fresh start needs no second round.
        for (const s of voters) expect(net.peer(s).electionEpoch).toBe(1);
      }
    });
  }

  it('the same seed gives the same run', () => {
    const trace = (seed: number) => {
      const net = new ElectionNet({ seed, voters: range(5), maxDelay: 40, fifo: false });
      net.boot(range(5));
      net.run(20_000, allDecided(net, range(5)));
      return JSON.stringify([net.delivered, net.decisions]);
    };
    expect(trace(42)).toBe(trace(42));
    expect(trace(42)).not.toBe(trace(43));
  });
});

describe('the total order decides', () => {
  it('the highest (peerEpoch, zxid) wins over higher sids', () => {
    for (const seed of SEEDS) {
      const voters = range(5);
      const net = new ElectionNet({ seed, voters, maxDelay: 40 });
      const disks: Record<number, { lastLoggedZxid: number; currentEpoch: number }> = {
        1: { lastLoggedZxid: 2 * E + 3, currentEpoch: 2 },
        2: { lastLoggedZxid: 2 * E + 7, currentEpoch: 2 },
        3: { lastLoggedZxid: 2 * E + 1, currentEpoch: 2 },
        // Best: ties 1–3 on peerEpoch and has the longest log.
        4: { lastLoggedZxid: 2 * E + 9, currentEpoch: 2 },
        // The highest sid with a log as long as 2's, but an older currentEpoch: it loses to everyone.
        5: { lastLoggedZxid: 2 * E + 7, currentEpoch: 1 },
      };
      net.boot(voters, (s) => disks[s] ?? {});
      expect(net.run(20_000, allDecided(net, voters))).toBe(true);
      expectAgreement(net, voters, 4);
    }
  });

  it('a higher currentEpoch beats a longer log and a higher sid', () => {
    for (const seed of SEEDS) {
      const voters = range(3);
      const net = new ElectionNet({ seed, voters, maxDelay: 40 });
      net.boot(voters, (s) =>
        s === 1
          ? { lastLoggedZxid: 3 * E, currentEpoch: 3 }
          : { lastLoggedZxid: 2 * E + 50, currentEpoch: 2 },
      );
      expect(net.run(20_000, allDecided(net, voters))).toBe(true);
      expectAgreement(net, voters, 1);
    }
  });
});

describe('joining an established ensemble', () => {
  const leaderVote: Vote = { leader: 3, zxid: E + 12, peerEpoch: 1 };

  for (const round of [1, 5]) {
    it(`a restarted peer follows the existing leader without a new election (others decided in round ${round})`, () => {
      for (const seed of SEEDS) {
        const net = new ElectionNet({ seed, voters: [1, 2, 3], maxDelay: 40 });
        // Followers report drifting zxids (updateElectionVote); only leader and peerEpoch must agree.
        net.establish(2, 'FOLLOWING', { ...leaderVote, zxid: E + 10 }, round);
        net.establish(3, 'LEADING', leaderVote, round);
        const clocks = [net.peer(2).fle.logicalclock, net.peer(3).fle.logicalclock];
        net.boot(1, { lastLoggedZxid: E + 12, currentEpoch: 1 });
        expect(net.run(20_000, allDecided(net, [1]))).toBe(true);
        expect(net.peer(1).state).toBe('FOLLOWING');
        expect(net.peer(1).currentVote.leader).toBe(3);
        // The round 1 was in: its own round 1 matches (recvset path) or it adopts theirs (outofelection).
        expect(net.peer(1).electionEpoch).toBe(round);
        expect(net.peer(1).fle.logicalclock).toBe(round);
        // The ensemble did not hold an election: states, rounds unchanged; they only answered.
        expect(net.peer(2).state).toBe('FOLLOWING');
        expect(net.peer(3).state).toBe('LEADING');
        expect([net.peer(2).fle.logicalclock, net.peer(3).fle.logicalclock]).toEqual(clocks);
        const fromEnsemble = net.delivered.filter((d) => d.from !== 1);
        expect(fromEnsemble.length).toBeGreaterThan(0);
        for (const d of fromEnsemble) {
          expect(d.to).toBe(1);
          expect(d.msg.state).not.toBe('LOOKING');
          expect(d.msg.electionEpoch).toBe(round);
        }
        expect(net.decisions.map((x) => x.sid)).toEqual([1]);
      }
    });
  }

  it('stale FOLLOWING votes for a leader that is gone do not elect it (checkLeader)', () => {
    for (const seed of SEEDS) {
      const net = new ElectionNet({ seed, voters: [1, 2, 3], maxDelay: 40 });
      net.establish(2, 'FOLLOWING', leaderVote, 1, { lastLoggedZxid: E + 12, currentEpoch: 1 });
      // sid 3 is down; 2 has not noticed yet and keeps answering "FOLLOWING 3".
      net.boot(1, { lastLoggedZxid: E + 12, currentEpoch: 1 });
      net.run(3_000);
      expect(net.peer(1).state).toBe('LOOKING');
      expect(net.decisions).toEqual([]);
      // Once 2 notices and looks too, 1 and 2 elect 2 (same log, higher sid).
      net.lookAgain(2);
      expect(net.run(net.now + 60_000, allDecided(net, [1, 2]))).toBe(true);
      expectAgreement(net, [1, 2], 2);
    }
  });
});

describe('leader failure', () => {
  it('after the leader s3 dies the survivors elect s2, in the next round (as observed on ZooKeeper 3.8)', () => {
    for (const seed of SEEDS) {
      const voters = [1, 2, 3];
      const net = new ElectionNet({ seed, voters, maxDelay: 40 });
      net.boot(voters);
      expect(net.run(20_000, allDecided(net, voters))).toBe(true);
      expectAgreement(net, voters, 3);
      // Epoch 1 was established; both followers synced with it.
      const t = net.now;
      net.kill(3);
      // The followers notice at slightly different times; until then 1 hears "FOLLOWING 3" from 2.
      net.at(t + 10, () => net.lookAgain(1, { lastLoggedZxid: E, currentEpoch: 1 }));
      net.at(t + 10 + (seed % 4) * 50, () => net.lookAgain(2, { lastLoggedZxid: E, currentEpoch: 1 }));
      expect(net.run(t + 60_000, () => net.now > t + 10 && allDecided(net, [1, 2])())).toBe(true);
      expectAgreement(net, [1, 2], 2);
      expect(net.peer(2).electionEpoch).toBe(2);
      expect(net.peer(1).electionEpoch).toBe(2);
    }
  });
});

describe('partitions', () => {
  it('a partitioned minority cannot elect while the majority side does', () => {
    for (const seed of SEEDS) {
      const voters = range(5);
      const net = new ElectionNet({ seed, voters, maxDelay: 40 });
      net.partition([
        [4, 5],
        [1, 2, 3],
      ]);
      net.boot(voters);
      net.run(200_000);
      // 4 and 5 (the highest sids) only have each other: 2 of 5.
      expect(net.peer(4).state).toBe('LOOKING');
      expect(net.peer(5).state).toBe('LOOKING');
      expect(net.decisions.filter((d) => d.sid >= 4)).toEqual([]);
      expectAgreement(net, [1, 2, 3], 3);
      // The minority kept re-sending with a backed-off timeout.
      expect(net.peer(5).fle.view.notificationTimeout).toBe(60_000);
    }
  });

  it('a peer cut off during the election joins through its back-off re-send once the link heals', () => {
    for (const seed of SEEDS) {
      const voters = [1, 2, 3];
      const net = new ElectionNet({ seed, voters, maxDelay: 40 });
      net.partition([[1], [2, 3]]);
      net.boot(voters);
      expect(net.run(10_000, allDecided(net, [2, 3]))).toBe(true);
      expect(net.peer(1).state).toBe('LOOKING');
      const healed = net.now + 1_000;
      net.at(healed, () => net.partition([[1, 2, 3]]));
      // Nobody talks to a LOOKING peer unprompted: only 1's own re-send gets the answers.
      expect(net.run(healed + 60_000, allDecided(net, [1]))).toBe(true);
      const firstFrom1 = net.delivered.find((d) => d.from === 1 && d.t >= healed);
      expect(firstFrom1).toBeDefined();
      expect(net.delivered.some((d) => d.to === 1 && d.t >= healed && d.t < (firstFrom1?.t ?? 0))).toBe(
        false,
      );
      expectAgreement(net, [1, 2, 3], 3);
    }
  });
});

describe('observers', () => {
  it('an observer with the highest sid learns the leader, OBSERVING, and is never counted', () => {
    for (const seed of SEEDS) {
      const voters = [1, 2, 3];
      const net = new ElectionNet({ seed, voters, observers: [9], maxDelay: 40 });
      net.boot([...voters, 9]);
      expect(net.run(60_000, allDecided(net, [...voters, 9]))).toBe(true);
      expectAgreement(net, voters, 3);
      expect(net.peer(9).state).toBe('OBSERVING');
      expect(net.peer(9).currentVote.leader).toBe(3);
      for (const s of voters) {
        const v = net.peer(s).fle.view;
        expect(v.recvset.some(([sid]) => sid === 9)).toBe(false);
        expect(v.outofelection.some(([sid]) => sid === 9)).toBe(false);
      }
      // Voters never address an observer except to answer it.
      const toObserver = net.delivered.filter((d) => d.to === 9);
      const fromObserver = net.delivered.filter((d) => d.from === 9);
      expect(toObserver.length).toBeLessThanOrEqual(fromObserver.length);
    }
  });

  it('one voter plus an observer is not a quorum of three voters', () => {
    for (const seed of SEEDS) {
      const net = new ElectionNet({ seed, voters: [1, 2, 3], observers: [4], maxDelay: 40 });
      net.boot([1, 4]);
      net.run(200_000);
      expect(net.peer(1).state).toBe('LOOKING');
      expect(net.peer(4).state).toBe('LOOKING');
      expect(net.decisions).toEqual([]);
    }
  });
});
