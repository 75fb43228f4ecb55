// Follows the page's copy of the trace (Timeline.events) for an incremental index. Events are only
// ever appended, except that a branch (a fault or a script edit at the cursor) cuts the array at
// some index and appends the new continuation. A cut is noticed by object identity — the events
// before the cut are the same objects, those after it are new — and located by binary search, so
// an index drops only what it derived from the replaced tail instead of rebuilding.
import type { TraceEvent } from '../../../sim/trace/event.ts';

export interface FeedUpdate {
  /** Events at indexes below this are unchanged: drop whatever was derived from the others. */
  keep: number;
  /** Then consume events[keep .. end). */
  end: number;
  /** The events that were replaced (at keep and after), for indexes that count by kind. */
  dropped: TraceEvent[];
}

export class TraceFeed {
  #seen: TraceEvent[] = [];

  get size(): number {
    return this.#seen.length;
  }

  sync(events: readonly TraceEvent[]): FeedUpdate {
    const seen = this.#seen;
    let keep = seen.length;
    let dropped: TraceEvent[] = [];
    if (keep > 0 && (events.length < keep || events[keep - 1] !== seen[keep - 1])) {
      // The first index where the arrays differ: equal before it, different from it on.
      let lo = 0;
      let hi = Math.min(keep, events.length);
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (events[mid] === seen[mid]) lo = mid + 1;
        else hi = mid;
      }
      keep = lo;
      dropped = seen.slice(keep);
      seen.length = keep;
    }
    for (let i = keep; i < events.length; i++) seen.push(events[i]!);
    return { keep, end: events.length, dropped };
  }

  reset(): void {
    this.#seen = [];
  }
}
