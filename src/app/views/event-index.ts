// Indexes of the trace events of some kinds, kept up to date incrementally as the page's copy of
// the trace grows, so a view never rescans 100,000 events per frame to find the few partitions,
// violations or wake-ups it needs. A branch (a fault injected at the cursor) replaces the tail of
// the trace: that is noticed because the last event seen is no longer the same object, and the
// index is rebuilt once.
import type { TraceEvent } from '../../sim/trace/event.ts';

export class EventIndex {
  indexes: number[] = [];
  #seen = 0;
  #last: TraceEvent | undefined;

  constructor(private readonly keep: (e: TraceEvent) => boolean) {}

  /** Brings the index up to date with `events`; returns it. */
  update(events: readonly TraceEvent[]): readonly number[] {
    if (this.#seen > 0 && (events.length < this.#seen || events[this.#seen - 1] !== this.#last)) {
      this.indexes = [];
      this.#seen = 0;
    }
    for (let i = this.#seen; i < events.length; i++) if (this.keep(events[i]!)) this.indexes.push(i);
    this.#seen = events.length;
    this.#last = events[events.length - 1];
    return this.indexes;
  }
}
