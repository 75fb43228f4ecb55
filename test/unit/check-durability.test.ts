import { describe, expect, it } from 'vitest';
import { checkRun } from '../../src/sim/check/checker.ts';
import type { TraceEvent } from '../../src/sim/trace/event.ts';

// Sweep seed 12244: learner 2 rejoins leader 3 while 0x200000004 is still in flight; the leader
// truncates it to its last committed zxid, the txn commits elsewhere, then comes back to 2.
const base = (proposer: number): TraceEvent[] => [
  { t: 1, kind: 'zab.propose', server: proposer, epoch: 2, zxid: '0x200000004', digest: 'aa' },
  {
    t: 2,
    kind: 'zab.sync',
    server: 3,
    learner: 2,
    mode: 'TRUNC',
    peerZxid: '0x200000004',
    zxid: '0x200000003',
  },
  {
    t: 3,
    kind: 'txn.commit',
    server: 3,
    zxid: '0x200000004',
    type: 'create2',
    session: 1n,
    cxid: 1,
    digest: 'aa',
  },
  { t: 4, kind: 'zab.trunc', server: 2, from: '0x200000004', to: '0x200000003' },
];

const durability = (events: TraceEvent[]) => checkRun(events, []).filter((v) => v.invariant === 'durability');

describe('durability and TRUNC', () => {
  it('accepts truncating a txn the syncing leader itself proposed: it forwards it again', () => {
    expect(durability(base(3))).toEqual([]);
  });

  it('flags truncating a committed txn that the syncing leader never proposed', () => {
    const v = durability(base(1));
    expect(v).toHaveLength(1);
    expect(v[0]!.message).toContain('removes committed 0x200000004');
  });
});
