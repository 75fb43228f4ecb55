// A list a view draws after every input from a few raw values (ids, numbers): drawn again only when
// those values differ from the last time, and then sharing the items that did not change
// (same-items.ts). Comparing a handful of numbers is much cheaper than drawing the list (hex ids,
// one object per item) and comparing it item by item.
import { keepEqual } from './same-items.ts';

export class DrawnList<T extends object> {
  private raw: readonly unknown[] = [];
  private list: T[] | undefined;

  /**
   * The last list if these raw values are the ones it was drawn from, else undefined: draw it and
   * `keep` it. (Two calls rather than one taking a drawing function: a closure per call, after
   * every input of every server, was a good part of what pictures allocated.)
   */
  get(raw: readonly unknown[]): T[] | undefined {
    return this.list !== undefined && sameValues(this.raw, raw) ? this.list : undefined;
  }

  /**
   * The list drawn from `raw`, with the items equal to the last list's replaced by them. `raw` may
   * be refilled by the caller for the next call: it is copied.
   */
  keep(raw: readonly unknown[], drawn: T[]): T[] {
    this.raw = raw.slice();
    this.list = keepEqual(this.list, drawn);
    return this.list;
  }
}

function sameValues(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * A list of items each drawn from a key and one primitive value (a session and its expiry, a
 * session and its timeout): an item is drawn once per (key, value) and the list is the last one
 * while every item is. A leader's 200 session expiries, of which one moves per request, cost one
 * new item per request instead of 200.
 */
export class KeyedList<K, T extends object> {
  private readonly drawn = new Map<K, { value: unknown; item: T }>();
  private list: T[] = [];

  get(keys: readonly K[], values: readonly unknown[], draw: (key: K, value: unknown) => T): T[] {
    const next: T[] = new Array(keys.length);
    let same = keys.length === this.list.length;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      let d = this.drawn.get(key);
      if (d === undefined || d.value !== values[i]) {
        d = { value: values[i], item: draw(key, values[i]) };
        this.drawn.set(key, d);
      }
      next[i] = d.item;
      if (same && this.list[i] !== d.item) same = false;
    }
    if (same) return this.list;
    // Keys that left the list (closed sessions) are forgotten now and then, not at every change.
    if (this.drawn.size > 2 * keys.length + 16) {
      const listed = new Set(keys);
      for (const key of this.drawn.keys()) if (!listed.has(key)) this.drawn.delete(key);
    }
    this.list = next;
    return next;
  }
}
