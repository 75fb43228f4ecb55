// Pictures of the world taken at the frontier as the run is computed, keyed by how many events had
// been recorded. Seeking back shows the last picture taken at or before the cursor: no replay, so a
// seek costs a binary search whatever the run's length.
import type { WorldView } from '../sim/view/types.ts';

interface Entry {
  index: number;
  view: WorldView;
}

export class ViewHistory {
  private entries: Entry[] = [];

  /**
   * A picture of the world after `index` events. One at or below the last index is dropped: after a
   * branch the run is recomputed from 0, and the pictures kept from before the cut show the very
   * same states (the prefix of a deterministic run). One at the last index replaces it: the same
   * states, seen later (the clock moved on without events).
   */
  add(index: number, view: WorldView): void {
    const last = this.entries.at(-1);
    if (!last || last.index < index) this.entries.push({ index, view });
    else if (last.index === index) last.view = view;
  }

  /** The index of the last picture, or -1. */
  get lastIndex(): number {
    return this.entries.at(-1)?.index ?? -1;
  }

  /** The latest picture taken with at most `index` events recorded. */
  at(index: number): WorldView | undefined {
    let lo = 0;
    let hi = this.entries.length - 1;
    let found: Entry | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const e = this.entries[mid]!;
      if (e.index <= index) {
        found = e;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found?.view;
  }

  /** Forget every picture taken after more than `index` events (the timeline was cut there). */
  cut(index: number): void {
    while ((this.entries.at(-1)?.index ?? -1) > index) this.entries.pop();
  }

  get size(): number {
    return this.entries.length;
  }
}

/** The first index whose event is later than t (events are in time order). */
export function indexAfter(events: readonly { t: number }[], t: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (events[mid]!.t <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
