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
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  for (const k of keys) if (!(k in y) || !samePicture(x[k], y[k])) return false;
  return true;
}

/** A list patch, or undefined when sending the whole list is as good (most items changed). */
function diffList(prev: unknown[], next: unknown[]): ListPatch | undefined {
  const shift = shiftOf(prev, next);
  const at: number[] = [];
  const items: unknown[] = [];
  for (let i = 0; i < next.length; i++) {
    const j = i + shift;
    if (j < prev.length && samePicture(prev[j], next[i])) continue;
    at.push(i);
    items.push(next[i]);
    if (2 * at.length > next.length) return undefined;
  }
  return shift > 0 ? { length: next.length, shift, at, items } : { length: next.length, at, items };
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

/** The patch that turns picture `prev` into `next`, or undefined when they are equal. */
export function diffPicture<P extends object>(prev: P, next: P): Patch | undefined {
  const a = prev as Picture;
  const b = next as Picture;
  let patch: Patch | undefined;
  for (const k in b) {
    const x = a[k];
    const y = b[k];
    if (x === y) continue;
    // Two lists are compared once, item by item, as the list patch is made.
    const list = Array.isArray(x) && Array.isArray(y) ? diffList(x, y) : undefined;
    if (list !== undefined) {
      if (list.at.length === 0 && list.shift === undefined && list.length === (x as unknown[]).length)
        continue;
      patch ??= {};
      patch.lists ??= {};
      patch.lists[k] = list;
    } else if (!(k in a) || !samePicture(x, y)) {
      patch ??= {};
      patch.set ??= {};
      patch.set[k] = y;
    }
  }
  for (const k in a) {
    if (k in b) continue;
    patch ??= {};
    patch.del ??= [];
    patch.del.push(k);
  }
  return patch;
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
