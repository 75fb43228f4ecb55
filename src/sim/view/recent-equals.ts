// What different servers draw alike, kept once. Every replica draws the same log entry for a txn in
// the same state and the same znode after it, and the conductor keeps every server's pictures: on 9
// servers, sharing them keeps one of 9. Replicas draw a txn within a few inputs of each other, so a
// bounded table of what was drawn lately finds nearly all of them; one it misses is kept as drawn.
import { samePicture } from './picture-patch.ts';

export class RecentEquals<T> {
  private readonly seen = new Map<string, T>();

  /**
   * `bound`: how many keys are remembered (the oldest half is forgotten beyond it); `same`: whole
   * equality (flat records can use a cheaper one than the default's).
   */
  constructor(
    private readonly bound: number,
    private readonly same: (a: T, b: T) => boolean = samePicture,
  ) {}

  /**
   * An object equal to `value` seen lately under `key`, or `value` (remembered from now on). The key
   * only narrows the search: equality is checked whole, so different values under one key (logs
   * that diverged under a bug) are never taken for each other.
   */
  share(key: string, value: T): T {
    const last = this.seen.get(key);
    if (last !== undefined && this.same(last, value)) return last;
    this.seen.set(key, value);
    if (this.seen.size > this.bound) {
      let drop = this.seen.size - this.bound / 2;
      for (const k of this.seen.keys()) {
        if (drop-- <= 0) break;
        this.seen.delete(k);
      }
    }
    return value;
  }
}
