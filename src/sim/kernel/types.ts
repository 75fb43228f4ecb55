// The contract between the kernel and the nodes it hosts. A node is a state machine: it is handed
// one input at a virtual time and returns its outputs; it never sends, sleeps, reads a clock or
// touches a disk itself (docs/architecture.md, "Nodes are state machines").
import type { ConnId, NodeId } from './ids.ts';
import type { RecordBody } from './records.ts';

export type { ConnId, NodeId } from './ids.ts';

/** What a server's simulated disk holds: named files (written atomically) and append-only logs. */
export interface DiskImage {
  files: Record<string, unknown>;
  logs: Record<string, unknown[]>;
}

export type NodeInput<M> =
  /** Boot: `disk` is what survived on this node's disk (empty on a fresh node). */
  | { type: 'start'; disk: DiskImage }
  | { type: 'timer'; name: string }
  /** A connection this node asked for (`ref` echoes its request) or accepted is established. */
  | { type: 'connected'; conn: ConnId; peer: NodeId; ref: number | null }
  | { type: 'connect.failed'; peer: NodeId; ref: number; reason: 'refused' | 'timeout' }
  | { type: 'message'; conn: ConnId; from: NodeId; msg: M }
  /** The connection is gone: closed by the peer, or broken by a crash, partition or drop. */
  | { type: 'closed'; conn: ConnId; peer: NodeId; reason: 'closed' | 'broken' }
  /**
   * An operator's command from outside the simulated network (the playground's fault palette),
   * e.g. `expireSession`. Nodes that have no such command ignore it.
   */
  | { type: 'command'; name: string; arg: string };

export type NodeOutput<M> =
  | { type: 'connect'; to: NodeId; ref: number }
  | { type: 'send'; conn: ConnId; msg: M }
  | { type: 'close'; conn: ConnId }
  /** Set (or reset) the named timer to fire `after` ms from now. */
  | { type: 'timer.set'; name: string; after: number }
  | { type: 'timer.cancel'; name: string }
  /** Replace a whole file atomically and durably (temp file + rename + fsync), as epoch files are. */
  | { type: 'disk.write'; file: string; data: unknown }
  /** Append to a log; the record is durable only after a later `disk.fsync` of that log. */
  | { type: 'disk.append'; log: string; record: unknown }
  | { type: 'disk.fsync'; log: string }
  /** Cut a log down to its first `length` records, durably (a TRUNC sync). */
  | { type: 'disk.truncate'; log: string; length: number }
  /** Remove a file or a whole log (snapshot/log purge). */
  | { type: 'disk.delete'; name: string }
  /** Record an event (records.ts): the kernel stamps the virtual time on it. */
  | { type: 'trace'; event: RecordBody };

export interface SimNode<M> {
  readonly id: NodeId;
  handle(now: number, input: NodeInput<M>): NodeOutput<M>[];
  /**
   * A plain, structured-cloneable picture of the node's state for the UI (src/sim/view/types.ts).
   * Read-only: taking it must change nothing the node does later, so views never alter a run.
   */
  view?(now: number): unknown;
}
