// What "step to the next ..." stops at, as predicates over trace events (docs/trace.md).
import type { TraceEvent } from '../sim/trace/event.ts';
import type { StepTarget } from './run-control.ts';

const HANDOVER = /\.(acquired|leader)$/;
const ELECTED = new Set(['LEADING', 'FOLLOWING', 'OBSERVING', 'STANDALONE']);

/** True when `e` is where a step to `target` stops (violations are matched by the conductor). */
export function isStepTarget(target: Exclude<StepTarget, 'violation'>, e: TraceEvent): boolean {
  switch (target) {
    case 'event':
      return true;
    case 'election':
      // The election result: a server takes a role other than LOOKING.
      return e.kind === 'server.state' && ELECTED.has(String(e.state));
    case 'commit':
      return e.kind === 'txn.commit';
    case 'watch':
      // A watch firing reaches a client (session state changes are not watches).
      return e.kind === 'client.event' && e.type !== 'None';
    case 'handover':
      // A recipe's holder changes: lock.acquired, rwlock's read/write .acquired, election.leader,
      // semaphore.acquired (docs/recipes.md, "Marks").
      return e.kind === 'lua.mark' && HANDOVER.test(String(e.name));
  }
}
