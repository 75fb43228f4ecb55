// Vote order, vote equality and majority quorums (vote.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ElectionVote,
  isQuorum,
  maxVote,
  NON_VOTER_VOTE,
  sameElectionVote,
  termPredicate,
  totalOrderPredicate,
  type Vote,
} from '../../src/sim/server/quorum/vote.ts';

const E = 2 ** 32;
const v = (leader: number, zxid: number, peerEpoch: number): Vote => ({ leader, zxid, peerEpoch });

describe('totalOrderPredicate', () => {
  it('orders by peerEpoch first, even against a larger zxid and sid', () => {
    expect(totalOrderPredicate(v(1, 2 * E, 3), v(5, 2 * E + 9, 2))).toBe(true);
    expect(totalOrderPredicate(v(5, 2 * E + 9, 2), v(1, 2 * E, 3))).toBe(false);
  });

  it('orders by zxid when the epochs are equal, even against a larger sid', () => {
    expect(totalOrderPredicate(v(1, E + 7, 1), v(3, E + 6, 1))).toBe(true);
    expect(totalOrderPredicate(v(3, E + 6, 1), v(1, E + 7, 1))).toBe(false);
  });

  it('orders by sid when epoch and zxid are equal, and no vote beats itself', () => {
    expect(totalOrderPredicate(v(3, 0, 0), v(2, 0, 0))).toBe(true);
    expect(totalOrderPredicate(v(2, 0, 0), v(3, 0, 0))).toBe(false);
    expect(totalOrderPredicate(v(2, 0, 0), v(2, 0, 0))).toBe(false);
  });

  it('any participant vote beats the non-voter vote, and a non-voter leader never wins when voters are given', () => {
    expect(totalOrderPredicate(v(1, 0, 0), NON_VOTER_VOTE)).toBe(true);
    expect(totalOrderPredicate(NON_VOTER_VOTE, v(1, 0, 0))).toBe(false);
    const isVoter = (sid: number) => sid <= 3;
    expect(totalOrderPredicate(v(9, 5 * E, 5), v(1, 0, 0), isVoter)).toBe(false);
    expect(totalOrderPredicate(v(3, 0, 0), v(1, 0, 0), isVoter)).toBe(true);
  });

  it('is a strict total order on distinct votes (irreflexive, asymmetric, transitive, total)', () => {
    const voteArb = fc.record({
      leader: fc.integer({ min: 1, max: 4 }),
      zxid: fc.integer({ min: 0, max: 3 }).map((c) => E + c),
      peerEpoch: fc.integer({ min: 0, max: 2 }),
    });
    fc.assert(
      fc.property(voteArb, voteArb, voteArb, (a, b, c) => {
        expect(totalOrderPredicate(a, a)).toBe(false);
        if (totalOrderPredicate(a, b)) expect(totalOrderPredicate(b, a)).toBe(false);
        if (totalOrderPredicate(a, b) && totalOrderPredicate(b, c))
          expect(totalOrderPredicate(a, c)).toBe(true);
        const same = a.leader === b.leader && a.zxid === b.zxid && a.peerEpoch === b.peerEpoch;
        if (!same) expect(totalOrderPredicate(a, b) || totalOrderPredicate(b, a)).toBe(true);
      }),
      { seed: 7, numRuns: 500 },
    );
  });

  it('maxVote picks the vote that beats every other', () => {
    expect(maxVote([v(3, 0, 0), v(1, E, 1), v(2, E, 1)])).toEqual(v(2, E, 1));
    expect(maxVote([])).toBeUndefined();
  });
});

describe('isQuorum (QuorumMaj)', () => {
  it('needs strictly more than half of the voters', () => {
    expect(isQuorum([1, 2], [1, 2, 3])).toBe(true);
    expect(isQuorum([1], [1, 2, 3])).toBe(false);
    expect(isQuorum([1, 2], [1, 2, 3, 4])).toBe(false);
    expect(isQuorum([1, 2, 3], [1, 2, 3, 4])).toBe(true);
    expect(isQuorum([3, 4, 5], [1, 2, 3, 4, 5])).toBe(true);
    expect(isQuorum([], [])).toBe(false);
  });

  it('never counts non-voters and counts each sid once', () => {
    expect(isQuorum([1, 4, 5, 6], [1, 2, 3])).toBe(false);
    expect(isQuorum([1, 1, 1], [1, 2, 3])).toBe(false);
    expect(isQuorum(new Set([2, 3, 9]), [1, 2, 3])).toBe(true);
  });
});

describe('vote equality for the vote tracker (Vote#equals)', () => {
  const ev = (
    leader: number,
    zxid: number,
    electionEpoch: number,
    peerEpoch: number,
    state: ElectionVote['state'],
  ) => ({
    leader,
    zxid,
    electionEpoch,
    peerEpoch,
    state,
  });

  it('compares everything, round included, when either side is LOOKING', () => {
    expect(sameElectionVote(ev(3, E, 2, 1, 'LOOKING'), ev(3, E, 2, 1, 'FOLLOWING'))).toBe(true);
    expect(sameElectionVote(ev(3, E, 2, 1, 'LOOKING'), ev(3, E, 1, 1, 'LOOKING'))).toBe(false);
    expect(sameElectionVote(ev(3, E, 2, 1, 'LOOKING'), ev(3, E + 1, 2, 1, 'LEADING'))).toBe(false);
  });

  it('compares only leader and peerEpoch between out-of-election votes (ZOOKEEPER-1805)', () => {
    expect(sameElectionVote(ev(3, E, 2, 1, 'FOLLOWING'), ev(3, E + 5, 7, 1, 'LEADING'))).toBe(true);
    expect(sameElectionVote(ev(3, E, 2, 1, 'FOLLOWING'), ev(3, E, 2, 2, 'LEADING'))).toBe(false);
    expect(sameElectionVote(ev(3, E, 2, 1, 'FOLLOWING'), ev(2, E, 2, 1, 'FOLLOWING'))).toBe(false);
  });

  it('termPredicate counts the voters whose vote equals the given one', () => {
    const votes = new Map<number, ElectionVote>([
      [1, ev(3, 0, 1, 0, 'LOOKING')],
      [2, ev(3, 0, 1, 0, 'LOOKING')],
      [3, ev(3, 0, 2, 0, 'LOOKING')],
    ]);
    expect(termPredicate(votes, ev(3, 0, 1, 0, 'LOOKING'), [1, 2, 3])).toBe(true);
    expect(termPredicate(votes, ev(3, 0, 1, 0, 'LOOKING'), [1, 2, 3, 4, 5])).toBe(false);
    expect(termPredicate(votes, ev(3, 0, 2, 0, 'LOOKING'), [1, 2, 3])).toBe(false);
  });
});
