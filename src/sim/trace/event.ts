// A trace event: one JSON object per line of the trace, with the virtual time `t` (ms) and a `kind`.
// kinds.ts declares every kind and its fields (docs/trace.md), value.ts what a field may hold.
// This module is where the rest of the program imports them from.
import type { TraceEvent, TraceKind } from './kinds.ts';

export type { EventOf, TraceEvent, TraceKind } from './kinds.ts';
export { isKind } from './kinds.ts';
export type { TraceValue } from './value.ts';

// Distributive, so that each kind keeps its own fields (a plain Omit would keep only common ones).
type OmitT<E> = E extends unknown ? Omit<E, 't'> : never;

/** What a node emits: the kernel stamps `t` when it records it. */
export type TraceBody = OmitT<TraceEvent>;

// The kernel records whatever its open `Recordable` lists (src/sim/kernel/records.ts): adding the
// trace's bodies there lets nodes hand ZooKeeper's events to the kernel, type-checked, while the
// kernel imports nothing of the trace.
declare module '../kernel/records.ts' {
  interface Recordable {
    trace: TraceBody;
  }
}

export type BodyOf<K extends TraceKind> = Extract<TraceBody, { kind: K }>;
