// Zxid shape (ZxidUtils#makeZxid, Leader#propose): a leader of epoch e proposes (e, 1), (e, 2), … —
// the epoch part is its own epoch and the counter goes up by exactly one per proposal, never 0.
import type { Invariant } from '../types.ts';
import { counterOfZxid, epochOfZxid, hexZxid, violation, zxidOf } from '../types.ts';

export function proposalOrder(): Invariant {
  const name = 'proposal-order';
  const last = new Map<string, { zxid: number; index: number }>();
  return {
    name,
    describe: 'A leader of epoch e proposes (e,1), (e,2), … in order, without gaps.',
    kinds: ['zab.propose'],
    observe(e, i) {
      const z = zxidOf(e.zxid);
      if (epochOfZxid(z) !== e.epoch)
        return [
          violation(name, e, `server ${e.server}, leader of epoch ${e.epoch}, proposed ${e.zxid}`, [i]),
        ];
      const key = `${e.server}/${e.epoch}`;
      const prev = last.get(key);
      last.set(key, { zxid: z, index: i });
      const expected = prev ? prev.zxid + 1 : z - counterOfZxid(z) + 1;
      if (z === expected) return;
      return [
        violation(
          name,
          e,
          `server ${e.server} proposed ${e.zxid} in epoch ${e.epoch}; expected ${hexZxid(expected)}`,
          prev ? [prev.index, i] : [i],
        ),
      ];
    },
  };
}
