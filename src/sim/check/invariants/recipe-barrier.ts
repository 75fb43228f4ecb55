// No barrier releases early (docs/recipes.md, barrier / double_barrier).
// - barrier: a waiter that saw the barrier up (`barrier.waiting`, after `barrier.set`) and passes
//   (`barrier.passed`) while that same raise is still up (no `barrier.removed` since) is early. A
//   waiter that never saw it up is not judged: the recipe cannot tell "not raised yet" from
//   "lowered", which is why the barrier must be raised before anyone waits;
// - double barrier: `barrier.entered {size}` before `size` participants have arrived
//   (`barrier.arrived`), or `barrier.left` while a participant it entered with has neither
//   started to leave (`barrier.leaving`) nor died (crashed, or its session ended: its node goes
//   with the session), is early.
import type { Invariant } from '../types.ts';
import { violation } from '../types.ts';
import { markOf, num, processEnded, str } from './recipe-marks.ts';

export function barrierEarly(): Invariant {
  const name = 'barrier-early';
  const up = new Map<string, number>(); // simple barrier → index of barrier.set while it is up
  /** `${barrier} ${client}` → the raise (index of its barrier.set) the waiter saw up */
  const saw = new Map<string, number>();
  const arrivals = new Map<string, number>();
  /** double barrier → client → 'inside' | 'leaving' (with the arrival's index) */
  const inside = new Map<string, Map<string, { state: 'inside' | 'leaving'; index: number }>>();
  /** `${barrier} ${client}` → the participants (client@arrival index) inside when it entered */
  const cohorts = new Map<string, Set<string>>();
  return {
    name,
    describe:
      'Nobody passes a barrier while it is up; nobody enters a double barrier before all arrived or leaves it before all began to leave.',
    kinds: ['lua.mark', 'node.crash', 'node.start', 'client.session'],
    observe(e, i) {
      // a participant's node goes when its process or its session ends
      const ended =
        processEnded(e) ??
        (e.kind === 'client.session' && (e.state === 'Expired' || e.state === 'Closed') ? e.client : null);
      if (ended !== null) {
        for (const p of inside.values()) p.delete(ended);
        for (const k of [...saw.keys()]) if (k.endsWith(` ${ended}`)) saw.delete(k);
        return;
      }
      const m = markOf(e);
      if (!m?.name.startsWith('barrier.')) return;
      const b = str(m.fields.barrier);
      if (b === undefined) return;
      const parts = inside.get(b) ?? new Map();
      inside.set(b, parts);
      switch (m.name) {
        case 'barrier.set':
          up.set(b, i);
          return;
        case 'barrier.removed':
          up.delete(b);
          return;
        case 'barrier.waiting': {
          const at = up.get(b);
          if (at !== undefined) saw.set(`${b} ${m.client}`, at);
          return;
        }
        case 'barrier.passed': {
          const seen = saw.get(`${b} ${m.client}`);
          saw.delete(`${b} ${m.client}`);
          if (seen === undefined || up.get(b) !== seen) return;
          return [violation(name, e, `${m.client} passed ${b} while it is still up`, [seen, i])];
        }
        case 'barrier.arrived':
          arrivals.set(b, (arrivals.get(b) ?? 0) + 1);
          parts.set(m.client, { state: 'inside', index: i });
          return;
        case 'barrier.entered': {
          cohorts.set(`${b} ${m.client}`, new Set([...parts].map(([c, p]) => `${c}@${p.index}`)));
          const size = num(m.fields.size) ?? 0;
          const n = arrivals.get(b) ?? 0;
          if (n >= size) return;
          return [
            violation(name, e, `${m.client} entered ${b} with ${n} of ${size} participants arrived`, [i]),
          ];
        }
        case 'barrier.leaving': {
          const p = parts.get(m.client);
          if (p) p.state = 'leaving';
          return;
        }
        case 'barrier.left': {
          // only the participants it entered with: one who died and came back later is a newcomer
          const cohort = cohorts.get(`${b} ${m.client}`) ?? new Set<string>();
          const still = [...parts].filter(
            ([c, p]) => c !== m.client && p.state === 'inside' && cohort.has(`${c}@${p.index}`),
          );
          parts.delete(m.client);
          if (still.length === 0) return;
          return [
            violation(
              name,
              e,
              `${m.client} left ${b} while ${still.map(([c]) => c).join(', ')} had not begun to leave`,
              [...still.map(([, p]) => p.index), i],
            ),
          ];
        }
      }
      return;
    },
  };
}
