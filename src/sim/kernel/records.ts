// What a run records, as the kernel sees it: a body with a `kind`, on which the kernel stamps the
// virtual time `t` (World.trace). The kernel's own records — a node's life and the network's —
// are declared here. The kinds of the layers above (ZooKeeper's trace, src/sim/trace/kinds.ts) are
// added to `Recordable` by declaration merging, so the kernel carries them, type-checked, without
// importing or naming them.
import type { NodeId } from './ids.ts';

export interface NodeStartRecord {
  kind: 'node.start';
  node: NodeId;
  incarnation: number;
}

export interface NodeCrashRecord {
  kind: 'node.crash';
  node: NodeId;
  lostRecords: number;
}

export interface NodeFailRecord {
  kind: 'node.fail';
  node: NodeId;
  reason: string;
}

export interface NodeSkewRecord {
  kind: 'node.skew';
  node: NodeId;
  ms: number;
}

export interface NodePauseRecord {
  kind: 'node.pause';
  node: NodeId;
}

export interface NodeResumeRecord {
  kind: 'node.resume';
  node: NodeId;
  buffered: number;
}

export interface NetOpenRecord {
  kind: 'net.open';
  conn: number;
  from: NodeId;
  to: NodeId;
}

export interface NetFailRecord {
  kind: 'net.fail';
  from: NodeId;
  to: NodeId;
  reason: 'refused' | 'timeout';
}

export interface NetSendRecord {
  kind: 'net.send';
  conn: number;
  from: NodeId;
  to: NodeId;
  type: string;
  at: number;
}

export interface NetDropRecord {
  kind: 'net.drop';
  conn: number;
  from: NodeId;
  to: NodeId;
  type: string;
}

export interface NetCloseRecord {
  kind: 'net.close';
  conn: number;
  from: NodeId;
  to: NodeId;
}

export interface NetBreakRecord {
  kind: 'net.break';
  conn: number;
  a: NodeId;
  b: NodeId;
}

export interface NetPartitionRecord {
  kind: 'net.partition';
  groups: NodeId[][];
}

export interface NetHealRecord {
  kind: 'net.heal';
}

export interface NetCutRecord {
  kind: 'net.cut';
  from: NodeId;
  to: NodeId;
}

export interface NetUncutRecord {
  kind: 'net.uncut';
  from: NodeId;
  to: NodeId;
}

/** What the kernel itself records: nodes starting, failing, crashing, pausing; the network. */
export type KernelRecord =
  | NodeStartRecord
  | NodeCrashRecord
  | NodeFailRecord
  | NodeSkewRecord
  | NodePauseRecord
  | NodeResumeRecord
  | NetOpenRecord
  | NetFailRecord
  | NetSendRecord
  | NetDropRecord
  | NetCloseRecord
  | NetBreakRecord
  | NetPartitionRecord
  | NetHealRecord
  | NetCutRecord
  | NetUncutRecord;

/**
 * The bodies a run records, one property per layer that records: the kernel's own here, and the
 * layers above add theirs by declaration merging (`declare module` on this file), as the trace does
 * with every ZooKeeper kind. Only the property types matter; their names just keep them apart.
 */
export interface Recordable {
  kernel: KernelRecord;
}

/** A body a node or the world hands the kernel to record (without `t`). */
export type RecordBody = Recordable[keyof Recordable];

/** A recorded event: its body with the virtual time stamped on it. */
export type Recorded = RecordBody & { t: number };
