// What changed between two pictures of a node, and that change applied to the earlier one. A
// picture is an object of fields holding plain JSON values; per input a few fields change, and in
// a long list (a leader's session expiries, the log tail) a few items. So a patch says which
// fields are new and, for a list, which items: that is what crosses from a node's worker and what
// the conductor keeps per input (src/conductor/picture-log.ts), instead of the whole picture.
//
// Applying patches copies the picture's top object and the lists they touch: the result shares
// every unchanged field and item with the base, so pictures kept side by side share memory too.

/** Fields replaced, lists changed item by item, fields removed. */
export interface Patch {
  set?: Record<string, unknown>;
  lists?: Record<string, ListPatch>;
  del?: string[];
}

/**
 * A list's new length and the items that differ (by index), after dropping `shift` items from its
 * front: a log tail that moved on by one txn is a shift of 1 and one new item, not a new list.
 */
export interface ListPatch {
  length: number;
  shift?: number;
  at: number[];
  items: unknown[];
}

type Picture = Record<string, unknown>;

/** Whether two plain JSON values are equal (unchanged parts are often the same object: checked first). */
export function samePicture(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!samePicture(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Picture;
  const y = b as Picture;
  // Counted with for-in rather than Object.keys: no key arrays made for every compared object.
  let n = 0;
  for (const k in x) {
    if (!(k in y) || !samePicture(x[k], y[k])) return false;
    n++;
  }
  for (const _ in y) n--;
  return n === 0;
}

export type Indexes = readonly number[];
export type Items = readonly unknown[];

/**
 * Where a diff writes what changed, op by op: a Patch to send (diffPicture) or the flat tape the
 * conductor keeps (PatchTape), which then needs no Patch objects made for it. `at` and `items` are
 * the writer's scratch: only their first `n` are this list's, and they are not to be kept.
 */
export interface PatchOut {
  set(field: string, value: unknown): void;
  list(field: string, length: number, shift: number, at: Indexes, items: Items, n: number): void;
  del(field: string): void;
}

// The changed items of the list being compared (diffList): one list at a time, never kept.
const AT: number[] = [];
const ITEMS: unknown[] = [];
/** How many of ITEMS hold something since the last diff let them go. */
let itemsUsed = 0;

/**
 * How many items of `next` differ from `prev`'s after dropping `shift` of them (in AT and ITEMS),
 * or -1 when most do and sending the whole list is as good.
 */
function diffList(prev: unknown[], next: unknown[], shift: number): number {
  let n = 0;
  for (let i = 0; i < next.length; i++) {
    const j = i + shift;
    if (j < prev.length && samePicture(prev[j], next[i])) continue;
    AT[n] = i;
    ITEMS[n++] = next[i];
    if (n > itemsUsed) itemsUsed = n;
    if (2 * n > next.length) return -1;
  }
  return n;
}

/**
 * How many items the list moved forward by, seen by identity (a picture keeps the objects of the
 * items it drew before): the first place `next`'s first item was in `prev`, if its start is not.
 */
function shiftOf(prev: unknown[], next: unknown[]): number {
  if (next.length === 0 || prev[0] === next[0]) return 0;
  const k = prev.indexOf(next[0]);
  return k > 0 && typeof next[0] === 'object' && next[0] !== null ? k : 0;
}

/** Writes to `out` what turns picture `prev` into `next`; whether anything differs. */
export function diffInto(prev: object, next: object, out: PatchOut): boolean {
  const a = prev as Picture;
  const b = next as Picture;
  let changed = false;
  for (const k in b) {
    const x = a[k];
    const y = b[k];
    if (x === y) continue;
    // Two lists are compared once, item by item, as the list patch is made.
    if (Array.isArray(x) && Array.isArray(y)) {
      const shift = shiftOf(x, y);
      const n = diffList(x, y, shift);
      if (n >= 0) {
        if (n === 0 && shift === 0 && y.length === x.length) continue;
        out.list(k, y.length, shift, AT, ITEMS, n);
        changed = true;
        continue;
      }
    }
    if (!(k in a) || !samePicture(x, y)) {
      out.set(k, y);
      changed = true;
    }
  }
  for (const k in a) {
    if (k in b) continue;
    out.del(k);
    changed = true;
  }
  // Let go of the items the lists compared: the scratch must not hold on to pictures.
  for (let i = 0; i < itemsUsed; i++) ITEMS[i] = undefined;
  itemsUsed = 0;
  return changed;
}

/** Builds a Patch object from a diff's ops. */
class PatchBuilder implements PatchOut {
  readonly patch: Patch = {};

  set(field: string, value: unknown): void {
    this.patch.set ??= {};
    this.patch.set[field] = value;
  }

  list(field: string, length: number, shift: number, at: Indexes, items: Items, n: number) {
    this.patch.lists ??= {};
    this.patch.lists[field] =
      shift > 0
        ? { length, shift, at: at.slice(0, n), items: items.slice(0, n) }
        : { length, at: at.slice(0, n), items: items.slice(0, n) };
  }

  del(field: string): void {
    this.patch.del ??= [];
    this.patch.del.push(field);
  }
}

/** The patch that turns picture `prev` into `next`, or undefined when they are equal. */
export function diffPicture<P extends object>(prev: P, next: P): Patch | undefined {
  const out = new PatchBuilder();
  return diffInto(prev, next, out) ? out.patch : undefined;
}

/** `base` with `patches` applied in order, as a new picture; `base` is not modified. */
export function applyPatches<P extends object>(base: P, patches: readonly Patch[]): P {
  const out: Picture = { ...(base as Picture) };
  const copied = new Set<string>(); // lists of `out` that are copies, safe to write into
  for (const p of patches) {
    for (const k in p.set) {
      out[k] = p.set[k];
      copied.delete(k);
    }
    for (const k in p.lists) {
      const { length, shift = 0, at, items } = p.lists[k]!;
      let list = out[k] as unknown[];
      if (!copied.has(k) || shift > 0) {
        list = Array.isArray(list) ? list.slice(shift, shift + length) : [];
        out[k] = list;
        copied.add(k);
      }
      list.length = length;
      for (let i = 0; i < at.length; i++) list[at[i]!] = items[i];
    }
    for (const k of p.del ?? []) {
      delete out[k];
      copied.delete(k);
    }
  }
  return out as P;
}
