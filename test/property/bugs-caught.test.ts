// Each deliberate protocol bug (src/sim/server/quorum/bugs.ts) must be caught by the sweep within
// the number of seeds docs/checker.md's table shows (scripts/checker-table.ts), by the invariant
// that describes the damage — and, where the client-visible checks (read-committed,
// sync-truncates, read-prefix, write-linearizable) see it, by one of those too.
import { describe, expect, it } from 'vitest';
import { bugOptions } from '../../scripts/checker-table.ts';
import { DEFAULT_SWEEP_OPTIONS, runSeed } from '../../src/sim/check/sweep.ts';
import type { ProtocolBug } from '../../src/sim/server/quorum/bugs.ts';

const CASES: { bug: ProtocolBug; within: number; invariant: string; newCheck: string | null }[] = [
  // First caught at seed 4. Two leaders of one epoch rarely do client-visible damage in a 40 s
  // run: none of the client-side checks fires in seeds 1-1000 (docs/checker.md).
  { bug: 'skip-epoch-agreement', within: 10, invariant: 'one-leader-per-epoch', newCheck: null },
  // Seed 6: the leader DIFFs a learner ahead of it.
  { bug: 'diff-instead-of-trunc', within: 10, invariant: 'sync-truncates', newCheck: 'sync-truncates' },
  // Seed 51: the old leader keeps committing on observer ACKs after a new epoch is established;
  // clients read those txns.
  { bug: 'observer-acks-count', within: 100, invariant: 'durability', newCheck: 'read-committed' },
  // Seed 115 (durability), seed 186 (read-committed: a client read a txn later rolled back).
  { bug: 'ack-before-fsync', within: 200, invariant: 'durability', newCheck: 'read-committed' },
];

/** The invariants of the first seed in 1..within that reports `wanted`, or null. */
async function firstCaught(bug: ProtocolBug, within: number, wanted: string): Promise<string[] | null> {
  for (let seed = 1; seed <= within; seed++) {
    const found = (await runSeed(seed, bugOptions(bug))).violations.map((v) => v.invariant);
    if (found.includes(wanted)) return found;
  }
  return null;
}

describe('deliberate protocol bugs', () => {
  for (const c of CASES) {
    it(`${c.bug} is caught within ${c.within} seeds, by ${c.invariant}${c.newCheck && c.newCheck !== c.invariant ? ` and by ${c.newCheck}` : ''}`, async () => {
      expect(await firstCaught(c.bug, c.within, c.invariant)).not.toBeNull();
      if (c.newCheck !== null && c.newCheck !== c.invariant)
        expect(await firstCaught(c.bug, c.within, c.newCheck)).not.toBeNull();
    });
  }

  it('none of those seeds fails without the bug', async () => {
    for (let seed = 1; seed <= 200; seed++)
      expect((await runSeed(seed, DEFAULT_SWEEP_OPTIONS)).violations).toEqual([]);
  });
});
