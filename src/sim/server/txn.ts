// Transactions as ZooKeeper logs and replicates them (zookeeper.jute: TxnHeader, CreateTxn, …), named by
// their OpCode. They are plain data (bigints allowed) because they are written to the simulated txn log
// and sent to followers.
import type { ErrorName } from './errors.ts';
import type { Acl, SessionId } from './protocol.ts';

export interface TxnHeader {
  clientId: SessionId;
  cxid: number;
  zxid: number;
  /** The leader's clock when the request was prepped; becomes ctime/mtime. */
  time: number;
  type: string;
}

/** CreateTxn (opcodes create and create2): the owner of an ephemeral is the header's clientId. */
export interface CreateTxn {
  path: string;
  data: string | null;
  acl: Acl[];
  ephemeral: boolean;
  /** The parent's stored cversion after this create. */
  parentCVersion: number;
}
export interface CreateContainerTxn {
  path: string;
  data: string | null;
  acl: Acl[];
  parentCVersion: number;
}
export interface CreateTTLTxn {
  path: string;
  data: string | null;
  acl: Acl[];
  parentCVersion: number;
  ttl: number;
}
export interface DeleteTxn {
  path: string;
}
export interface SetDataTxn {
  path: string;
  data: string | null;
  /** The new version (already incremented by prep). */
  version: number;
}
export interface SetACLTxn {
  path: string;
  acl: Acl[];
  /** The new aversion. */
  version: number;
}
export interface CheckVersionTxn {
  path: string;
  version: number;
}
export interface CreateSessionTxn {
  timeOut: number;
}
export interface CloseSessionTxn {
  paths2Delete: string[];
}
export interface ErrorTxn {
  err: ErrorName;
}

/** One operation inside a MultiTxn. A failed multi carries error sub-txns. */
export type SubTxn =
  | { type: 'create'; body: CreateTxn }
  | { type: 'createContainer'; body: CreateContainerTxn }
  | { type: 'createTTL'; body: CreateTTLTxn }
  | { type: 'delete'; body: DeleteTxn }
  | { type: 'setData'; body: SetDataTxn }
  | { type: 'check'; body: CheckVersionTxn }
  | { type: 'error'; body: ErrorTxn };

export interface MultiTxn {
  txns: SubTxn[];
}

export interface TxnBodies {
  create: CreateTxn;
  create2: CreateTxn;
  createContainer: CreateContainerTxn;
  createTTL: CreateTTLTxn;
  delete: DeleteTxn;
  deleteContainer: DeleteTxn;
  setData: SetDataTxn;
  setACL: SetACLTxn;
  check: CheckVersionTxn;
  multi: MultiTxn;
  createSession: CreateSessionTxn;
  closeSession: CloseSessionTxn;
  error: ErrorTxn;
}

export type TxnType = keyof TxnBodies;

/** A transaction: header + body, discriminated by `hdr.type`. */
export type Txn = { [K in TxnType]: { hdr: TxnHeader & { type: K }; body: TxnBodies[K] } }[TxnType];

/** The body of `txn` typed by its header type (TypeScript cannot narrow on the nested discriminant). */
export function txnBody<K extends TxnType>(txn: Txn, type: K): TxnBodies[K] {
  if (txn.hdr.type !== type) throw new Error(`txn is ${txn.hdr.type}, not ${type}`);
  return txn.body as TxnBodies[K];
}
