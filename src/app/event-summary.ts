// One line of text for a trace event in the live log: its fields other than `t` and `kind`,
// as `key=value`, cut to a readable length.
import { hex } from '../sim/trace/canonical.ts';
import type { TraceEvent, TraceValue } from '../sim/trace/event.ts';

const PLAIN = /^[\w.:/@+-]+$/;

function toJson(v: TraceValue): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? hex(x) : x));
}

function cut(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max - 1) + '…';
}

export function formatValue(v: TraceValue, max = 60): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'bigint':
      return hex(v);
    case 'string':
      return cut(PLAIN.test(v) ? v : JSON.stringify(v), max);
    case 'number':
    case 'boolean':
      return String(v);
    default:
      return cut(toJson(v), max);
  }
}

export function summarize(event: TraceEvent, max = 200): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(event)) {
    if (key === 't' || key === 'kind' || value === undefined) continue;
    parts.push(`${key}=${formatValue(value)}`);
  }
  return cut(parts.join(' '), max);
}

/** Virtual ms as seconds with millisecond precision: 1234 → "1.234". */
export function formatTime(ms: number): string {
  return (ms / 1000).toFixed(3);
}
