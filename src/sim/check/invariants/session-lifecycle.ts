// A client's session lifecycle (docs/trace.md client.session): once its session is Closed or
// Expired, that client (in this incarnation) reports nothing more of that session. A new session
// (zk.reconnect: a different id, connected afresh) starts a new lifecycle.
import type { Invariant } from '../types.ts';
import { violation } from '../types.ts';

export function sessionLifecycle(): Invariant {
  const name = 'session-lifecycle';
  const ended = new Map<unknown, { at: number; session: unknown }>();
  return {
    name,
    describe:
      'After a client session is Closed or Expired, the client reports no further state of that session.',
    kinds: ['client.session', 'node.start'],
    observe(e, i) {
      if (e.kind === 'node.start') {
        ended.delete(e.node);
        return;
      }
      let end = ended.get(e.client);
      if (end && e.state === 'SyncConnected' && !e.moved && e.session !== end.session) {
        ended.delete(e.client);
        end = undefined;
      }
      if (e.state === 'Closed' || e.state === 'Expired' || e.state === 'AuthFailed') {
        if (end === undefined) ended.set(e.client, { at: i, session: e.session });
      }
      if (end === undefined) return;
      return [violation(name, e, `client ${e.client}: ${e.state} after its session ended`, [end.at, i])];
    },
  };
}
