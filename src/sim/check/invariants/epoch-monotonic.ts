// QuorumPeer#setAcceptedEpoch / #setCurrentEpoch: a server's persisted acceptedEpoch and
// currentEpoch never decrease, not even across restarts, and currentEpoch ≤ acceptedEpoch at every
// instant. Read from server.state.
import type { Invariant, Violation } from '../types.ts';
import { violation } from '../types.ts';

export function epochMonotonic(): Invariant {
  const name = 'epoch-monotonic';
  const seen = new Map<unknown, { accepted: number; current: number; index: number }>();
  return {
    name,
    describe: "A server's acceptedEpoch and currentEpoch never decrease, and currentEpoch ≤ acceptedEpoch.",
    kinds: ['server.state'],
    observe(e, i) {
      const accepted = e.acceptedEpoch;
      const current = e.epoch;
      if (typeof accepted !== 'number' || typeof current !== 'number') return; // standalone
      const out: Violation[] = [];
      if (current > accepted)
        out.push(
          violation(name, e, `server ${e.server}: currentEpoch ${current} > acceptedEpoch ${accepted}`, [i]),
        );
      const prev = seen.get(e.server);
      if (prev && accepted < prev.accepted)
        out.push(
          violation(
            name,
            e,
            `server ${e.server}: acceptedEpoch went back from ${prev.accepted} to ${accepted}`,
            [prev.index, i],
          ),
        );
      if (prev && current < prev.current)
        out.push(
          violation(
            name,
            e,
            `server ${e.server}: currentEpoch went back from ${prev.current} to ${current}`,
            [prev.index, i],
          ),
        );
      seen.set(e.server, {
        accepted: Math.max(accepted, prev?.accepted ?? 0),
        current: Math.max(current, prev?.current ?? 0),
        index: i,
      });
      return out;
    },
  };
}
