// A model of java.util.HashSet<String> (JDK 17 HashMap underneath), kept only so that every place where
// ZooKeeper hands out the contents of a HashSet (getChildren, the paths2Delete of a closeSession, the
// container candidates) lists them in the order a real server would.
//
// The model: a HashMap iterates bucket by bucket (bucket = spread(hash) & (capacity − 1)) and, inside a
// bucket, in the order the entries were linked in. New entries are appended to the tail, a resize splits
// each bucket into two while keeping relative order, and a removal just unlinks. So within a bucket the
// order is always insertion order of the entries still present, and sorting by (bucket, insertion seq)
// reproduces HashMap iteration exactly.
//
// Not reproduced: treeified bins. When a bucket would reach 9 entries while the table already has 64 or
// more buckets, HashMap#treeifyBin turns the bucket into a red-black tree whose `next` chain no longer
// follows insertion order (TreeNode#putTreeVal links after the tree parent, moveRootToFront reorders).
// That needs ≥ 9 names colliding in the low bits of their spread hash; `treeified` records that it
// happened so a caller can tell the order may differ from Java's from then on.

const MAXIMUM_CAPACITY = 1 << 30;
const TREEIFY_THRESHOLD = 8;
const MIN_TREEIFY_CAPACITY = 64;
const DEFAULT_INITIAL_CAPACITY = 16;

/** java.lang.String#hashCode: s[0]·31^(n−1) + … over UTF-16 code units, in 32-bit two's complement. */
export function javaStringHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) {
    h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  }
  return h;
}

/** HashMap#hash: fold the high half into the low half, because bucket indexes only use low bits. */
export function javaSpreadHash(h: number): number {
  return h ^ (h >>> 16);
}

/** HashMap#tableSizeFor: the smallest power of two ≥ cap (1 for cap ≤ 1). */
export function tableSizeFor(cap: number): number {
  if (cap <= 1) return 1;
  if (cap >= MAXIMUM_CAPACITY) return MAXIMUM_CAPACITY;
  let n = 1;
  while (n < cap) n *= 2;
  return n;
}

interface Entry {
  spread: number;
  seq: number;
}

/** Serializable state: enough to rebuild the identical iteration order. */
export interface JavaHashSetState {
  capacity: number;
  /** In iteration order. */
  items: string[];
}

/** A set's entries and how many are in each bucket. */
class Tables {
  readonly entries = new Map<string, Entry>();
  readonly bucketSizes = new Map<number, number>();
}

export class JavaHashSet implements Iterable<string> {
  /**
   * Made at the first add: most sets are a leaf znode's children and stay empty, and two empty Maps
   * cost ~380 bytes (100k znodes on 3 servers: ~110 MB).
   */
  private tables: Tables | null = null;
  /** 0 until the first insertion allocates the table (HashMap allocates lazily). */
  private cap = 0;
  /** Before allocation this holds the requested initial capacity, as HashMap keeps it in `threshold`. */
  private threshold: number;
  private nextSeq = 0;
  private ordered: string[] | null = null;
  /** True once a bin would have been treeified by Java (see the file comment). */
  treeified = false;

  /** `new HashSet<>(initialCapacity)`; without an argument, `new HashSet<>()` (16 buckets on first add). */
  constructor(initialCapacity?: number) {
    this.threshold = initialCapacity === undefined ? 0 : tableSizeFor(initialCapacity);
  }

  /** `new HashSet<>(collection)` (HashSet(Collection) presizes to max(size/.75 + 1, 16), then addAll). */
  static copyOf(items: readonly string[]): JavaHashSet {
    const set = new JavaHashSet(Math.max(Math.trunc(Math.fround(items.length / 0.75)) + 1, 16));
    for (const s of items) set.add(s);
    return set;
  }

  /**
   * Rebuild a set from {@link state}; the iteration order comes back identical. `initialCapacity` is what
   * the set was constructed with, which matters only while no table has been allocated.
   */
  static fromState(state: JavaHashSetState, initialCapacity?: number): JavaHashSet {
    const set = new JavaHashSet(initialCapacity);
    if (state.capacity > 0) {
      set.cap = state.capacity;
      set.threshold = Math.floor(state.capacity * 0.75);
    }
    // Inserting in iteration order at the same capacity recreates each bucket's chain as it was; no
    // resize or treeify check here, since the saved state may legitimately hold an over-full bucket.
    for (const s of state.items) {
      const spread = javaSpreadHash(javaStringHashCode(s));
      set.tables ??= new Tables();
      const { entries, bucketSizes } = set.tables;
      entries.set(s, { spread, seq: set.nextSeq++ });
      const b = spread & (set.cap - 1);
      bucketSizes.set(b, (bucketSizes.get(b) ?? 0) + 1);
    }
    return set;
  }

  state(): JavaHashSetState {
    return { capacity: this.cap, items: this.toArray() };
  }

  /**
   * HashSet#clone on JDK 17: HashMap#clone re-inserts every entry through putMapEntries, which presizes
   * the table to tableSizeFor((int)(size/0.75f + 1)), so the copy can have fewer buckets than the
   * original and iterate in a different order.
   */
  clone(): JavaHashSet {
    const copy = new JavaHashSet();
    const s = this.size;
    if (s > 0) {
      copy.threshold = tableSizeFor(Math.trunc(Math.fround(Math.fround(s / 0.75) + 1)));
    }
    for (const item of this) copy.add(item);
    copy.treeified = this.treeified;
    return copy;
  }

  get size(): number {
    return this.tables === null ? 0 : this.tables.entries.size;
  }

  /** Number of buckets (0 while no table has been allocated). */
  get capacity(): number {
    return this.cap;
  }

  has(s: string): boolean {
    return this.tables?.entries.has(s) === true;
  }

  /** HashMap#putVal; an element already present keeps its place. */
  add(s: string): boolean {
    if (this.has(s)) return false;
    this.tables ??= new Tables();
    const { entries, bucketSizes } = this.tables;
    if (this.cap === 0) this.resize();
    const spread = javaSpreadHash(javaStringHashCode(s));
    const b = spread & (this.cap - 1);
    const before = bucketSizes.get(b) ?? 0;
    entries.set(s, { spread, seq: this.nextSeq++ });
    bucketSizes.set(b, before + 1);
    this.ordered = null;
    // putVal calls treeifyBin when it appended behind TREEIFY_THRESHOLD existing nodes; below 64 buckets
    // treeifyBin resizes instead.
    if (before >= TREEIFY_THRESHOLD) {
      if (this.cap < MIN_TREEIFY_CAPACITY) this.resize();
      else this.treeified = true;
    }
    if (entries.size > this.threshold) this.resize();
    return true;
  }

  /** HashMap#removeNode: unlinks; the table never shrinks. */
  delete(s: string): boolean {
    const t = this.tables;
    const e = t?.entries.get(s);
    if (!t || !e) return false;
    t.entries.delete(s);
    const b = e.spread & (this.cap - 1);
    const n = (t.bucketSizes.get(b) ?? 1) - 1;
    if (n === 0) t.bucketSizes.delete(b);
    else t.bucketSizes.set(b, n);
    this.ordered = null;
    return true;
  }

  /** Iteration order as a fresh array. */
  toArray(): string[] {
    return this.orderedItems().slice();
  }

  [Symbol.iterator](): Iterator<string> {
    return this.orderedItems().slice()[Symbol.iterator]();
  }

  private orderedItems(): string[] {
    if (this.ordered === null) {
      const mask = this.cap - 1;
      const rows: { s: string; b: number; seq: number }[] = [];
      for (const [s, e] of this.tables?.entries ?? []) rows.push({ s, b: e.spread & mask, seq: e.seq });
      rows.sort((x, y) => x.b - y.b || x.seq - y.seq);
      this.ordered = rows.map((r) => r.s);
    }
    return this.ordered;
  }

  /** HashMap#resize. */
  private resize(): void {
    const oldCap = this.cap;
    const oldThr = this.threshold;
    let newCap: number;
    let newThr = 0;
    if (oldCap > 0) {
      if (oldCap >= MAXIMUM_CAPACITY) {
        this.threshold = 0x7fffffff;
        return;
      }
      newCap = oldCap * 2;
      if (newCap < MAXIMUM_CAPACITY && oldCap >= DEFAULT_INITIAL_CAPACITY) newThr = oldThr * 2;
    } else if (oldThr > 0) {
      newCap = oldThr;
    } else {
      newCap = DEFAULT_INITIAL_CAPACITY;
      newThr = Math.trunc(DEFAULT_INITIAL_CAPACITY * 0.75);
    }
    if (newThr === 0) newThr = newCap < MAXIMUM_CAPACITY ? Math.trunc(newCap * 0.75) : 0x7fffffff;
    this.cap = newCap;
    this.threshold = newThr;
    const t = this.tables;
    if (t !== null) {
      t.bucketSizes.clear();
      for (const e of t.entries.values()) {
        const b = e.spread & (newCap - 1);
        t.bucketSizes.set(b, (t.bucketSizes.get(b) ?? 0) + 1);
      }
    }
    this.ordered = null;
  }
}
