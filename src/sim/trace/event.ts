// A trace event: one JSON object per line of the trace, with the virtual time `t` (ms) and a `kind`.
// docs/trace.md lists every kind and its fields. Values are plain JSON, except that session ids
// (bigint) are allowed in memory; canonical serialization writes them as 0x-hex strings.
export type TraceValue =
  | string
  | number
  | boolean
  | bigint
  | null
  | TraceValue[]
  | { [k: string]: TraceValue };

export interface TraceEvent {
  t: number;
  kind: string;
  [field: string]: TraceValue | undefined;
}

/** What a node emits: the kernel stamps `t` when it records it. */
export type TraceBody = Omit<TraceEvent, 't'>;
