// Events are in time order: the cursor's index for a virtual time is a binary search.

/** The first index whose event is later than t. */
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
