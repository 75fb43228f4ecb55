// Patches (picture-patch.ts) kept one after another in flat arrays. The conductor keeps a patch per
// input that changed a node's picture — a million on a long run of 9 servers — and a Patch as
// objects is five of them (the patch, its lists, a list patch, its indexes, its items): ~260 bytes
// before what it carries. Written flat, a follower's usual patch (lastZxid, the log tail moved on
// by one txn, a timer) is ~15 array slots and no object of its own. Reading decodes a patch back
// into a Patch: a few per frame, against one written per input.

import type { ListPatch, Patch } from './picture-patch.ts';

/** Op codes: a field set, a list changed item by item, a field removed. */
const SET = 0;
const LIST = 1;
const DEL = 2;

/** Keeps a value the tape stores (a set field, a list item) or gives an equal one to keep instead. */
export type Share = (field: string, value: unknown) => unknown;

export class PatchTape {
  /** chunks[j] holds patches j·perChunk … (j+1)·perChunk − 1, each as its ops. */
  private chunks: unknown[][] = [];
  /** Where patch m starts in its chunk. */
  private starts: number[] = [];

  constructor(
    private readonly perChunk: number,
    private readonly share: Share = (_, v) => v,
  ) {}

  get length(): number {
    return this.starts.length;
  }

  push(p: Patch): void {
    const m = this.starts.length;
    if (m % this.perChunk === 0) {
      // The full chunk is copied once to its exact size: a growing array keeps up to half again as spare room.
      const j = this.chunks.length - 1;
      if (j >= 0) this.chunks[j] = this.chunks[j]!.slice();
      this.chunks.push([]);
    }
    const out = this.chunks.at(-1)!;
    this.starts.push(out.length);
    for (const k in p.set) out.push(SET, k, this.share(k, p.set[k]));
    for (const k in p.lists) {
      const { length, shift = 0, at, items } = p.lists[k]!;
      out.push(LIST, k, length, shift, at.length);
      for (let i = 0; i < at.length; i++) out.push(at[i], this.share(k, items[i]));
    }
    for (const k of p.del ?? []) out.push(DEL, k);
  }

  /** Patches `from` … `to` − 1, as Patch objects. */
  slice(from: number, to: number): Patch[] {
    const out: Patch[] = [];
    for (let m = from; m < to; m++) out.push(this.get(m));
    return out;
  }

  /** Keep the first `n` patches only. */
  truncate(n: number): void {
    if (n >= this.starts.length) return;
    const j = Math.floor(n / this.perChunk);
    this.chunks.length = n % this.perChunk === 0 ? j : j + 1;
    if (n % this.perChunk !== 0) this.chunks[j]!.length = this.starts[n]!;
    this.starts.length = n;
  }

  private get(m: number): Patch {
    const chunk = this.chunks[Math.floor(m / this.perChunk)]!;
    const end =
      (m + 1) % this.perChunk === 0 || m + 1 === this.starts.length ? chunk.length : this.starts[m + 1]!;
    const p: Patch = {};
    for (let i = this.starts[m]!; i < end; ) {
      const op = chunk[i++];
      const k = chunk[i++] as string;
      if (op === SET) {
        p.set ??= {};
        p.set[k] = chunk[i++];
      } else if (op === DEL) {
        p.del ??= [];
        p.del.push(k);
      } else {
        const length = chunk[i++] as number;
        const shift = chunk[i++] as number;
        const n = chunk[i++] as number;
        const list: ListPatch = { length, shift, at: [], items: [] };
        for (let x = 0; x < n; x++) {
          list.at.push(chunk[i++] as number);
          list.items.push(chunk[i++]);
        }
        p.lists ??= {};
        p.lists[k] = list;
      }
    }
    return p;
  }
}
