// Views draw a node after every input it handles, and most of what they draw is what they drew
// before. Keeping the earlier objects where a new one is equal makes the unchanged parts of two
// pictures the same objects, so comparing pictures (picture-patch.ts) is mostly `===`.

/** Flat records (primitive fields, or arrays of primitives) with equal fields. */
export function flatEqual(a: object, b: object): boolean {
  if (a === b) return true;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let n = 0;
  for (const k in x) {
    n++;
    const u = x[k];
    const v = y[k];
    if (u === v) continue;
    if (!Array.isArray(u) || !Array.isArray(v) || u.length !== v.length) return false;
    for (let i = 0; i < u.length; i++) if (u[i] !== v[i]) return false;
  }
  for (const _ in y) n--;
  return n === 0;
}

/** `next`, with each item equal to `prev`'s at the same place replaced by it; `prev` itself if all are. */
export function keepEqual<T extends object>(prev: T[] | undefined, next: T[]): T[] {
  if (prev === undefined) return next;
  let all = prev.length === next.length;
  for (let i = 0; i < next.length; i++) {
    const p = prev[i];
    if (p !== undefined && flatEqual(p, next[i]!)) next[i] = p;
    else all = false;
  }
  return all ? prev : next;
}
