// What different servers draw alike, kept once. Every replica draws the same log entry for a txn in
// the same state and the same znode after it, and the conductor keeps every server's pictures: on 9
// servers, sharing them keeps one of 9. Replicas draw a txn within a few inputs of each other, so a
// bounded table of what was drawn lately finds nearly all of them; one it misses is kept as drawn.
import { samePicture } from './picture-patch.ts';

/** One value kept under a key, for one `sub`; a key's few values are a short chain. */
interface Kept<T> {
  sub: number;
  value: T;
  next: Kept<T> | undefined;
}

/** A key's values beyond this many (a txn in more states than that) are forgotten, the oldest first. */
const SUBS_PER_KEY = 16;

export class RecentEquals<T> {
  private readonly seen = new Map<string, Kept<T>>();

  /**
   * `bound`: how many keys are remembered (the oldest half is forgotten beyond it); `same`: whole
   * equality (flat records can use a cheaper one than the default's).
   */
  constructor(
    private readonly bound: number,
    private readonly same: (a: T, b: T) => boolean = samePicture,
  ) {}

  /**
   * An object equal to `value` seen lately under `key` and `sub`, or `value` (remembered from now
   * on). The key and sub only narrow the search: equality is checked whole, so different values
   * under one key (logs that diverged under a bug) are never taken for each other. A sub spares
   * building a key string per value (a txn's zxid is the key, its state the sub).
   */
  share(key: string, value: T, sub = 0): T {
    const first = this.seen.get(key);
    let n = 0;
    for (let k = first; k !== undefined; k = k.next, n++) {
      if (k.sub !== sub) continue;
      if (this.same(k.value, value)) return k.value;
      k.value = value; // the newer of two unequal values under one sub is the likelier to come again
      return value;
    }
    const kept = { sub, value, next: first };
    // A key already there keeps its place in the map's order (the order keys are forgotten in).
    this.seen.set(key, kept);
    if (first === undefined) this.forgetOldest();
    else if (n >= SUBS_PER_KEY) dropLast(kept);
    return value;
  }

  private forgetOldest(): void {
    if (this.seen.size <= this.bound) return;
    let drop = this.seen.size - this.bound / 2;
    for (const k of this.seen.keys()) {
      if (drop-- <= 0) break;
      this.seen.delete(k);
    }
  }
}

function dropLast<T>(first: Kept<T>): void {
  let k = first;
  while (k.next?.next !== undefined) k = k.next;
  k.next = undefined;
}
