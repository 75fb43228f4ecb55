// ZKDatabase: the "ZooKeeper database" a simulated server owns — the DataTree, the replicated session
// table, the committed log kept for DIFF syncs (committedLog), and the leader-side
// PrepRequestProcessor state (outstanding changes). It also answers reads the way
// FinalRequestProcessor does. Everything here is deterministic and plain data in, plain data out.
import { aclAllows, checkAcl, redactAcl } from './acl.ts';
import type { DataNode, Notification, TreeSnapshot, TxnOutcome } from './datatree.ts';
import { DataTree, ttlOf } from './datatree.ts';
import type { ErrorName } from './errors.ts';
import { KeeperError } from './errors.ts';
import { JavaHashSet } from './java-hashset.ts';
import { isNullPath } from './pathutils.ts';
import { PrepRequestProcessor } from './prep.ts';
import type {
  Acl,
  Id,
  MultiResult,
  MultiSubOp,
  OpResult,
  ReadRequest,
  SessionId,
  Stat,
  WriteRequest,
} from './protocol.ts';
import { Perms } from './protocol.ts';
import type { Txn } from './txn.ts';
import type { WatcherKey, WatcherMode } from './watchmanager.ts';

export type { Notification } from './datatree.ts';
export type { ReadRequest, WriteRequest } from './protocol.ts';
export type { Txn, TxnHeader } from './txn.ts';
export type { WatcherKey } from './watchmanager.ts';

/** authIds holds the connection's {scheme:'ip', id: addr} and every id added by add_auth. */
export interface RequestContext {
  sessionId: SessionId;
  cxid: number;
  authIds: Id[];
}

export interface ProcessTxnResult {
  /** OpCode name of the txn. */
  type: string;
  /**
   * DataTree's rc.err. For a failed multi this is the failing op's code; note that a 3.8 server still
   * answers a failed multi with err 0 in the reply header (the codes travel in `result.results`).
   */
  err: ErrorName | null;
  result: OpResult | null;
  /** Deduplicated per watcher, in the order DataTree fires them. */
  notifications: Notification[];
}

export interface ZkDatabaseConfig {
  /** zookeeper.extendedTypesEnabled: TTL nodes. */
  extendedTypes: boolean;
  /** ZOOKEEPER-4743 behaviour (later than 3.8): versions skip −1 when they wrap. Default false (3.8.0). */
  versionWrapSkipsMinusOne?: boolean;
}

interface DbSnapshot {
  format: 'zkdb/1';
  tree: TreeSnapshot;
  sessions: [SessionId, number][];
}

/** ZKDatabase.DEFAULT_COMMIT_LOG_COUNT: how many committed proposals are kept for DIFF syncs. */
export const COMMIT_LOG_COUNT = 500;

const MULTI_SUB_RESULT_FOR_ERROR = (err: ErrorName): MultiResult => ({ op: 'error', err });

/** A znode as ZkDatabase#peek reads it. */
export interface ZnodePeek {
  data: string | null;
  stat: Stat;
  acl: Acl[];
  children: string[];
  ephemeralOwnerRaw: SessionId;
}

/** The last stamp given to a session table (any database): see ZkDatabase#sessionsStamp. */
let lastSessionsStamp = 0;

export class ZkDatabase {
  private tree: DataTree;
  private prep: PrepRequestProcessor;
  private readonly sessions = new Map<SessionId, number>();
  /** Moves on every change of `sessions`; unique across databases. Not part of ZooKeeper's state. */
  private sessionsStampValue = ++lastSessionsStamp;
  /** The last committed txns, oldest first (ZKDatabase#committedLog); a new database starts empty. */
  private readonly committed: Txn[] = [];

  constructor(private readonly config: ZkDatabaseConfig) {
    this.tree = new DataTree(config.extendedTypes);
    this.prep = this.newPrep();
  }

  private newPrep(): PrepRequestProcessor {
    return new PrepRequestProcessor(this.tree, {
      extendedTypes: this.config.extendedTypes,
      versionWrapSkipsMinusOne: this.config.versionWrapSkipsMinusOne ?? false,
    });
  }

  get lastProcessedZxid(): number {
    return this.tree.lastProcessedZxid;
  }

  // ---- leader side: requests → txns ----

  /** PrepRequestProcessor#pRequest2Txn for a write. A ZooKeeper error becomes an `error` txn. */
  prepRequest(req: WriteRequest, ctx: RequestContext, zxid: number, time: number): Txn {
    return this.prep.prepRequest(req, ctx, zxid, time);
  }

  prepCreateSession(ctx: RequestContext, timeout: number, zxid: number, time: number): Txn {
    return this.prep.prepCreateSession(ctx, timeout, zxid, time);
  }

  /** paths2Delete = the session's ephemerals, including outstanding creates and deletes. */
  prepCloseSession(ctx: RequestContext, zxid: number, time: number): Txn {
    return this.prep.prepCloseSession(ctx, zxid, time);
  }

  /** ContainerManager's deleteContainer (also for expired TTL nodes). */
  prepDeleteContainer(path: string, zxid: number, time: number): Txn {
    return this.prep.prepDeleteContainer(path, zxid, time);
  }

  // ---- every replica: apply ----

  /** DataTree#processTxn plus the session table and the retirement of outstanding changes. */
  processTxn(txn: Txn): ProcessTxnResult {
    if (txn.hdr.type === 'createSession') {
      this.sessions.set(txn.hdr.clientId, (txn.body as { timeOut: number }).timeOut);
      this.sessionsStampValue = ++lastSessionsStamp;
    } else if (txn.hdr.type === 'closeSession') {
      this.sessions.delete(txn.hdr.clientId);
      this.sessionsStampValue = ++lastSessionsStamp;
    }
    const { outcome, notifications } = this.tree.processTxn(txn);
    this.prep.committed(txn.hdr.zxid);
    return { type: outcome.type, err: outcome.err, result: replyFor(outcome), notifications };
  }

  /** The last COMMIT_LOG_COUNT txns applied, oldest first: what a leader can DIFF a learner from. */
  get committedLog(): readonly Txn[] {
    return this.committed;
  }

  /**
   * ZKDatabase#addCommittedProposal: remember an applied txn, dropping the oldest past
   * COMMIT_LOG_COUNT. LearnerHandler#syncFollower searches this log by zxid, so whoever applies
   * txns applies them in zxid order (FinalRequestProcessor asserts it, except under the deliberate
   * bugs that break log agreement, which can put a replica's log out of order on purpose).
   */
  addCommittedProposal(txn: Txn): void {
    this.committed.push(txn);
    if (this.committed.length > COMMIT_LOG_COUNT) this.committed.shift();
  }

  // ---- reads (FinalRequestProcessor) ----

  processRead(
    req: ReadRequest,
    ctx: RequestContext,
    watcher: WatcherKey,
  ): { err: ErrorName | null; result: OpResult | null } {
    try {
      return { err: null, result: this.read(req, ctx, watcher) };
    } catch (e) {
      if (!(e instanceof KeeperError)) throw e;
      return { err: e.code, result: null };
    }
  }

  private read(req: ReadRequest, ctx: RequestContext, watcher: WatcherKey): OpResult {
    const t = this.tree;
    // A null path (isNullPath) makes FinalRequestProcessor throw a NullPointerException (path.indexOf
    // for exists, DataTree#getNode for the others), which its catch-all answers as MarshallingError.
    if (
      (req.op === 'get' ||
        req.op === 'exists' ||
        req.op === 'children' ||
        req.op === 'get_acl' ||
        req.op === 'get_all_children_number') &&
      isNullPath(req.path)
    )
      throw new KeeperError('MarshallingError');
    switch (req.op) {
      case 'get': {
        const node = t.getNode(req.path);
        if (!node) throw new KeeperError('NoNode');
        checkAcl(node.acl, Perms.READ, ctx.authIds);
        const r = t.getData(req.path, req.watch ? watcher : null);
        return { data: r.data, stat: r.stat };
      }
      case 'exists': {
        // 3.8.0 does not ACL-check exists; it only refuses a NUL in the path.
        if (req.path.includes('\0')) throw new KeeperError('BadArguments');
        return { stat: t.statNode(req.path, req.watch ? watcher : null) };
      }
      case 'children': {
        const node = t.getNode(req.path);
        if (!node) throw new KeeperError('NoNode');
        checkAcl(node.acl, Perms.READ, ctx.authIds);
        const r = t.getChildren(req.path, req.watch ? watcher : null);
        return { children: r.children, stat: r.stat };
      }
      case 'get_acl': {
        const node = t.getNode(req.path);
        if (!node) throw new KeeperError('NoNode');
        checkAcl(node.acl, Perms.READ | Perms.ADMIN, ctx.authIds);
        const r = t.getACL(req.path);
        const acl = aclAllows(node.acl, Perms.ADMIN, ctx.authIds) ? r.acl : redactAcl(r.acl);
        return { acl, stat: r.stat };
      }
      case 'add_watch': {
        // WatcherMode#fromZooDef throws for anything else, which FinalRequestProcessor turns into
        // MarshallingError. 3.8.0 checks neither ACL nor existence here.
        const mode =
          req.mode === 'persistent'
            ? 'persistent'
            : req.mode === 'persistent_recursive'
              ? 'persistentRecursive'
              : null;
        if (mode === null) throw new KeeperError('MarshallingError');
        t.addWatch(req.path, watcher, mode);
        return {};
      }
      case 'get_ephemerals': {
        // FinalRequestProcessor getEphemerals: the caller's own ephemerals (DataTree#getEphemerals, in
        // its HashSet order), filtered by a plain String#startsWith, so "/e" also matches "/eb"; an
        // empty or "/" prefix (after trim) means all of them. No ACL check.
        const all = this.tree.ephemeralSet(ctx.sessionId).toArray();
        const prefix = req.prefix;
        const everything = prefix.trim() === '' || prefix.trim() === '/';
        return { ephemerals: everything ? all : all.filter((p) => p.startsWith(prefix)) };
      }
      case 'get_all_children_number': {
        // FinalRequestProcessor getAllChildrenNumber: READ on the node, then DataTree#getAllChildrenNumber:
        // every path under it ("/": all nodes but the root, /zookeeper's included).
        const node = t.getNode(req.path);
        if (!node) throw new KeeperError('NoNode');
        checkAcl(node.acl, Perms.READ, ctx.authIds);
        return { number: t.allChildrenNumber(req.path) };
      }
      case 'multi_read': {
        // FinalRequestProcessor multiRead: each op answered on its own (an error is that op's result);
        // Op.GetData / Op.GetChildren carry no watch. Any other op type is "Invalid type of readOp", an
        // IOException: MarshallingError for the whole request (a read: no zxid).
        if (req.ops.some((op) => op.op !== 'get' && op.op !== 'children'))
          throw new KeeperError('MarshallingError');
        return { results: req.ops.map((op) => this.readSubOp(op, ctx, watcher)) };
      }
      case 'remove_watches': {
        // 3.8.0's WatcherType knows only Children(1), Data(2), Any(3); fromInt throws for the rest.
        const type = req.watcherType;
        if (type !== 1 && type !== 2 && type !== 3) throw new KeeperError('MarshallingError');
        if (!t.removeWatch(req.path, type, watcher)) throw new KeeperError('NoWatcher');
        return {};
      }
      default:
        throw new Error(`not a read request: ${(req as { op: string }).op}`);
    }
  }

  private readSubOp(op: MultiSubOp, ctx: RequestContext, watcher: WatcherKey): MultiResult {
    try {
      if (op.op === 'get') {
        const r = this.read({ op: 'get', path: op.path, watch: false }, ctx, watcher);
        return { op: 'get', data: r.data ?? null, stat: r.stat as Stat };
      }
      const r = this.read({ op: 'children', path: op.path, watch: false }, ctx, watcher);
      return { op: 'children', children: r.children ?? [] };
    } catch (e) {
      if (!(e instanceof KeeperError)) throw e;
      return MULTI_SUB_RESULT_FOR_ERROR(e.code);
    }
  }

  // ---- connections ----

  /** DataTree#removeCnxn: the connection closed; all its watches go. */
  removeWatcher(watcher: WatcherKey): void {
    this.tree.removeCnxn(watcher);
  }

  /**
   * DataTree#setWatches for a reconnecting client. The returned notifications are sent at once; they
   * carry zxid −1 since no txn fired them.
   */
  setWatches(
    relativeZxid: number,
    watches: {
      data: string[];
      exist: string[];
      child: string[];
      persistent: string[];
      persistentRecursive: string[];
    },
    watcher: WatcherKey,
  ): Notification[] {
    return this.tree.setWatches(relativeZxid, watches, watcher);
  }

  // ---- sessions, containers ----

  /** The replicated session table (createSession / closeSession txns), in creation order. */
  sessionsWithTimeouts(): Map<SessionId, number> {
    return new Map(this.sessions);
  }

  /**
   * Changes whenever the replicated session table does (a createSession or closeSession txn), and
   * differs between databases (a snapshot load or a truncation makes a new one), so a view can
   * skip re-reading an unchanged table (as watchStamp does for watches).
   */
  sessionsStamp(): number {
    return this.sessionsStampValue;
  }

  /** One session's timeout in the replicated table (undefined: not a live session), without copying it. */
  sessionTimeout(session: SessionId): number | undefined {
    return this.sessions.get(session);
  }

  /** DataTree#getEphemerals, in the order its HashSet clone iterates. */
  getEphemerals(sessionId: SessionId): string[] {
    return this.tree.ephemeralSet(sessionId).toArray();
  }

  /**
   * ContainerManager#getCandidates (maxNeverUsedIntervalMs = 0, the default): empty containers that
   * once had a child (cversion > 0), and childless TTL nodes whose last change is more than ttl ago.
   * Order: the candidates' HashSet order (within-bucket order approximated by creation order).
   */
  containerCandidates(now: number): string[] {
    const candidates = new JavaHashSet();
    for (const path of JavaHashSet.copyOf(this.tree.containerPaths())) {
      const node = this.tree.getNode(path);
      if (node && node.children.size === 0 && node.stat.cversion > 0) candidates.add(path);
    }
    for (const path of JavaHashSet.copyOf(this.tree.ttlPaths())) {
      const node = this.tree.getNode(path);
      if (node?.children.size !== 0) continue;
      if (this.tree.kind(node.stat.ephemeralOwner) !== 'ttl') continue;
      const ttl = ttlOf(node.stat.ephemeralOwner);
      if (ttl !== 0 && now - node.stat.mtime > ttl) candidates.add(path);
    }
    return candidates.toArray();
  }

  // ---- inspection ----

  /** The watches one connection holds, per table (data: getData/exists, child: getChildren), with modes. */
  watchesOf(watcher: WatcherKey): { path: string; table: 'data' | 'child'; mode: WatcherMode }[] {
    return [
      ...this.tree.dataWatches.watchesOf(watcher).map((w) => ({ ...w, table: 'data' as const })),
      ...this.tree.childWatches.watchesOf(watcher).map((w) => ({ ...w, table: 'child' as const })),
    ];
  }

  /**
   * Changes whenever either watch table does, or the tree is replaced: WatchManager#stamp numbers
   * every table edit from one counter, so the newer of the two tables' stamps moves with either.
   */
  watchStamp(): number {
    return Math.max(this.tree.dataWatches.stamp, this.tree.childWatches.stamp);
  }

  /** DataTree#getWatchCount: entries in the data table + entries in the child table. */
  watchCount(): number {
    return this.tree.watchCount();
  }

  /**
   * DataTree#getNodeCount, i.e. mntr's zk_znode_count: it counts the root twice (Java stores it under ""
   * and "/"), so a fresh tree reports 5 for its 4 nodes.
   */
  nodeCount(): number {
    return this.tree.getNodeCount();
  }

  /** DataTree#takeTouched: for the views only (the tree's identity changes with a snapshot load). */
  takeTouched(): { tree: object; paths: Set<string> | null } {
    return { tree: this.tree, paths: this.tree.takeTouched() };
  }

  /** Every node path, depth-first from "/", children in getChildren order. */
  paths(): string[] {
    return this.tree.allPaths();
  }

  /** Change records prepped but not yet retired by processTxn (leader pipeline depth). */
  outstandingChangeCount(): number {
    return this.prep.outstandingCount;
  }

  /** Read a node without ACL checks or watches. */
  peek(path: string): ZnodePeek | null {
    const node = this.tree.getNode(path);
    return node ? { ...this.znodeOf(node), children: node.children.toArray() } : null;
  }

  /**
   * peek without the children: listing them sorts the node's whole child set (JavaHashSet order),
   * which a view that reads every touched znode must not pay per change.
   */
  peekZnode(path: string): Omit<ZnodePeek, 'children'> | null {
    const node = this.tree.getNode(path);
    return node ? this.znodeOf(node) : null;
  }

  private znodeOf(node: DataNode): Omit<ZnodePeek, 'children'> {
    return {
      data: node.data,
      stat: this.tree.statOf(node),
      acl: node.acl.map((a) => ({ ...a })),
      ephemeralOwnerRaw: node.stat.ephemeralOwner,
    };
  }

  /**
   * ZKDatabase#initConfigInZKDatabase: an ensemble member writes its dynamic config into
   * /zookeeper/config at start-up, outside any txn (version −1, mzxid = the config's version).
   */
  initConfigNode(data: string, zxid: number, time: number): void {
    this.tree.initConfigNode(data, zxid, time);
  }

  // ---- snapshots ----

  /** The tree, the session table and lastProcessedZxid as plain data (bigints inside). */
  snapshot(): unknown {
    const snap: DbSnapshot = { format: 'zkdb/1', tree: this.tree.serialize(), sessions: [...this.sessions] };
    return snap;
  }

  static fromSnapshot(config: ZkDatabaseConfig, snap: unknown): ZkDatabase {
    const s = snap as Partial<DbSnapshot> | null;
    if (s?.format !== 'zkdb/1' || !s.tree || !Array.isArray(s.sessions)) {
      throw new Error('not a ZkDatabase snapshot');
    }
    const db = new ZkDatabase(config);
    db.tree = DataTree.deserialize(config.extendedTypes, s.tree);
    db.prep = db.newPrep();
    for (const [id, timeout] of s.sessions) db.sessions.set(id, timeout);
    db.sessionsStampValue = ++lastSessionsStamp;
    return db;
  }
}

/** The reply data FinalRequestProcessor builds from a ProcessTxnResult. */
function replyFor(rc: TxnOutcome): OpResult | null {
  if (rc.type === 'multi') {
    return { results: (rc.multiResult ?? []).map(multiSubResult) };
  }
  if (rc.err !== null) return null;
  switch (rc.type) {
    case 'create':
      // OpCode.create (a raw request's): CreateResponse, the path only.
      return { path: rc.path };
    case 'create2':
    case 'createTTL':
    case 'createContainer':
      return { path: rc.path, stat: rc.stat ?? null };
    case 'setData':
    case 'setACL':
      return { stat: rc.stat ?? null };
    case 'error':
      return null;
    default:
      return {};
  }
}

function multiSubResult(sub: TxnOutcome): MultiResult {
  switch (sub.type) {
    case 'check':
      return sub.err === null ? { op: 'check' } : MULTI_SUB_RESULT_FOR_ERROR(sub.err);
    case 'create':
      // FinalRequestProcessor's multi: OpCode.create (what Op.create sends for the plain modes)
      // answers with a CreateResult of the path only.
      return sub.err === null && sub.path !== undefined
        ? { op: 'create', path: sub.path }
        : MULTI_SUB_RESULT_FOR_ERROR(sub.err ?? 'RuntimeInconsistency');
    case 'create2':
    case 'createTTL':
    case 'createContainer':
      // create2, createTTL and createContainer answer with the path and the Stat.
      return sub.err === null && sub.path !== undefined && sub.stat
        ? { op: 'create', path: sub.path, stat: sub.stat }
        : MULTI_SUB_RESULT_FOR_ERROR(sub.err ?? 'RuntimeInconsistency');
    case 'delete':
      return sub.err === null ? { op: 'delete' } : MULTI_SUB_RESULT_FOR_ERROR(sub.err);
    case 'setData':
      return sub.err === null && sub.stat
        ? { op: 'set', stat: sub.stat }
        : MULTI_SUB_RESULT_FOR_ERROR(sub.err ?? 'RuntimeInconsistency');
    default:
      return MULTI_SUB_RESULT_FOR_ERROR(sub.err ?? 'RolledBack');
  }
}
