// The client ⇄ server protocol of the simulated ensemble: what travels on a client connection.
// Modelled on zookeeper.jute (ConnectRequest, RequestHeader, ReplyHeader, WatcherEvent), with
// ZooKeeper's field names; payloads are plain data so they cross worker boundaries and JSON.
import type { ErrorName } from './errors.ts';

/** Session ids are 64-bit (top byte = creating server's sid), so they are bigints in memory. */
export type SessionId = bigint;

/** Perms bits (ZooDefs.Perms). */
export const Perms = { READ: 1, WRITE: 2, CREATE: 4, DELETE: 8, ADMIN: 16, ALL: 31 } as const;

export interface Id {
  scheme: string;
  id: string;
}
export interface Acl extends Id {
  perms: number;
}

export const OPEN_ACL_UNSAFE: Acl[] = [{ perms: Perms.ALL, scheme: 'world', id: 'anyone' }];
export const CREATOR_ALL_ACL: Acl[] = [{ perms: Perms.ALL, scheme: 'auth', id: '' }];
export const READ_ACL_UNSAFE: Acl[] = [{ perms: Perms.READ, scheme: 'world', id: 'anyone' }];

/** The 11 Stat fields, by ZooKeeper's names. Zxids are numbers (epoch·2^32 + counter, exact below 2^53). */
export interface Stat {
  czxid: number;
  mzxid: number;
  pzxid: number;
  ctime: number;
  mtime: number;
  version: number;
  cversion: number;
  aversion: number;
  /** As the client sees it: 0 for containers and TTL nodes (DataNode#getClientEphemeralOwner). */
  ephemeralOwner: SessionId;
  dataLength: number;
  numChildren: number;
}

/** CreateMode by name; the flag values of ZS:CreateMode.java are in CREATE_MODE_FLAGS. */
export type CreateMode =
  | 'persistent'
  | 'ephemeral'
  | 'persistent_sequential'
  | 'ephemeral_sequential'
  | 'container'
  | 'persistent_ttl'
  | 'persistent_sequential_ttl';

export const CREATE_MODE_FLAGS: Record<CreateMode, number> = {
  persistent: 0,
  ephemeral: 1,
  persistent_sequential: 2,
  ephemeral_sequential: 3,
  container: 4,
  persistent_ttl: 5,
  persistent_sequential_ttl: 6,
};

/** AddWatchMode (ZS:AddWatchMode.java). */
export type AddWatchMode = 'persistent' | 'persistent_recursive';

/** WatcherType for removeWatches as 3.8.0 knows it: Children 1, Data 2, Any 3. 4/5 → MarshallingError. */
export type WatcherType = 1 | 2 | 3 | 4 | 5;

export type CreateOp = {
  op: 'create';
  path: string;
  data: string | null;
  acl: Acl[];
  mode: CreateMode;
  ttl?: number;
  /**
   * A raw request (zk.create's `flags` / `opcode` options): the CreateMode flag as sent, which may be
   * one ZooKeeper does not know, and the opcode as sent. Absent: the flag of `mode`, and the opcode
   * ZooKeeper's Java client picks for it (createOpcode in prep.ts).
   */
  flags?: number;
  opcode?: 'create' | 'create2' | 'createContainer' | 'createTTL';
};
export type DeleteOp = { op: 'delete'; path: string; version: number };
export type SetOp = { op: 'set'; path: string; data: string | null; version: number };
export type CheckOp = { op: 'check'; path: string; version: number };
/** Op.GetData / Op.GetChildren: the reads of a multiRead (no watch flag: Op has none). */
export type ReadSubOp = { op: 'get'; path: string } | { op: 'children'; path: string };
/**
 * An op of a multi or multiRead as it travels (MultiOperationRecord): the Java client never mixes
 * reads and writes, but the record can carry both, and the server answers what it gets.
 */
export type MultiSubOp = CreateOp | DeleteOp | SetOp | CheckOp | ReadSubOp;
export type WriteSubOp = CreateOp | DeleteOp | SetOp | CheckOp;

/** A client request body. `op` names are the trace's op names. */
export type Request =
  | CreateOp
  | DeleteOp
  | SetOp
  | CheckOp
  | { op: 'get'; path: string; watch: boolean }
  | { op: 'exists'; path: string; watch: boolean }
  | { op: 'children'; path: string; watch: boolean }
  | { op: 'multi'; ops: MultiSubOp[] }
  /** OpCode.multiRead (3.6+): getData / getChildren ops answered one by one. */
  | { op: 'multi_read'; ops: MultiSubOp[] }
  /** OpCode.getEphemerals (3.6+): the caller's ephemerals whose path starts with `prefix`. */
  | { op: 'get_ephemerals'; prefix: string }
  /** OpCode.getAllChildrenNumber (3.6+): how many nodes lie below `path`. */
  | { op: 'get_all_children_number'; path: string }
  | { op: 'sync'; path: string }
  | { op: 'get_acl'; path: string }
  | { op: 'set_acl'; path: string; acl: Acl[]; version: number }
  | { op: 'add_watch'; path: string; mode: AddWatchMode }
  | { op: 'remove_watches'; path: string; watcherType: WatcherType }
  | { op: 'add_auth'; scheme: string; auth: string };

export type OpName = Request['op'];

/** Per-op result inside a multi reply (MultiResponse). */
export type MultiResult =
  /** CreateResponse (path only) for OpCode.create; Create2Response (with the Stat) for the others. */
  | { op: 'create'; path: string; stat?: Stat }
  | { op: 'set'; stat: Stat }
  | { op: 'delete' }
  | { op: 'check' }
  | { op: 'get'; data: string | null; stat: Stat }
  | { op: 'children'; children: string[] }
  | { op: 'error'; err: ErrorName };

/** What a successful call returns; every field is optional and depends on the op. */
export interface OpResult {
  path?: string;
  data?: string | null;
  stat?: Stat | null;
  children?: string[];
  acl?: Acl[];
  results?: MultiResult[];
  /** getEphemerals. */
  ephemerals?: string[];
  /** getAllChildrenNumber. */
  number?: number;
}

/** Watch event types (Watcher.Event.EventType). */
export type EventType = 'NodeCreated' | 'NodeDeleted' | 'NodeDataChanged' | 'NodeChildrenChanged';
export interface WatchedEvent {
  type: EventType;
  path: string;
}

/** Messages on a client connection. Mirrors ConnectRequest/ConnectResponse, RequestHeader+body, ReplyHeader. */
export type ClientToServer =
  | {
      type: 'ConnectRequest';
      protocolVersion: 0;
      lastZxidSeen: number;
      timeOut: number;
      sessionId: SessionId;
      passwd: string;
    }
  | { type: 'Request'; xid: number; request: Request }
  | { type: 'Ping' }
  /** After a reconnect, the client's watches again (SetWatches2, xid -8): relativeZxid = lastZxidSeen. */
  | {
      type: 'SetWatches';
      relativeZxid: number;
      data: string[];
      exist: string[];
      child: string[];
      persistent: string[];
      persistentRecursive: string[];
    }
  | { type: 'CloseSession'; xid: number }
  /** A four-letter word (`srvr`, `mntr`, …) as a connection's first bytes (four-letter-words.ts). */
  | { type: 'FourLetterWord'; word: string };

export type ServerToClient =
  /** timeOut ≤ 0 means the session is expired (ZooKeeperServer#finishSessionInit). */
  | { type: 'ConnectResponse'; protocolVersion: 0; timeOut: number; sessionId: SessionId; passwd: string }
  | { type: 'Reply'; xid: number; zxid: number; err: ErrorName | null; result: OpResult | null }
  | { type: 'WatcherEvent'; zxid: number; event: WatchedEvent }
  | { type: 'PingReply' }
  | { type: 'CloseSessionReply'; xid: number; zxid: number }
  /** The command's text; the server closes the connection after it. */
  | { type: 'FourLetterWordReply'; text: string };

/** Requests that change state go through the txn pipeline; the rest are answered locally. */
export type WriteRequest = Extract<
  Request,
  { op: 'create' | 'delete' | 'set' | 'check' | 'multi' | 'set_acl' }
>;
export type ReadRequest = Extract<
  Request,
  {
    op:
      | 'get'
      | 'exists'
      | 'children'
      | 'get_acl'
      | 'add_watch'
      | 'remove_watches'
      | 'multi_read'
      | 'get_ephemerals'
      | 'get_all_children_number';
  }
>;

const WRITE_OPS = new Set<OpName>(['create', 'delete', 'set', 'check', 'multi', 'set_acl']);

export function isWriteRequest(r: Request): r is WriteRequest {
  return WRITE_OPS.has(r.op);
}
