// The shapes of protocol values in trace events (docs/trace.md): a Stat with its 11 ZooKeeper
// fields, zxids as 0x-hex strings, and what each call returned. Types only, so the trace kinds
// (kinds.ts) name them without the formatting code (format.ts) that builds them.
import type { ErrorName } from '../server/errors.ts';

// Type aliases, not interfaces: they are then plain TraceValue objects (kinds.ts checks that).
export type TraceStat = {
  czxid: string;
  mzxid: string;
  pzxid: string;
  ctime: number;
  mtime: number;
  version: number;
  cversion: number;
  aversion: number;
  ephemeralOwner: string;
  dataLength: number;
  numChildren: number;
};

export type TraceMultiResult =
  | { op: 'create'; path: string; stat?: TraceStat }
  | { op: 'set'; stat: TraceStat }
  | { op: 'delete' }
  | { op: 'check' }
  | { op: 'get'; data: string | null; stat: TraceStat }
  | { op: 'children'; children: string[] }
  | { op: 'error'; err: ErrorName };

/** `client.reply`'s `result`: what the call returned (docs/trace.md lists it per op). */
export type TraceResult = {
  path?: string;
  data?: string | null;
  stat?: TraceStat | null;
  children?: string[];
  acl?: { perms: number; scheme: string; id: string }[];
  results?: TraceMultiResult[];
  ephemerals?: string[];
  number?: number;
};
