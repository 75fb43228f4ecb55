// The event log's model: the indexes of the events that pass the filter, kept up to date as the
// trace grows (only new events are tested) and cut with it on a branch; a new filter rescans once.
// Per-kind and per-node counts feed the filter chips. Search text is built lazily per event and
// kept, so typing in the search box does not re-summarize 100,000 events per keystroke.
import type { TraceEvent } from '../../../sim/trace/event.ts';
import { summarize } from '../../event-summary.ts';
import { type EventFilter, matchesFilter, NO_FILTER } from './event-filter.ts';
import { eventNodes } from './event-nodes.ts';
import { TraceFeed } from './trace-feed.ts';

/** Index of the first element of the ascending `xs` that is >= x. */
export function lowerBound(xs: ArrayLike<number>, x: number, length = xs.length): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class LogIndex {
  /** Indexes (into the trace) of the events that pass the filter, ascending. */
  readonly matches: number[] = [];
  readonly kindCounts = new Map<string, number>();
  readonly nodeCounts = new Map<string, number>();
  #events: readonly TraceEvent[] = [];
  #feed = new TraceFeed();
  #filter: EventFilter = NO_FILTER;
  #search: (string | undefined)[] = [];

  get filter(): EventFilter {
    return this.#filter;
  }

  /** Catch up with `events`; true when anything changed. */
  update(events: readonly TraceEvent[]): boolean {
    this.#events = events;
    const { keep, end, dropped } = this.#feed.sync(events);
    for (const e of dropped) this.#count(e, -1);
    const changed = dropped.length > 0 || end > keep;
    if (dropped.length > 0) {
      this.matches.length = lowerBound(this.matches, keep);
      this.#search.length = Math.min(this.#search.length, keep);
    }
    for (let i = keep; i < end; i++) {
      const e = events[i]!;
      this.#count(e, 1);
      if (this.#passes(i)) this.matches.push(i);
    }
    return changed;
  }

  setFilter(filter: EventFilter): void {
    this.#filter = filter;
    this.matches.length = 0;
    for (let i = 0; i < this.#feed.size; i++) if (this.#passes(i)) this.matches.push(i);
  }

  /** Position in `matches` of the last event at or before trace index `index - 1` (-1: none). */
  rowBefore(index: number): number {
    return lowerBound(this.matches, index) - 1;
  }

  searchText(i: number): string {
    let s = this.#search[i];
    if (s === undefined) {
      const e = this.#events[i]!;
      s = `${e.kind} ${summarize(e, 400)}`.toLowerCase();
      this.#search[i] = s;
    }
    return s;
  }

  #passes(i: number): boolean {
    return matchesFilter(this.#events[i]!, this.#filter, () => this.searchText(i));
  }

  #count(e: TraceEvent, d: number): void {
    bump(this.kindCounts, e.kind, d);
    for (const n of eventNodes(e)) bump(this.nodeCounts, n, d);
  }
}

function bump(m: Map<string, number>, key: string, d: number): void {
  const n = (m.get(key) ?? 0) + d;
  if (n > 0) m.set(key, n);
  else m.delete(key);
}
