// ZAB Leadership (TLA+ Leadership1/2): for each epoch at most one server ever becomes an
// established leader, i.e. reaches LEADING + BROADCAST (it has a quorum of NEWLEADER ACKs).
import type { Invariant } from '../types.ts';
import { violation } from '../types.ts';

export function oneLeaderPerEpoch(): Invariant {
  const name = 'one-leader-per-epoch';
  const leaders = new Map<number, { server: unknown; index: number }>();
  return {
    name,
    describe: 'At most one server reaches LEADING+BROADCAST in each epoch, and it does so once.',
    kinds: ['server.state'],
    observe(e, i) {
      if (e.state !== 'LEADING' || e.zabState !== 'BROADCAST' || typeof e.epoch !== 'number') return;
      const first = leaders.get(e.epoch);
      if (!first) {
        leaders.set(e.epoch, { server: e.server, index: i });
        return;
      }
      const msg =
        first.server === e.server
          ? `server ${e.server} established itself as leader of epoch ${e.epoch} a second time`
          : `servers ${first.server} and ${e.server} both established themselves as leader of epoch ${e.epoch}`;
      return [violation(name, e, msg, [first.index, i])];
    },
  };
}
