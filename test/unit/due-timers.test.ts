// DueTimers: the list a view reads is the same array while the node's timers stay as they were, and
// a new one after any change, in the order the timers were first set.
import { describe, expect, it } from 'vitest';
import { DueTimers } from '../../src/sim/kernel/due-timers.ts';

describe('DueTimers', () => {
  it('gives the same list until a timer is set, moved, handled or cleared', () => {
    const due = new DueTimers();
    const none = due.view();
    expect(none).toEqual([]);
    due.delete('ping');
    due.clear();
    expect(due.view()).toBe(none);
    due.set('ping', 10);
    due.set('tick', 5);
    const two = due.view();
    expect(two).toEqual([
      { name: 'ping', at: 10 },
      { name: 'tick', at: 5 },
    ]);
    due.set('ping', 10);
    expect(due.view()).toBe(two);
    due.set('ping', 12);
    const moved = due.view();
    expect(moved).not.toBe(two);
    expect(moved).toEqual([
      { name: 'ping', at: 12 },
      { name: 'tick', at: 5 },
    ]);
    due.delete('tick');
    expect(due.view()).toEqual([{ name: 'ping', at: 12 }]);
    due.clear();
    expect(due.view()).toEqual([]);
  });
});
