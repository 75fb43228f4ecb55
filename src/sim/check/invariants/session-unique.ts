// Session ids are unique for the ensemble's whole life (SessionTrackerImpl#initializeNextSessionId
// puts the server id and its start time into them): a createSession txn never names a session id
// that an earlier createSession already used.
import type { Invariant } from '../types.ts';
import { sessionKey, violation } from '../types.ts';

export function sessionUnique(): Invariant {
  const name = 'session-unique';
  const created = new Map<string, { zxid: unknown; index: number }>();
  /** Each offending createSession is reported once, on the first server that commits it. */
  const reported = new Set<string>();
  return {
    name,
    describe: 'No two createSession txns (different zxids) create the same session id.',
    kinds: ['txn.commit'],
    observe(e, i) {
      if (e.kind !== 'txn.commit' || e.type !== 'createSession') return;
      const s = sessionKey(e.session);
      const first = created.get(s);
      if (!first) {
        created.set(s, { zxid: e.zxid, index: i });
        return;
      }
      if (first.zxid === e.zxid || reported.has(e.zxid)) return;
      reported.add(e.zxid);
      return [
        violation(name, e, `session id ${s} created again at ${e.zxid} (first created at ${first.zxid})`, [
          first.index,
          i,
        ]),
      ];
    },
  };
}
