// No life after death (SessionTrackerImpl, PrepRequestProcessor: a closed session's requests fail
// with SessionExpired): once closeSession(s) is committed, no later txn of session s changes
// anything — in particular no create makes an ephemeral owned by s. Requests of a closed session
// become `error` txns (SessionExpired); a repeated closeSession is harmless.
import type { Invariant } from '../types.ts';
import { hexZxid, sessionKey, violation, zxidOf } from '../types.ts';

/** An error txn is how a closed session's request ends; a second closeSession is harmless. */
const HARMLESS = new Set(['error', 'closeSession']);

export function sessionClosed(): Invariant {
  const name = 'session-closed';
  const closed = new Map<string, { zxid: number; index: number }>();
  /** Each offending zxid is reported once, on the first server that commits it. */
  const reported = new Set<number>();
  return {
    name,
    describe: 'After closeSession(s) commits, no later txn of session s (other than an error) commits.',
    kinds: ['txn.commit'],
    observe(e, i) {
      if (e.kind !== 'txn.commit') return;
      const s = sessionKey(e.session);
      const z = zxidOf(e.zxid);
      if (e.type === 'createSession' && closed.has(s) && z > closed.get(s)!.zxid) {
        // The id is used again (session-unique reports that): from here on it is a new session.
        closed.delete(s);
        return;
      }
      const c = closed.get(s);
      if (e.type === 'closeSession' && (!c || z < c.zxid)) closed.set(s, { zxid: z, index: i });
      if (!c || z <= c.zxid || HARMLESS.has(e.type)) return;
      if (reported.has(z)) return;
      reported.add(z);
      return [
        violation(
          name,
          e,
          `server ${e.server} committed ${e.type} ${e.zxid} of session ${s}, closed at ${hexZxid(c.zxid)}`,
          [c.index, i],
        ),
      ];
    },
  };
}
