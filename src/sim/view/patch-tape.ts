// Patches (picture-patch.ts) kept one after another in flat arrays. The conductor keeps a patch per
// input that changed a node's picture — a million on a long run of 9 servers — and a Patch as
// objects is five of them (the patch, its lists, a list patch, its indexes, its items): ~260 bytes
// before what it carries. Written flat, a follower's usual patch (lastZxid, the log tail moved on
// by one txn, a timer) is 6 array slots and no object of its own. Reading decodes a patch back
// into a Patch: a few per frame, against one written per input.

import {
  diffInto,
  type Indexes,
  type Items,
  type ListPatch,
  type Patch,
  type PatchOut,
} from './picture-patch.ts';

/**
 * Each op starts with a header word, a small integer: the op (2 bits), the field's number in this
 * tape's table of field names (6 bits; FIELD_ESCAPE: the name follows), and for ONE the rest of it.
 * SET: header, value. DEL: header. LIST: header, length, shift, n, then n × (index, item).
 * ONE — a list with one item changed and shifted by 0 or 1 (the log tail moving on, a timer reset),
 * the usual change — packs shift, index and length into the header: header, item.
 */
const SET = 0;
const DEL = 1;
const LIST = 2;
const ONE = 3;
const FIELD_ESCAPE = 63;
/** ONE's index and length fit in 10 bits each. */
const ONE_MAX = 1024;

/** Keeps a value the tape stores (a set field, a list item) or gives an equal one to keep instead. */
export type Share = (field: string, value: unknown) => unknown;

export class PatchTape implements PatchOut {
  /** chunks[j] holds patches j·perChunk … (j+1)·perChunk − 1, each as its ops. */
  private chunks: unknown[][] = [];
  /** Where patch m starts in its chunk. */
  private starts: number[] = [];
  /** The field names ops refer to by number. */
  private readonly names: string[] = [];
  private readonly numbers = new Map<string, number>();
  /** The ops of the patch being written (the first `n`), kept only if it has any. */
  private readonly ops: unknown[] = [];
  private n = 0;

  constructor(
    private readonly perChunk: number,
    private readonly share: Share = (_, v) => v,
  ) {}

  get length(): number {
    return this.starts.length;
  }

  /** Keeps the patch that turns `prev` into `next`, written as it is found; false (nothing kept) if they are equal. */
  pushDiff(prev: object, next: object): boolean {
    this.n = 0;
    if (!diffInto(prev, next, this)) return false;
    this.keep();
    return true;
  }

  set(field: string, value: unknown): void {
    this.header(SET, field, 0);
    this.op(this.share(field, value));
  }

  list(field: string, length: number, shift: number, at: Indexes, items: Items, n: number) {
    if (n === 1 && shift <= 1 && at[0]! < ONE_MAX && length < ONE_MAX) {
      this.header(ONE, field, shift | (at[0]! << 1) | (length << 11));
      this.op(this.share(field, items[0]));
      return;
    }
    this.header(LIST, field, 0);
    this.op(length);
    this.op(shift);
    this.op(n);
    for (let i = 0; i < n; i++) {
      this.op(at[i]);
      this.op(this.share(field, items[i]));
    }
  }

  del(field: string): void {
    this.header(DEL, field, 0);
  }

  private op(v: unknown): void {
    this.ops[this.n++] = v;
  }

  /** The patch written since `n` was reset is the next one. */
  private keep(): void {
    const m = this.starts.length;
    if (m % this.perChunk === 0) {
      // The full chunk is copied once to its exact size: a growing array keeps up to half again as spare room.
      const j = this.chunks.length - 1;
      if (j >= 0) this.chunks[j] = this.chunks[j]!.slice();
      this.chunks.push([]);
    }
    const out = this.chunks.at(-1)!;
    this.starts.push(out.length);
    const ops = this.ops;
    for (let i = 0; i < this.n; i++) {
      out.push(ops[i]);
      ops[i] = undefined;
    }
  }

  /** Writes an op's header (and the field's name, if it has no number). */
  private header(op: number, field: string, rest: number): void {
    let f = this.numbers.get(field);
    if (f === undefined && this.names.length < FIELD_ESCAPE) {
      f = this.names.push(field) - 1;
      this.numbers.set(field, f);
    }
    this.op(op | ((f ?? FIELD_ESCAPE) << 2) | (rest << 8));
    if (f === undefined) this.op(field);
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
      const header = chunk[i++] as number;
      const op = header & 3;
      const f = (header >> 2) & FIELD_ESCAPE;
      const k = f === FIELD_ESCAPE ? (chunk[i++] as string) : this.names[f]!;
      if (op === SET) {
        p.set ??= {};
        p.set[k] = chunk[i++];
      } else if (op === DEL) {
        p.del ??= [];
        p.del.push(k);
      } else {
        let list: ListPatch;
        if (op === ONE) {
          const rest = header >> 8;
          list = {
            length: rest >> 11,
            shift: rest & 1,
            at: [(rest >> 1) & (ONE_MAX - 1)],
            items: [chunk[i++]],
          };
        } else {
          const length = chunk[i++] as number;
          const shift = chunk[i++] as number;
          const n = chunk[i++] as number;
          list = { length, shift, at: [], items: [] };
          for (let x = 0; x < n; x++) {
            list.at.push(chunk[i++] as number);
            list.items.push(chunk[i++]);
          }
        }
        p.lists ??= {};
        p.lists[k] = list;
      }
    }
    return p;
  }
}
