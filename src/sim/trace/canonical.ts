// Canonical JSON for trace events: keys sorted at every depth, no whitespace, bigints as 0x-hex,
// undefined fields dropped. The same event always serializes to the same bytes, in any engine.
//
// Speed (issue #13): a run serializes every event once, and events of one kind share their keys,
// so each distinct key list is sorted and quoted once (KeyOrders) instead of per object.
import type { TraceEvent, TraceValue } from './event.ts';

export function hex(n: number | bigint): string {
  const v = typeof n === 'bigint' ? BigInt.asUintN(64, n) : n;
  return '0x' + v.toString(16);
}

/** A key list's canonical order: indices into the object's own key list, and each key quoted. */
interface KeyOrder {
  /** order[i]: the position in Object.keys(v) of the i-th key in sorted order. */
  readonly order: number[];
  /** `"key":` for each sorted key. */
  readonly quoted: string[];
}

interface TrieNode {
  next: Map<string, TrieNode>;
  order: KeyOrder | null;
}

/**
 * Key lists seen so far, as a trie over the keys in insertion order (so no joined string is built
 * and no separator can make two lists collide). Objects of one shape find their order in a few map
 * look-ups. Bounded: a trace with endless distinct key lists (a script's marks with made-up field
 * names) stops caching and sorts those objects each time, which gives the same bytes.
 */
const MAX_TRIE_NODES = 20_000;
const root: TrieNode = { next: new Map(), order: null };
let trieNodes = 0;

function orderOf(keys: string[]): KeyOrder {
  let node = root;
  for (const k of keys) {
    let child = node.next.get(k);
    if (child === undefined) {
      if (trieNodes >= MAX_TRIE_NODES) return sortKeys(keys);
      child = { next: new Map(), order: null };
      node.next.set(k, child);
      trieNodes++;
    }
    node = child;
  }
  if (node.order === null) node.order = sortKeys(keys);
  return node.order;
}

function sortKeys(keys: string[]): KeyOrder {
  // The default sort compares UTF-16 code units, as the canonical form always has.
  const order = keys
    .map((_, i) => i)
    .sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0));
  return { order, quoted: order.map((i) => JSON.stringify(keys[i]) + ':') };
}

function write(v: TraceValue | undefined): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      if (!Number.isFinite(v)) throw new Error(`trace value is not finite: ${v}`);
      // The same digits as JSON.stringify for every finite number (-0 included: "0").
      return '' + v;
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return '"' + hex(v) + '"';
    case 'object': {
      if (Array.isArray(v)) {
        if (v.length === 0) return '[]';
        let out = '[' + write(v[0]);
        for (let i = 1; i < v.length; i++) out += ',' + write(v[i]);
        return out + ']';
      }
      const keys = Object.keys(v);
      const { order, quoted } = orderOf(keys);
      let out = '{';
      let first = true;
      for (let i = 0; i < order.length; i++) {
        const x = v[keys[order[i]!]!];
        if (x === undefined) continue;
        out += (first ? '' : ',') + quoted[i]! + write(x);
        first = false;
      }
      return out + '}';
    }
    default:
      throw new Error(`trace value of type ${typeof v} cannot be serialized`);
  }
}

/** One JSONL line, without the newline. */
export function canonicalLine(event: TraceEvent): string {
  return write(event as unknown as TraceValue);
}
