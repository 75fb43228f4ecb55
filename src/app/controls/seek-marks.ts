// Landmarks on the seek bar: each election's result (a server takes LEADING), each fault, each
// checker violation.

import type { ViolationMark } from '../../conductor/run-control.ts';
import { serverNodeId } from '../../sim/node-id.ts';
import type { TraceEvent } from '../../sim/trace/event.ts';

export interface SeekMark {
  t: number;
  kind: 'election' | 'fault' | 'violation';
  /** What the mark is about (the new leader, the fault, the invariant): the bar words it. */
  subject: string;
}

export function isSeekLandmark(e: TraceEvent): boolean {
  return (
    (e.kind === 'server.state' && e.state === 'LEADING' && e.zabState === 'DISCOVERY') || e.kind === 'fault'
  );
}

export function seekMarks(
  events: readonly TraceEvent[],
  indexes: readonly number[],
  violations: readonly ViolationMark[],
): SeekMark[] {
  const out: SeekMark[] = indexes.map((i) => {
    const e = events[i]!;
    return e.kind === 'fault'
      ? { t: e.t, kind: 'fault', subject: `${e.action} ${e.target ?? ''}`.trim() }
      : { t: e.t, kind: 'election', subject: typeof e.server === 'number' ? serverNodeId(e.server) : '' };
  });
  for (const v of violations) out.push({ t: v.t, kind: 'violation', subject: v.invariant });
  return out;
}
