// The kernel's agenda: a binary min-heap ordered by (time, insertion sequence), so events at the
// same virtual millisecond run in the order they were scheduled — the tie-break determinism needs.
export interface Scheduled<T> {
  time: number;
  seq: number;
  item: T;
}

/** Whether `a` runs before `b`: sooner, or at the same time and scheduled first. */
export function precedes<T>(a: Scheduled<T>, b: Scheduled<T>): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

export class EventQueue<T> {
  private heap: Scheduled<T>[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(time: number, item: T): Scheduled<T> {
    const entry = { time, seq: this.nextSeq++, item };
    this.heap.push(entry);
    this.up(this.heap.length - 1, entry);
    return entry;
  }

  /** Put back an entry popped before, in its old place among the rest (its time and sequence). */
  reinsert(entry: Scheduled<T>): void {
    this.heap.push(entry);
    this.up(this.heap.length - 1, entry);
  }

  peek(): Scheduled<T> | undefined {
    return this.heap[0];
  }

  pop(): Scheduled<T> | undefined {
    const top = this.heap[0];
    const last = this.heap.pop();
    if (top === undefined || last === undefined) return undefined;
    if (this.heap.length > 0) this.down(0, last);
    return top;
  }

  // The sifts move a hole rather than swapping pairs: one write per level instead of a swap (a run
  // pops tens of thousands of entries from a heap of hundreds; issue #13).

  /** Place `e` at hole `i` or above it. */
  private up(i: number, e: Scheduled<T>): void {
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = h[p]!;
      if (!precedes(e, parent)) break;
      h[i] = parent;
      i = p;
    }
    h[i] = e;
  }

  /** Place `e` at hole `i` or below it. */
  private down(i: number, e: Scheduled<T>): void {
    const h = this.heap;
    const n = h.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && precedes(h[r]!, h[l]!) ? r : l;
      const child = h[c]!;
      if (!precedes(child, e)) break;
      h[i] = child;
      i = c;
    }
    h[i] = e;
  }
}
