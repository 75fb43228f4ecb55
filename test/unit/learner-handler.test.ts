// LearnerHandler#syncFollower's choice on its own: how a leader brings a learner up to date from
// its committed log, for each place the learner's last zxid can be.
import { describe, expect, it } from 'vitest';
import { syncFollower } from '../../src/sim/server/quorum/learner-handler.ts';
import { makeZxid } from '../../src/sim/server/quorum/packets.ts';
import { sessionTxn } from '../support/fake-role-host.ts';

const z = makeZxid;
/** The leader's committed log: (1,3) … (1,6), then (2,1) (2,2); nothing past it applied. */
const log = [z(1, 3), z(1, 4), z(1, 5), z(1, 6), z(2, 1), z(2, 2)].map((zxid, i) =>
  sessionTxn(BigInt(i + 1), zxid),
);
const last = z(2, 2);

describe('LearnerHandler#syncFollower', () => {
  it('DIFF with nothing to send when the learner is where the leader is', () => {
    expect(syncFollower(last, log, last, false)).toEqual({ mode: 'DIFF', truncTo: null, from: last });
  });

  it('DIFF from the learner’s zxid when the log holds it', () => {
    expect(syncFollower(z(1, 5), log, last, false)).toEqual({ mode: 'DIFF', truncTo: null, from: z(1, 5) });
  });

  it('TRUNC to the log’s end when the learner is ahead of it', () => {
    expect(syncFollower(z(2, 4), log, last, false)).toEqual({
      mode: 'TRUNC',
      truncTo: z(2, 2),
      from: z(2, 2),
    });
  });

  it('TRUNC to the txn before, when the learner has one we never saw inside an epoch we share (ZOOKEEPER-1154)', () => {
    const gap = log.filter((t) => t.hdr.zxid !== z(1, 5));
    expect(syncFollower(z(1, 5), gap, last, false)).toEqual({
      mode: 'TRUNC',
      truncTo: z(1, 4),
      from: z(1, 4),
    });
  });

  it('SNAP when the learner is older than the log, or its zxid is missing across an epoch change', () => {
    expect(syncFollower(z(1, 1), log, last, false).mode).toBe('SNAP');
    const epochGap = log.filter((t) => t.hdr.zxid !== z(1, 6));
    expect(syncFollower(z(1, 6), epochGap, last, false).mode).toBe('SNAP');
    // An epoch's zero (a learner that logged nothing of that epoch) past the log: SNAP, not TRUNC.
    expect(syncFollower(z(3, 0), log, last, false).mode).toBe('SNAP');
  });

  it('with diff-instead-of-trunc, a learner ahead or with a foreign txn gets a DIFF', () => {
    expect(syncFollower(z(2, 4), log, last, true)).toEqual({ mode: 'DIFF', truncTo: null, from: z(2, 4) });
    const gap = log.filter((t) => t.hdr.zxid !== z(1, 5));
    expect(syncFollower(z(1, 5), gap, last, true)).toEqual({ mode: 'DIFF', truncTo: null, from: z(1, 5) });
  });
});
