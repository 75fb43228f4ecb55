// ZooKeeper's KeeperException.Code (ZS: KeeperException.java, enum Code), by the PascalCase names the
// trace uses. Codes ≤ -100 are API errors (expected outcomes); -1…-99 are system/connection errors.
export const ERROR_CODES = {
  Ok: 0,
  SystemError: -1,
  RuntimeInconsistency: -2,
  DataInconsistency: -3,
  ConnectionLoss: -4,
  MarshallingError: -5,
  Unimplemented: -6,
  OperationTimeout: -7,
  BadArguments: -8,
  UnknownSession: -12,
  NewConfigNoQuorum: -13,
  ReconfigInProgress: -14,
  APIError: -100,
  NoNode: -101,
  NoAuth: -102,
  BadVersion: -103,
  NoChildrenForEphemerals: -108,
  NodeExists: -110,
  NotEmpty: -111,
  SessionExpired: -112,
  InvalidCallback: -113,
  InvalidACL: -114,
  AuthFailed: -115,
  SessionMoved: -118,
  NotReadOnly: -119,
  EphemeralOnLocalSession: -120,
  NoWatcher: -121,
  RequestTimeout: -122,
  ReconfigDisabled: -123,
  SessionClosedRequireSaslAuth: -124,
  QuotaExceeded: -125,
  ThrottledOp: -127,
  // Inside a failed multi, the sub-ops before the failing one report code 0 under this name
  // (kazoo's RolledBackError); it is never a reply error on its own.
  RolledBack: 0,
} as const;

export type ErrorName = Exclude<keyof typeof ERROR_CODES, 'Ok'>;

/**
 * Thrown inside the server's request processing; carries a ZooKeeper error name. An expected
 * outcome (NodeExists on every contended lock's create), so it captures no stack trace: V8 spent
 * 2% of a lock run building stacks nobody reads (issue #13). Error.stackTraceLimit is V8's; other
 * engines ignore it.
 */
export class KeeperError extends Error {
  constructor(readonly code: ErrorName) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(code);
    Error.stackTraceLimit = limit;
  }
}
