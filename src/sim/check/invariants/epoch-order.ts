// Established epochs only go up: a leader that establishes itself after another one does so in a
// strictly greater epoch (each new leader's epoch exceeds every epoch a quorum accepted before).
import type { Invariant } from '../types.ts';
import { violation } from '../types.ts';

export function epochOrder(): Invariant {
  const name = 'epoch-order';
  let last: { epoch: number; server: unknown; index: number } | null = null;
  return {
    name,
    describe: 'Each leader that establishes itself does so in a greater epoch than every earlier one.',
    kinds: ['server.state'],
    observe(e, i) {
      if (e.state !== 'LEADING' || e.zabState !== 'BROADCAST' || typeof e.epoch !== 'number') return;
      const before = last;
      if (before === null || e.epoch > before.epoch) {
        last = { epoch: e.epoch, server: e.server, index: i };
        return;
      }
      if (e.epoch === before.epoch) return; // one-leader-per-epoch reports this one
      return [
        violation(
          name,
          e,
          `server ${e.server} established epoch ${e.epoch} after server ${before.server} had established epoch ${before.epoch}`,
          [before.index, i],
        ),
      ];
    },
  };
}
