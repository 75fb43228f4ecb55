// Which sends the diagram draws for a window and a filter: those whose flight [t, at] overlaps the
// window, of a type that is shown, between two lanes that are shown. Shared by the drawing and the
// tests, so that "arrows drawn" and "net.send events in the window" are counted the same way.

import type { SendIndex } from './send-index.ts';
import type { TimeWindow } from './time-scale.ts';

export interface SendFilter {
  /** By type id (SendIndex.types): true = hidden. */
  hiddenTypes: readonly boolean[];
  /** By node id (SendIndex.nodes): the lane row, or -1 when the node's lane is hidden. */
  laneOf: readonly number[];
}

/** Calls `each(k)` for every visible send k, in time order; returns how many there were. */
export function forEachVisibleSend(
  sends: SendIndex,
  w: TimeWindow,
  filter: SendFilter,
  each?: (k: number) => void,
): number {
  const [lo, hi] = sends.range(w.start, w.end);
  const { at, type, from, to } = sends;
  let n = 0;
  for (let k = lo; k < hi; k++) {
    if (at[k]! < w.start) continue;
    if (filter.hiddenTypes[type[k]!] === true) continue;
    if ((filter.laneOf[from[k]!] ?? -1) < 0 || (filter.laneOf[to[k]!] ?? -1) < 0) continue;
    n++;
    each?.(k);
  }
  return n;
}
