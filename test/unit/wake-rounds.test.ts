// One change of a lock, one round of wake-ups (src/sim/check/wake-rounds.ts): a round also ends
// when a holder releases the lock, so the waiters a release wakes are counted together even when
// one of them woke a moment earlier for a contender's create (the lock-herd lesson's run).
import { describe, expect, it } from 'vitest';
import { isRoundEvent, wakeRounds } from '../../src/sim/check/wake-rounds.ts';
import type { TraceEvent } from '../../src/sim/trace/event.ts';

const mark = (t: number, client: string, name: string, fields: Record<string, string> = {}): TraceEvent => ({
  t,
  kind: 'lua.mark',
  client,
  name,
  fields: { lock: '/lock', ...fields },
});
const wake = (t: number, client: string) => mark(t, client, 'lock.wakeup', { cause: '/lock' });

// c4's create wakes c3 then c2; c1's release then wakes c3, c4 and c2.
const events: TraceEvent[] = [
  wake(1032, 'c2'),
  wake(1238, 'c3'),
  wake(1238, 'c2'),
  mark(1658, 'c1', 'lock.released'),
  wake(1673, 'c3'),
  wake(1673, 'c4'),
  wake(1674, 'c2'),
  mark(1681, 'c2', 'lock.acquired'),
];

describe('wake rounds', () => {
  it('a release starts a new round: the three waiters it woke are one round', () => {
    const rounds = wakeRounds(events, '/lock', events.length).map((r) => r.clients);
    expect(rounds).toEqual([['c2', 'c3'], ['c2'], ['c3', 'c4', 'c2']]);
  });

  it('the same through an index of the round events only', () => {
    const index = events.flatMap((e, i) => (isRoundEvent(e) ? [i] : []));
    expect(index).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const rounds = wakeRounds(events, '/lock', events.length, index).map((r) => r.clients);
    expect(rounds.at(-1)).toEqual(['c3', 'c4', 'c2']);
  });

  it('a release of another lock ends nothing', () => {
    const other = [wake(1, 'c2'), mark(2, 'c1', 'lock.released', { lock: '/other' }), wake(3, 'c3')];
    expect(wakeRounds(other, '/lock', other.length).map((r) => r.clients)).toEqual([['c2', 'c3']]);
  });
});
