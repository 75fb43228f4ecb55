// A client's session lifecycle (docs/trace.md client.session): once its session is Closed or
// Expired, that client (in this incarnation) establishes nothing again.
import type { Invariant } from '../types.ts';
import { violation } from '../types.ts';

export function sessionLifecycle(): Invariant {
  const name = 'session-lifecycle';
  const ended = new Map<unknown, number>();
  return {
    name,
    describe: 'After a client session is Closed or Expired, the client reports no further session state.',
    kinds: ['client.session', 'node.start'],
    observe(e, i) {
      if (e.kind === 'node.start') {
        ended.delete(e.node);
        return;
      }
      const end = ended.get(e.client);
      if (e.state === 'Closed' || e.state === 'Expired') {
        if (end === undefined) ended.set(e.client, i);
      }
      if (end === undefined) return;
      return [violation(name, e, `client ${e.client}: ${e.state} after its session ended`, [end, i])];
    },
  };
}
