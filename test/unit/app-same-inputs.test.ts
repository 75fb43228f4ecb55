// SameInputs (src/app/views/same-inputs.ts): a view's derived value stays the very same object
// while its inputs are the same ones, and is computed again when any input differs.
import { describe, expect, it } from 'vitest';
import { SameInputs } from '../../src/app/views/same-inputs.ts';

describe('SameInputs', () => {
  it('computes once for the same inputs and again when one differs', () => {
    const kept = new SameInputs<{ n: number }>();
    let computed = 0;
    const compute = () => ({ n: ++computed });
    const a = {};
    const first = kept.get([a, 'x', 1], compute);
    expect(kept.get([a, 'x', 1], compute)).toBe(first);
    expect(computed).toBe(1);
    // Inputs compare by identity (an equal object is another input) and one by one.
    expect(kept.get([{}, 'x', 1], compute)).not.toBe(first);
    const second = kept.get([a, 'x', 2], compute);
    expect(second.n).toBe(3);
    expect(kept.get([a, 'x', 2, 3], compute).n).toBe(4);
    expect(kept.get([a, 'x'], compute).n).toBe(5);
    expect(kept.get([NaN], compute)).toBe(kept.get([NaN], compute));
  });
});
