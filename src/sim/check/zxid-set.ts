// A sorted set of zxids with "is there one strictly between lo and hi" queries (binary search).
// Zxids mostly arrive in increasing order, so inserts are usually appends.
export class ZxidSet {
  // The first member makes an array of exactly one: a push into an empty one reserves 17 slots, and
  // the checker keeps a set or three per path (100k paths).
  private sorted: number[] = [];

  get size(): number {
    return this.sorted.length;
  }

  has(z: number): boolean {
    const i = this.lowerBound(z);
    return this.sorted[i] === z;
  }

  /** Adds z; false when it was there already. */
  add(z: number): boolean {
    const last = this.sorted[this.sorted.length - 1];
    if (last === undefined) {
      this.sorted = [z];
      return true;
    }
    if (z > last) {
      this.sorted.push(z);
      return true;
    }
    const i = this.lowerBound(z);
    if (this.sorted[i] === z) return false;
    this.sorted.splice(i, 0, z);
    return true;
  }

  /** The smallest member m with lo < m < hi, or undefined. */
  firstBetween(lo: number, hi: number): number | undefined {
    const m = this.sorted[this.lowerBound(lo + 1)];
    return m !== undefined && m < hi ? m : undefined;
  }

  /** Every member m with lo < m ≤ hi. */
  range(lo: number, hi: number): number[] {
    const out: number[] = [];
    for (let i = this.lowerBound(lo + 1); i < this.sorted.length && this.sorted[i]! <= hi; i++)
      out.push(this.sorted[i]!);
    return out;
  }

  /** The largest member, or undefined. */
  max(): number | undefined {
    return this.sorted[this.sorted.length - 1];
  }

  /** Index of the first member ≥ z. */
  private lowerBound(z: number): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid]! < z) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
