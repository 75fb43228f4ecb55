// A ZkDatabase driven the way the leader drives it, for the data-tree tests: each write is prepped and applied
// at once with the next zxid and a clock that ticks 1 ms per txn, sessions connect from 127.0.0.1.
import type { NodeSnapshot } from '../../src/sim/server/datatree.ts';
import type { Acl, CreateMode, CreateOp, Id, MultiSubOp, SessionId } from '../../src/sim/server/protocol.ts';
import { OPEN_ACL_UNSAFE } from '../../src/sim/server/protocol.ts';
import type {
  Notification,
  ProcessTxnResult,
  ReadRequest,
  RequestContext,
  Txn,
  WriteRequest,
  ZkDatabaseConfig,
} from '../../src/sim/server/zkdatabase.ts';
import { ZkDatabase } from '../../src/sim/server/zkdatabase.ts';

/** The id of a client on the loopback address, which every harness session carries by default. */
export const LOCAL: Id = { scheme: 'ip', id: '127.0.0.1' };

/** An ACL of one world:anyone entry with these permission bits. */
export const worldAcl = (perms: number): Acl[] => [{ perms, scheme: 'world', id: 'anyone' }];

export interface CreateOptions {
  /** Default 'persistent'. */
  mode?: CreateMode;
  /** Default null. */
  data?: string | null;
  /** Default OPEN_ACL_UNSAFE. */
  acl?: Acl[];
  /** Left out of the request unless given. */
  ttl?: number;
}

/** A create request (or multi sub-op). */
export function createOp(
  path: string,
  { mode = 'persistent', data = null, acl = OPEN_ACL_UNSAFE, ttl }: CreateOptions = {},
): CreateOp {
  return { op: 'create', path, data, acl, mode, ...(ttl === undefined ? {} : { ttl }) };
}

/** A notification as "watcher TYPE path". */
export const fmt = (n: Notification): string => `${n.watcher} ${n.event.type} ${n.event.path}`;

/** Every node of the tree, path by path, for comparing two databases. */
export function dumpTree(db: ZkDatabase): unknown[] {
  return db.paths().map((p) => [p, db.peek(p)]);
}

export interface HarnessOptions {
  /** The session timeout createSession records, in ms. Default 4000. */
  sessionTimeout?: number;
  /** What create() uses for the options a call leaves out. */
  createDefaults?: CreateOptions;
}

export class DbHarness {
  db: ZkDatabase;
  zxid = 0;
  time = 1000;
  /** Every txn applied through the harness (not those a test hands to db.processTxn itself). */
  readonly txns: Txn[] = [];
  /** Every notification those txns delivered and take() has not yet taken, as "watcher TYPE path". */
  log: string[] = [];
  private readonly sessionTimeout: number;
  private readonly createDefaults: CreateOptions;

  constructor(
    readonly cfg: ZkDatabaseConfig = { extendedTypes: true },
    opts: HarnessOptions = {},
  ) {
    this.db = new ZkDatabase(cfg);
    this.sessionTimeout = opts.sessionTimeout ?? 4000;
    this.createDefaults = opts.createDefaults ?? {};
  }

  apply(txn: Txn): ProcessTxnResult {
    this.txns.push(txn);
    const r = this.db.processTxn(txn);
    this.log.push(...r.notifications.map(fmt));
    return r;
  }

  session(id: SessionId, authIds: Id[] = [LOCAL]): RequestContext {
    const ctx = { sessionId: id, cxid: 0, authIds };
    this.apply(this.db.prepCreateSession(ctx, this.sessionTimeout, ++this.zxid, ++this.time));
    return ctx;
  }

  /** Preps a request as the session's next one, without applying it. */
  prep(ctx: RequestContext, req: WriteRequest): Txn {
    ctx.cxid++;
    return this.db.prepRequest(req, ctx, ++this.zxid, ++this.time);
  }

  write(ctx: RequestContext, req: WriteRequest): ProcessTxnResult {
    return this.apply(this.prep(ctx, req));
  }

  create(ctx: RequestContext, path: string, opts: CreateOptions = {}): ProcessTxnResult {
    return this.write(ctx, createOp(path, { ...this.createDefaults, ...opts }));
  }

  /** An unconditional set. */
  set(ctx: RequestContext, path: string, data = 'x'): ProcessTxnResult {
    return this.write(ctx, { op: 'set', path, data, version: -1 });
  }

  /** An unconditional delete. */
  del(ctx: RequestContext, path: string): ProcessTxnResult {
    return this.write(ctx, { op: 'delete', path, version: -1 });
  }

  multi(ctx: RequestContext, ops: MultiSubOp[]): ProcessTxnResult {
    return this.write(ctx, { op: 'multi', ops });
  }

  close(ctx: RequestContext): ProcessTxnResult {
    return this.apply(this.db.prepCloseSession(ctx, ++this.zxid, ++this.time));
  }

  /** The container manager's deleteContainer. */
  reap(path: string): ProcessTxnResult {
    return this.apply(this.db.prepDeleteContainer(path, ++this.zxid, ++this.time));
  }

  read(ctx: RequestContext, req: ReadRequest, watcher = 'W') {
    return this.db.processRead(req, ctx, watcher);
  }

  /** The notifications logged since the last take(). */
  take(): string[] {
    const l = this.log;
    this.log = [];
    return l;
  }

  /** The nodes of a snapshot of the database. */
  nodes(): NodeSnapshot[] {
    return (this.db.snapshot() as { tree: { nodes: NodeSnapshot[] } }).tree.nodes;
  }

  /** Edits a node's stored form: snapshots the database, changes the node and restores from the snapshot. */
  patchNode(path: string, edit: (node: NodeSnapshot) => void): void {
    const snap = this.db.snapshot() as { tree: { nodes: NodeSnapshot[] } };
    const node = snap.tree.nodes.find((n) => n.path === path);
    if (!node) throw new Error(`no node ${path} in the snapshot`);
    edit(node);
    this.db = ZkDatabase.fromSnapshot(this.cfg, snap);
  }
}
