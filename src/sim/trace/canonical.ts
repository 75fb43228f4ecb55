// Canonical JSON for trace events: keys sorted at every depth, no whitespace, bigints as 0x-hex,
// undefined fields dropped. The same event always serializes to the same bytes, in any engine.
import type { TraceEvent, TraceValue } from './event.ts';

export function hex(n: number | bigint): string {
  const v = typeof n === 'bigint' ? BigInt.asUintN(64, n) : n;
  return '0x' + v.toString(16);
}

function write(v: TraceValue | undefined): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'bigint':
      return JSON.stringify(hex(v));
    case 'number':
      if (!Number.isFinite(v)) throw new Error(`trace value is not finite: ${v}`);
      return JSON.stringify(v);
    case 'string':
    case 'boolean':
      return JSON.stringify(v);
    case 'object': {
      if (Array.isArray(v)) return '[' + v.map((x) => write(x)).join(',') + ']';
      const keys = Object.keys(v)
        .filter((k) => v[k] !== undefined)
        .sort();
      return '{' + keys.map((k) => JSON.stringify(k) + ':' + write(v[k])).join(',') + '}';
    }
    default:
      throw new Error(`trace value of type ${typeof v} cannot be serialized`);
  }
}

/** One JSONL line, without the newline. */
export function canonicalLine(event: TraceEvent): string {
  return write(event as unknown as TraceValue);
}
