// No herd effect (docs/recipes.md, lock vs lock_herd): one change to a lock wakes at most one
// waiter. Each `lock.wakeup {lock, cause}` mark is one waiter woken by a watch on `cause`: in the
// lock recipe the predecessor node, whose deletion concerns only its successor; in lock_herd the
// lock's parent, whose every child change wakes every waiter. A round of wake-ups for one cause
// ends when a client already woken by it wakes again (the next change); a round that wakes two
// different clients is the herd. Readers of a read/write lock (`mode: "read"`) are left out: every
// reader behind a writer waits for that writer and may go when it does — they share the lock.
import type { Invariant } from '../types.ts';
import { violation } from '../types.ts';
import { markOf, str } from './recipe-marks.ts';

export function lockHerd(): Invariant {
  const name = 'lock-herd';
  /** `${lock} ${cause}` → the clients woken in the current round (with the first one's index) */
  const rounds = new Map<string, { clients: Set<string>; first: number; reported: boolean }>();
  return {
    name,
    describe: 'One change to a lock wakes at most one waiter (each waiter watches only its predecessor).',
    kinds: ['lua.mark'],
    observe(e, i) {
      const m = markOf(e);
      if (!m?.name.endsWith('.wakeup')) return;
      const lock = str(m.fields.lock);
      const cause = str(m.fields.cause);
      if (lock === undefined || cause === undefined || m.fields.mode === 'read') return;
      const key = `${lock} ${cause}`;
      let r = rounds.get(key);
      if (!r || r.clients.has(m.client)) {
        r = { clients: new Set(), first: i, reported: false };
        rounds.set(key, r);
      }
      r.clients.add(m.client);
      if (r.clients.size < 2 || r.reported) return;
      r.reported = true;
      return [
        violation(
          name,
          e,
          `one change of ${cause} woke ${r.clients.size} waiters of ${lock} (${[...r.clients].join(', ')}): the herd effect`,
          [r.first, i],
        ),
      ];
    },
  };
}
