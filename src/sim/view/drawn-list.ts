// A list a view draws after every input from a few raw values (ids, numbers): drawn again only when
// those values differ from the last time, and then sharing the items that did not change
// (same-items.ts). Comparing a handful of numbers is much cheaper than drawing the list (hex ids,
// one object per item) and comparing it item by item.
import { keepEqual } from './same-items.ts';

export class DrawnList<T extends object> {
  private raw: readonly unknown[] = [];
  private list: T[] | undefined;

  /** The list for these raw values: the last one if they are the same, else `draw()`. */
  get(raw: readonly unknown[], draw: () => T[]): T[] {
    if (this.list !== undefined && sameValues(this.raw, raw)) return this.list;
    this.raw = raw;
    this.list = keepEqual(this.list, draw());
    return this.list;
  }
}

function sameValues(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
