// The arithmetic of a virtualized list of fixed-height rows: which rows to put in the DOM for a
// scroll position, and where to scroll so that a row is in view. 100,000 rows cost the DOM only
// the few dozen that can be seen.

export interface RowWindow {
  /** First row to render (inclusive) and last (exclusive). */
  first: number;
  last: number;
  /** Pixel offset of `first` from the top of the list. */
  offset: number;
}

export function rowWindow(
  scrollTop: number,
  viewport: number,
  rowHeight: number,
  total: number,
  overscan = 8,
): RowWindow {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(total, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);
  return { first, last: Math.max(first, last), offset: first * rowHeight };
}

/**
 * The scrollTop that brings `row` into view with the least movement (null: it already is). When it
 * has to move, the row is put a third of the way down, so what led to it stays visible above.
 */
export function scrollToShow(
  row: number,
  scrollTop: number,
  viewport: number,
  rowHeight: number,
): number | null {
  const top = row * rowHeight;
  if (top >= scrollTop && top + rowHeight <= scrollTop + viewport) return null;
  return Math.max(0, top - Math.floor(viewport / 3));
}
