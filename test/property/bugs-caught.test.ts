// Each deliberate protocol bug (src/sim/server/quorum/bugs.ts) must be caught by the sweep within
// the number of seeds docs/checker.md promises, by the invariant that describes the damage.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SWEEP_OPTIONS, runSeed } from '../../src/sim/check/sweep.ts';

const CASES = [
  {
    bug: 'skip-epoch-agreement',
    within: 10,
    observers: 'random' as const,
    invariant: 'one-leader-per-epoch',
  },
  {
    bug: 'diff-instead-of-trunc',
    within: 100,
    observers: 'random' as const,
    invariant: 'replica-determinism',
  },
  { bug: 'observer-acks-count', within: 100, observers: 1, invariant: 'durability' },
  { bug: 'ack-before-fsync', within: 200, observers: 'random' as const, invariant: 'durability' },
];

describe('deliberate protocol bugs', () => {
  for (const c of CASES) {
    it(`${c.bug} is caught within ${c.within} seeds, by ${c.invariant}`, () => {
      const options = { ...DEFAULT_SWEEP_OPTIONS, bugs: [c.bug], observers: c.observers };
      let caught: string[] | null = null;
      for (let seed = 1; seed <= c.within && caught === null; seed++) {
        const r = runSeed(seed, options);
        if (r.violations.length > 0) caught = r.violations.map((v) => v.invariant);
      }
      expect(caught).not.toBeNull();
      expect(caught).toContain(c.invariant);
    });
  }

  it('none of those seeds fails without the bug', () => {
    for (let seed = 1; seed <= 200; seed++)
      expect(runSeed(seed, DEFAULT_SWEEP_OPTIONS).violations).toEqual([]);
  });
});
