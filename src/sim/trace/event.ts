// A trace event: one JSON object per line of the trace, with the virtual time `t` (ms) and a `kind`.
// kinds.ts declares every kind and its fields (docs/trace.md). Values are plain JSON, except that
// session ids (bigint) are allowed in memory; canonical serialization writes them as 0x-hex strings.
import type { TraceEvent, TraceKind } from './kinds.ts';

export type { EventOf, TraceEvent, TraceKind } from './kinds.ts';
export { isKind } from './kinds.ts';

export type TraceValue =
  | string
  | number
  | boolean
  | bigint
  | null
  | TraceValue[]
  | { [k: string]: TraceValue };

// Distributive, so that each kind keeps its own fields (a plain Omit would keep only common ones).
type OmitT<E> = E extends unknown ? Omit<E, 't'> : never;

/** What a node emits: the kernel stamps `t` when it records it. */
export type TraceBody = OmitT<TraceEvent>;

export type BodyOf<K extends TraceKind> = Extract<TraceBody, { kind: K }>;
