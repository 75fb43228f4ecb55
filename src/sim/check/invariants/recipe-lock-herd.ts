// No herd effect (docs/recipes.md, lock vs lock_herd): one change to a lock wakes at most one
// waiter. What counts as one change and who was woken by it is wake-rounds.ts, the definition the
// lock panel and the lessons read too. A round is reported once, when its second waiter wakes:
// more may follow (the panel, a moment later, shows them all), so the message names those woken
// so far and no total that could contradict it.
import type { Invariant } from '../types.ts';
import { violation } from '../types.ts';
import { isHerd, type WakeRound, WakeRounds } from '../wake-rounds.ts';

export function lockHerd(): Invariant {
  const name = 'lock-herd';
  const rounds = new WakeRounds();
  const reported = new Set<WakeRound>();
  return {
    name,
    describe: 'One change to a lock wakes at most one waiter (each waiter watches only its predecessor).',
    kinds: ['lua.mark'],
    observe(e, i) {
      const r = rounds.observe(e, i);
      if (r === null || !isHerd(r) || reported.has(r)) return;
      reported.add(r);
      return [
        violation(
          name,
          e,
          `one change of ${r.cause} woke more than one waiter of ${r.lock} (${r.clients.join(', then ')}): the herd effect`,
          [r.index, i],
        ),
      ];
    },
  };
}
