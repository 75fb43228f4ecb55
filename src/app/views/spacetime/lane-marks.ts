// Moments drawn on a node's lane besides messages: a crash, a (re)start, a server's change of
// role, a script's Lua error. Few compared with the messages, so plain objects in time order.

import { serverNodeId } from '../../../sim/node-id.ts';
import type { TraceEvent } from '../../../sim/trace/event.ts';
import type { ServerRole } from '../../../sim/view/types.ts';
import { TraceFeed } from '../log/trace-feed.ts';

export type LaneMark =
  | { t: number; node: string; event: number; what: 'crash' | 'start' | 'error' }
  | { t: number; node: string; event: number; what: 'role'; role: ServerRole };

const ROLES = new Set<string>(['STANDALONE', 'LOOKING', 'FOLLOWING', 'LEADING', 'OBSERVING']);

export function laneMark(e: TraceEvent, event: number): LaneMark | null {
  switch (e.kind) {
    case 'node.crash':
    case 'node.start':
      if (typeof e['node'] !== 'string') return null;
      return { t: e.t, node: e['node'], event, what: e.kind === 'node.crash' ? 'crash' : 'start' };
    case 'lua.error':
      if (typeof e['client'] !== 'string') return null;
      return { t: e.t, node: e['client'], event, what: 'error' };
    case 'server.state': {
      const { server, state } = e;
      if (typeof server !== 'number' || typeof state !== 'string' || !ROLES.has(state)) return null;
      return { t: e.t, node: serverNodeId(server), event, what: 'role', role: state as ServerRole };
    }
    default:
      return null;
  }
}

export class LaneMarks {
  readonly marks: LaneMark[] = [];
  #feed = new TraceFeed();

  update(events: readonly TraceEvent[]): boolean {
    const { keep, end, dropped } = this.#feed.sync(events);
    const before = this.marks.length;
    if (dropped.length > 0) this.marks.length = firstAtLeast(this.marks, (m) => m.event, keep);
    for (let i = keep; i < end; i++) {
      const m = laneMark(events[i]!, i);
      if (m) this.marks.push(m);
    }
    return dropped.length > 0 || this.marks.length !== before;
  }

  /** The marks with t in [start, end]. */
  inWindow(start: number, end: number): LaneMark[] {
    const t = (m: LaneMark) => m.t;
    return this.marks.slice(firstAtLeast(this.marks, t, start), firstAtLeast(this.marks, t, end + 1e-9));
  }
}

/** Index of the first of `xs` (ascending by `key`) whose key is >= x. */
function firstAtLeast<T>(xs: readonly T[], key: (x: T) => number, x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(xs[mid]!) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
