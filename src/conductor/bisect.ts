// Binary searches over arrays kept in order (events by time, pictures by cursor index).

/** How many of `items`, sorted by `key`, have a key at most `value`. */
export function upperBound<T>(items: readonly T[], value: number, key: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(items[mid]!) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index whose event is later than t (events are in time order). */
export const indexAfter = (events: readonly { t: number }[], t: number): number =>
  upperBound(events, t, (e) => e.t);
