// Canonical JSON for trace events: keys sorted at every depth, no whitespace, bigints as 0x-hex,
// undefined fields dropped. The same event always serializes to the same bytes, in any engine.
//
// Speed (issue #13): a run serializes every event once, so lines are written as UTF-8 bytes straight
// into a buffer (CanonicalWriter) that the trace hash reads as it is, instead of being built from
// dozens of small strings that are then joined, flattened and encoded again (≈1.4 KB of garbage per
// ~120-byte line). Events of one kind share their keys, so each distinct key list is sorted and its
// keys quoted and encoded once (KeyOrders) instead of per object.
import type { TraceEvent, TraceValue } from './event.ts';

/**
 * Hex texts made lately. A run writes each zxid and session id many times (every server's commit,
 * replies, stats) and a zxid is past the small-integer range, where toString(16) is slow; remembered
 * here they are converted once and the trace shares one string. Cleared when full.
 */
const hexMade = new Map<number | bigint, string>();
const HEX_REMEMBERED = 4096;

export function hex(n: number | bigint): string {
  let s = hexMade.get(n);
  if (s === undefined) {
    const v = typeof n === 'bigint' ? BigInt.asUintN(64, n) : n;
    s = '0x' + v.toString(16);
    if (hexMade.size >= HEX_REMEMBERED) hexMade.clear();
    hexMade.set(n, s);
  }
  return s;
}

/** A key list's canonical order: indices into the object's own key list, and each key quoted. */
interface KeyOrder {
  /** order[i]: the position in Object.keys(v) of the i-th key in sorted order. */
  readonly order: number[];
  /** The UTF-8 bytes of `"key":` for each sorted key. */
  readonly quoted: Uint8Array[];
}

interface TrieNode {
  next: Map<string, TrieNode>;
  order: KeyOrder | null;
  /** The child taken last and its key: events of one shape come in runs, and a string compare is cheaper than a map look-up. */
  lastKey: string | null;
  last: TrieNode | null;
}

/**
 * Key lists seen so far, as a trie over the keys in insertion order (so no joined string is built
 * and no separator can make two lists collide). Objects of one shape find their order in a few map
 * look-ups. Bounded: a trace with endless distinct key lists (a script's marks with made-up field
 * names) stops caching and sorts those objects each time, which gives the same bytes.
 */
const MAX_TRIE_NODES = 20_000;
const root: TrieNode = newNode();
let trieNodes = 0;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The trie node after `key`, made if new; null past MAX_TRIE_NODES (the object is then sorted alone). */
function childOf(node: TrieNode, key: string): TrieNode | null {
  if (node.lastKey === key) return node.last;
  let child = node.next.get(key);
  if (child === undefined) {
    if (trieNodes >= MAX_TRIE_NODES) return null;
    child = newNode();
    node.next.set(key, child);
    trieNodes++;
  }
  node.lastKey = key;
  node.last = child;
  return child;
}

function newNode(): TrieNode {
  return { next: new Map(), order: null, lastKey: null, last: null };
}

/** The order of a key list met for the first time (kept on its trie node, when it has one). */
function newOrder(node: TrieNode | null, v: object): KeyOrder {
  const order = sortKeys(Object.keys(v));
  if (node !== null) node.order = order;
  return order;
}

function sortKeys(keys: string[]): KeyOrder {
  // The default sort compares UTF-16 code units, as the canonical form always has.
  const order = keys
    .map((_, i) => i)
    .sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0));
  return { order, quoted: order.map((i) => encoder.encode(JSON.stringify(keys[i]) + ':')) };
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const NEWLINE = 0x0a;

/** Canonical lines appended as UTF-8 into one growing buffer: `bytes[0, length)`. */
export class CanonicalWriter {
  bytes: Uint8Array;
  length = 0;
  /** Per object nesting depth, a reused array for the object's values while it is written. */
  private readonly values: (TraceValue | undefined)[][] = [];
  private depth = 0;

  constructor(capacity = 1024) {
    this.bytes = new Uint8Array(capacity);
  }

  /**
   * Append the event's canonical line and a "\n". Nothing is appended when the event cannot be
   * written (a non-finite number, a function): the error is thrown and the buffer left as it was.
   */
  line(event: TraceEvent): void {
    const start = this.length;
    try {
      this.value(event as unknown as TraceValue);
    } catch (e) {
      this.length = start;
      this.depth = 0;
      throw e;
    }
    this.byte(NEWLINE);
  }

  /** Append any text as UTF-8. */
  text(s: string): void {
    this.room(3 * s.length);
    this.length += encoder.encodeInto(s, this.bytes.subarray(this.length)).written;
  }

  /** Make room for `n` more bytes. */
  private room(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    let size = 2 * this.bytes.length;
    while (size < this.length + n) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  private byte(b: number): void {
    this.room(1);
    this.bytes[this.length++] = b;
  }

  /** Append a string known to be ASCII (numbers, hex, literals). */
  private ascii(s: string): void {
    const n = s.length;
    this.room(n);
    const bytes = this.bytes;
    let p = this.length;
    for (let i = 0; i < n; i++) bytes[p++] = s.charCodeAt(i);
    this.length = p;
  }

  /** A JSON string literal: printable ASCII is copied; anything else goes through JSON.stringify. */
  private string(s: string): void {
    const n = s.length;
    this.room(n + 2);
    const bytes = this.bytes;
    let p = this.length;
    bytes[p++] = QUOTE;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c > 0x7e || c === QUOTE || c === BACKSLASH) {
        // Escapes, non-ASCII and lone surrogates: JSON.stringify's exact text, encoded.
        this.text(JSON.stringify(s));
        return;
      }
      bytes[p++] = c;
    }
    bytes[p++] = QUOTE;
    this.length = p;
  }

  /** Small non-negative integers digit by digit; every other number as Number#toString writes it. */
  private number(v: number): void {
    if (!Number.isFinite(v)) throw new Error(`trace value is not finite: ${v}`);
    if (!(v >= 0 && v < 2 ** 31 && v === (v | 0))) {
      // The same digits as JSON.stringify for every finite number (-0 included: "0").
      this.ascii('' + v);
      return;
    }
    let digits = 1;
    for (let x = v; x >= 10; x = (x / 10) | 0) digits++;
    this.room(digits);
    const bytes = this.bytes;
    let p = this.length + digits;
    this.length = p;
    for (let x = v; ; ) {
      const q = (x / 10) | 0;
      bytes[--p] = 0x30 + x - 10 * q;
      if (q === 0) break;
      x = q;
    }
  }

  private value(v: TraceValue | undefined): void {
    if (v === null) {
      this.ascii('null');
      return;
    }
    switch (typeof v) {
      case 'string':
        this.string(v);
        return;
      case 'number':
        this.number(v);
        return;
      case 'boolean':
        this.ascii(v ? 'true' : 'false');
        return;
      case 'bigint':
        this.ascii('"' + hex(v) + '"');
        return;
      case 'object': {
        if (Array.isArray(v)) {
          this.byte(0x5b);
          for (let i = 0; i < v.length; i++) {
            if (i > 0) this.byte(COMMA);
            this.value(v[i]);
          }
          this.byte(0x5d);
          return;
        }
        // One pass over the keys, in Object.keys order (trace values are plain data: no enumerable
        // inherited keys), walks the trie and gathers the values: no key array is made per object.
        const depth = this.depth++;
        let values = this.values[depth];
        if (values === undefined) {
          values = [];
          this.values[depth] = values;
        }
        let node: TrieNode | null = root;
        let n = 0;
        for (const k in v) {
          values[n++] = v[k];
          if (node !== null) node = childOf(node, k);
        }
        const { order, quoted } = node?.order ?? newOrder(node, v);
        this.byte(0x7b);
        let first = true;
        for (let i = 0; i < order.length; i++) {
          const x = values[order[i]!];
          if (x === undefined) continue;
          if (!first) this.byte(COMMA);
          // A key is a few bytes: a loop copies them faster than TypedArray#set's call.
          const key = quoted[i]!;
          const kn = key.length;
          this.room(kn);
          const bytes = this.bytes;
          let p = this.length;
          for (let j = 0; j < kn; j++) bytes[p++] = key[j]!;
          this.length = p;
          this.value(x);
          first = false;
        }
        this.byte(0x7d);
        // Dropped so the array holds no event alive: a loop, as the lists are short and fill() is a call.
        for (let i = 0; i < n; i++) values[i] = undefined;
        this.depth = depth;
        return;
      }
      default:
        throw new Error(`trace value of type ${typeof v} cannot be serialized`);
    }
  }
}

const scratch = new CanonicalWriter();

/** One JSONL line, without the newline. */
export function canonicalLine(event: TraceEvent): string {
  scratch.length = 0;
  scratch.line(event);
  return decoder.decode(scratch.bytes.subarray(0, scratch.length - 1));
}
