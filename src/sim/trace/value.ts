// What a trace event's fields hold: plain JSON, except that session ids (bigint) are allowed in
// memory; canonical serialization (canonical.ts) writes them as 0x-hex strings.

export type TraceValue =
  | string
  | number
  | boolean
  | bigint
  | null
  | TraceValue[]
  | { [k: string]: TraceValue };
