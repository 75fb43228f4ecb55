// PrepRequestProcessor (3.8.0), on the server that orders writes (the leader, or a standalone
// server): pRequest checks the request's session, then pRequest2Txn turns the request into a txn,
// validating it against the "outstanding view" = the tree plus the change records of requests
// prepped but not yet applied, so that pipelined writes see each other. Failures become error txns
// (they still take their zxid).
import { checkAcl, fixupAcl } from './acl.ts';
import type { DataTree, StatPersisted } from './datatree.ts';
import {
  CONTAINER_EPHEMERAL_OWNER,
  copyStat,
  createStat,
  ephemeralKind,
  isValidTtl,
  ttlOwner,
} from './datatree.ts';
import { KeeperError } from './errors.ts';
import { LOCAL_OWNER, type Origin } from './origin.ts';
import { isNullPath, validatePath } from './pathutils.ts';
import type { Acl, CreateMode, CreateOp, Id, SessionId, WriteRequest, WriteSubOp } from './protocol.ts';
import { CREATE_MODE_FLAGS, Perms } from './protocol.ts';
import type { ForwardedRequest } from './quorum/packets.ts';
import type { SessionTracker } from './session-tracker.ts';
import type { SubTxn, Txn, TxnBodies, TxnHeader } from './txn.ts';

/** ZooKeeperServer.ChangeRecord: a node as it will be once the outstanding txns are applied. */
interface ChangeRecord {
  zxid: number;
  path: string;
  /** null = the node will be deleted. */
  stat: StatPersisted | null;
  childCount: number;
  acl: Acl[];
  data: string | null;
}

export interface PrepContext {
  sessionId: SessionId;
  cxid: number;
  authIds: Id[];
}

export interface PrepOptions {
  extendedTypes: boolean;
  /**
   * ZOOKEEPER-4743 (after 3.8): a version that would wrap to −1 becomes 0 instead, since −1 means
   * "any version". 3.8.0 lets it reach −1.
   */
  versionWrapSkipsMinusOne: boolean;
}

type CreateTxnType = 'create' | 'create2' | 'createContainer' | 'createTTL';

const isSequentialMode = (m: CreateMode): boolean =>
  m === 'persistent_sequential' || m === 'ephemeral_sequential' || m === 'persistent_sequential_ttl';
const isEphemeralMode = (m: CreateMode): boolean => m === 'ephemeral' || m === 'ephemeral_sequential';
const isTtlMode = (m: CreateMode): boolean => m === 'persistent_ttl' || m === 'persistent_sequential_ttl';

/** CreateMode.fromFlag (3.8): 0 … 6; anything else is BadArguments. */
function modeFromFlag(flag: number): CreateMode {
  const mode = (Object.keys(CREATE_MODE_FLAGS) as CreateMode[]).find((m) => CREATE_MODE_FLAGS[m] === flag);
  if (mode === undefined) throw new KeeperError('BadArguments');
  return mode;
}

/** String.format("%010d", n) for a Java int (sign counts towards the width). */
export function sequenceSuffix(n: number): string {
  if (n < 0) return `-${String(-n).padStart(9, '0')}`;
  return String(n).padStart(10, '0');
}

/**
 * Which opcode the client would send for a create: containers use createContainer, TTL modes (or any
 * explicit ttl) createTTL, everything else create2 — or plain create inside a multi (Op.create in 3.8).
 */
export function createOpcode(op: CreateOp, inMulti: boolean): CreateTxnType {
  if (op.opcode !== undefined) return op.opcode;
  if (isTtlMode(op.mode) || op.ttl !== undefined) return 'createTTL';
  if (op.mode === 'container') return 'createContainer';
  return inMulti ? 'create' : 'create2';
}

function subOpcode(op: WriteSubOp): SubTxn['type'] {
  switch (op.op) {
    case 'create':
      return createOpcode(op, true) as SubTxn['type'];
    case 'delete':
      return 'delete';
    case 'set':
      return 'setData';
    case 'check':
      return 'check';
  }
}

/** The header turned into an error txn: it still takes its zxid. */
function errorTxn(hdr: TxnHeader, err: KeeperError['code']): Txn {
  return { hdr: retyped(hdr, 'error'), body: { err } } as Txn;
}

/**
 * The header with another type, written out rather than spread so that every header has one hidden
 * class (a spread's copies got a class V8 made again in each run, and the code reading
 * txn.hdr was compiled again for it: issue #13).
 */
function retyped<K extends string>(hdr: TxnHeader, type: K): TxnHeader & { type: K } {
  return { clientId: hdr.clientId, cxid: hdr.cxid, zxid: hdr.zxid, time: hdr.time, type };
}

export class PrepRequestProcessor {
  private readonly outstanding: ChangeRecord[] = [];
  private readonly forPath = new Map<string, ChangeRecord>();

  constructor(
    private readonly tree: DataTree,
    private readonly opts: PrepOptions,
  ) {}

  /** Number of change records not yet retired by an applied txn. */
  get outstandingCount(): number {
    return this.outstanding.length;
  }

  // ---- entry points ----

  prepRequest(req: WriteRequest, ctx: PrepContext, zxid: number, time: number): Txn {
    if (req.op === 'multi') {
      // getPendingChanges runs path.lastIndexOf on every op before any op is checked: one null path
      // throws, and pRequest's catch-all fails the whole multi with MarshallingError (observed: one
      // zxid used, nothing applied, the reply header carries −5).
      const hdr: TxnHeader = { clientId: ctx.sessionId, cxid: ctx.cxid, zxid, time, type: 'multi' };
      if (req.ops.some((op) => isNullPath(op.path))) return errorTxn(hdr, 'MarshallingError');
      // A getData / getChildren op: pRequest2Txn's default case sets no txn, serializing the missing
      // txn throws a NullPointerException, and pRequest's catch-all makes the whole multi an error
      // txn with MarshallingError: its zxid is used, nothing is applied. (Java reuses the previous
      // op's txn when the read is not the first op; this model fails the multi in every position.)
      const writes = req.ops.filter((op): op is WriteSubOp => op.op !== 'get' && op.op !== 'children');
      if (writes.length < req.ops.length) return errorTxn(hdr, 'MarshallingError');
      return this.prepMulti(writes, ctx, zxid, time);
    }
    let type: Exclude<keyof TxnBodies, 'multi'>;
    switch (req.op) {
      case 'create':
        type = createOpcode(req, false);
        break;
      case 'delete':
        type = 'delete';
        break;
      case 'set':
        type = 'setData';
        break;
      case 'check':
        type = 'check';
        break;
      case 'set_acl':
        type = 'setACL';
        break;
      default:
        throw new Error(`not a write request: ${(req as { op: string }).op}`);
    }
    const hdr: TxnHeader = { clientId: ctx.sessionId, cxid: ctx.cxid, zxid, time, type };
    // create (validatePathForCreate) and delete (getParentPathAndValidate) call path.lastIndexOf on a
    // null path: a NullPointerException, which pRequest turns into an error txn with MarshallingError.
    // set, check and setACL call validatePath first ("Path cannot be null"): BadArguments, below.
    if ((req.op === 'create' || req.op === 'delete') && isNullPath(req.path))
      return errorTxn(hdr, 'MarshallingError');
    return this.guard(hdr, () => this.pRequest2Txn(type, req, ctx, hdr));
  }

  prepCreateSession(ctx: PrepContext, timeOut: number, zxid: number, time: number): Txn {
    return {
      hdr: { clientId: ctx.sessionId, cxid: ctx.cxid, zxid, time, type: 'createSession' },
      body: { timeOut },
    };
  }

  /**
   * The closeSession case of pRequest2Txn: the session's ephemerals as the tree has them (a clone of its
   * HashSet, whose order becomes paths2Delete's order), adjusted by outstanding creates and deletes.
   */
  prepCloseSession(ctx: PrepContext, zxid: number, time: number): Txn {
    const hdr: TxnHeader = { clientId: ctx.sessionId, cxid: ctx.cxid, zxid, time, type: 'closeSession' };
    return this.guard(hdr, () => {
      const es = this.tree.ephemeralSet(ctx.sessionId);
      for (const c of this.outstanding) {
        if (c.stat === null) es.delete(c.path);
        else if (c.stat.ephemeralOwner === ctx.sessionId) es.add(c.path);
      }
      const paths2Delete = es.toArray();
      for (const p of paths2Delete) {
        // With digests enabled (the 3.8 default) the parent's record is re-added with the new pzxid —
        // but its childCount is left as it was.
        const parentPath = this.parentPathAndValidate(p);
        const parent = this.duplicate(this.getRecordForPath(parentPath), zxid);
        (parent.stat as StatPersisted).pzxid = zxid;
        this.addChangeRecord(parent);
        this.addChangeRecord({ zxid, path: p, stat: null, childCount: 0, acl: [], data: null });
      }
      return { paths2Delete };
    });
  }

  /** ContainerManager's deleteContainer request (also used for expired TTL nodes): no session, no ACL. */
  prepDeleteContainer(path: string, zxid: number, time: number): Txn {
    const hdr: TxnHeader = { clientId: 0n, cxid: 0, zxid, time, type: 'deleteContainer' };
    return this.guard(hdr, () => {
      const parentPath = this.parentPathAndValidate(path);
      const node = this.getRecordForPath(path);
      if (node.childCount > 0) throw new KeeperError('NotEmpty');
      // Java's own choice of code for "that is a session's ephemeral, not a container".
      if (ephemeralKind((node.stat as StatPersisted).ephemeralOwner, this.opts.extendedTypes) === 'normal') {
        throw new KeeperError('BadVersion');
      }
      const parent = this.duplicate(this.getRecordForPath(parentPath), zxid);
      parent.childCount--;
      (parent.stat as StatPersisted).pzxid = zxid;
      this.addChangeRecord(parent);
      this.addChangeRecord({ zxid, path, stat: null, childCount: -1, acl: [], data: null });
      return { path };
    });
  }

  /** ZooKeeperServer#processTxn: retire the change records of every txn up to `zxid`. */
  committed(zxid: number): void {
    while (this.outstanding.length > 0 && (this.outstanding[0] as ChangeRecord).zxid <= zxid) {
      const cr = this.outstanding.shift() as ChangeRecord;
      if (this.forPath.get(cr.path) === cr) this.forPath.delete(cr.path);
    }
  }

  // ---- internals ----

  /** pRequest's catch: a KeeperException turns the header into an error txn. */
  private guard(hdr: TxnHeader, build: () => unknown): Txn {
    try {
      const body = build();
      return { hdr, body } as Txn;
    } catch (e) {
      if (!(e instanceof KeeperError)) throw e;
      return errorTxn(hdr, e.code);
    }
  }

  private prepMulti(ops: WriteSubOp[], ctx: PrepContext, zxid: number, time: number): Txn {
    const hdr: TxnHeader = { clientId: ctx.sessionId, cxid: ctx.cxid, zxid, time, type: 'multi' };
    const pending = this.getPendingChanges(ops);
    const txns: SubTxn[] = [];
    let failed = false;
    for (const op of ops) {
      if (failed) {
        txns.push({ type: 'error', body: { err: 'RuntimeInconsistency' } });
        continue;
      }
      const type = subOpcode(op);
      try {
        const body = this.pRequest2Txn(type, op, ctx, hdr);
        txns.push({ type, body } as SubTxn);
      } catch (e) {
        if (!(e instanceof KeeperError)) throw e;
        failed = true;
        txns.push({ type: 'error', body: { err: e.code } });
        this.rollbackPendingChanges(zxid, pending);
      }
    }
    return { hdr: retyped(hdr, 'multi'), body: { txns } };
  }

  /** The outstanding records of every op's path and parent, to restore if the multi fails (ZOOKEEPER-1624). */
  private getPendingChanges(ops: WriteSubOp[]): Map<string, ChangeRecord> {
    const pending = new Map<string, ChangeRecord>();
    for (const op of ops) {
      const cr = this.forPath.get(op.path);
      if (cr) pending.set(op.path, cr);
      const lastSlash = op.path.lastIndexOf('/');
      if (lastSlash === -1 || op.path.includes('\0')) continue;
      const parentPath = op.path.substring(0, lastSlash);
      const parentCr = this.forPath.get(parentPath);
      if (parentCr) pending.set(parentPath, parentCr);
    }
    return pending;
  }

  private rollbackPendingChanges(zxid: number, pending: Map<string, ChangeRecord>): void {
    while (this.outstanding.length > 0) {
      const last = this.outstanding[this.outstanding.length - 1] as ChangeRecord;
      if (last.zxid !== zxid) break;
      this.outstanding.pop();
      this.forPath.delete(last.path);
    }
    if (this.outstanding.length === 0) return;
    const firstZxid = (this.outstanding[0] as ChangeRecord).zxid;
    for (const c of pending.values()) {
      if (c.zxid < firstZxid) continue;
      this.forPath.set(c.path, c);
    }
  }

  private getRecordForPath(path: string): ChangeRecord {
    let rec = this.forPath.get(path);
    if (!rec) {
      const node = this.tree.getNode(path);
      if (node) {
        rec = {
          zxid: -1,
          path,
          stat: copyStat(node.stat),
          childCount: node.children.size,
          acl: node.acl,
          data: node.data,
        };
      }
    }
    if (!rec || rec.stat === null) throw new KeeperError('NoNode');
    return rec;
  }

  private duplicate(rec: ChangeRecord, zxid: number): ChangeRecord {
    const stat = rec.stat ? copyStat(rec.stat) : createStat(0, 0, 0n);
    return { zxid, path: rec.path, stat, childCount: rec.childCount, acl: rec.acl.slice(), data: rec.data };
  }

  private addChangeRecord(c: ChangeRecord): void {
    this.outstanding.push(c);
    this.forPath.set(c.path, c);
  }

  private validatePathOrThrow(path: string): void {
    if (validatePath(path) !== null) throw new KeeperError('BadArguments');
  }

  /** getParentPathAndValidate: no validatePath here, only "has a slash, no NUL, not a system node". */
  private parentPathAndValidate(path: string): string {
    const lastSlash = path.lastIndexOf('/');
    if (lastSlash === -1 || path.includes('\0') || this.tree.isSpecialPath(path)) {
      throw new KeeperError('BadArguments');
    }
    return path.substring(0, lastSlash);
  }

  private checkAndIncVersion(current: number, expected: number): number {
    if (expected !== -1 && expected !== current) throw new KeeperError('BadVersion');
    const next = (current + 1) | 0;
    return next === -1 && this.opts.versionWrapSkipsMinusOne ? 0 : next;
  }

  /** pRequest2Txn for one (sub-)operation; adds change records only once every check has passed. */
  private pRequest2Txn(
    type: Exclude<keyof TxnBodies, 'multi'>,
    op: WriteRequest | WriteSubOp,
    ctx: PrepContext,
    hdr: TxnHeader,
  ): unknown {
    const zxid = hdr.zxid;
    switch (op.op) {
      case 'create':
        return this.pRequest2TxnCreate(type as CreateTxnType, op, ctx, hdr);
      case 'delete': {
        const parentPath = this.parentPathAndValidate(op.path);
        const parentRecord = this.getRecordForPath(parentPath);
        checkAcl(parentRecord.acl, Perms.DELETE, ctx.authIds);
        const nodeRecord = this.getRecordForPath(op.path);
        this.checkAndIncVersion((nodeRecord.stat as StatPersisted).version, op.version);
        if (nodeRecord.childCount > 0) throw new KeeperError('NotEmpty');
        const parent = this.duplicate(parentRecord, zxid);
        parent.childCount--;
        (parent.stat as StatPersisted).pzxid = zxid;
        this.addChangeRecord(parent);
        this.addChangeRecord({ zxid, path: op.path, stat: null, childCount: -1, acl: [], data: null });
        return { path: op.path };
      }
      case 'set': {
        this.validatePathOrThrow(op.path);
        const nodeRecord = this.getRecordForPath(op.path);
        checkAcl(nodeRecord.acl, Perms.WRITE, ctx.authIds);
        const version = this.checkAndIncVersion((nodeRecord.stat as StatPersisted).version, op.version);
        const next = this.duplicate(nodeRecord, zxid);
        const stat = next.stat as StatPersisted;
        stat.version = version;
        stat.mtime = hdr.time;
        stat.mzxid = zxid;
        next.data = op.data;
        this.addChangeRecord(next);
        return { path: op.path, data: op.data, version };
      }
      case 'check': {
        this.validatePathOrThrow(op.path);
        const nodeRecord = this.getRecordForPath(op.path);
        checkAcl(nodeRecord.acl, Perms.READ, ctx.authIds);
        const version = this.checkAndIncVersion((nodeRecord.stat as StatPersisted).version, op.version);
        return { path: op.path, version };
      }
      case 'set_acl': {
        this.validatePathOrThrow(op.path);
        const acl = fixupAcl(ctx.authIds, op.acl);
        const nodeRecord = this.getRecordForPath(op.path);
        checkAcl(nodeRecord.acl, Perms.ADMIN, ctx.authIds);
        const version = this.checkAndIncVersion((nodeRecord.stat as StatPersisted).aversion, op.version);
        // As in 3.8.0 the record keeps the old ACL: a request pipelined behind this one is still
        // checked against the ACL the tree has now.
        const next = this.duplicate(nodeRecord, zxid);
        (next.stat as StatPersisted).aversion = version;
        this.addChangeRecord(next);
        return { path: op.path, acl, version };
      }
      default:
        throw new Error(`unexpected op ${(op as { op: string }).op}`);
    }
  }

  /** PrepRequestProcessor#pRequest2TxnCreate, checks in Java's order. */
  private pRequest2TxnCreate(type: CreateTxnType, op: CreateOp, ctx: PrepContext, hdr: TxnHeader): unknown {
    const zxid = hdr.zxid;
    // CreateMode.fromFlag: a flag it does not know is BadArguments (a raw request's).
    const mode = op.flags === undefined ? op.mode : modeFromFlag(op.flags);
    // validateCreateRequest: extended-type switch first, then the TTL range.
    if (isTtlMode(mode) && !this.opts.extendedTypes) throw new KeeperError('Unimplemented');
    const ttl = type === 'createTTL' ? (op.ttl ?? -1) : -1;
    if (isTtlMode(mode)) {
      if (!isValidTtl(ttl)) throw new KeeperError('BadArguments');
    } else if (type === 'createTTL') {
      // EphemeralType#validateTTL rejects ttl ≥ 0 for a non-TTL mode; we also reject a negative one,
      // which Java would let through into a txn its DataTree cannot apply.
      throw new KeeperError('BadArguments');
    }
    // validatePathForCreate: only "has a slash, no NUL" before the parent lookup, so /a//b and /bad/
    // fail on their (missing) parent with NoNode.
    const lastSlash = op.path.lastIndexOf('/');
    if (lastSlash === -1 || op.path.includes('\0')) throw new KeeperError('BadArguments');
    const parentPath = op.path.substring(0, lastSlash);
    const acl = fixupAcl(ctx.authIds, op.acl);
    const parentRecord = this.getRecordForPath(parentPath);
    checkAcl(parentRecord.acl, Perms.CREATE, ctx.authIds);
    const parentStat = parentRecord.stat as StatPersisted;
    const parentCVersion = parentStat.cversion;
    const path = isSequentialMode(mode) ? op.path + sequenceSuffix(parentCVersion) : op.path;
    this.validatePathOrThrow(path);
    let exists = true;
    try {
      this.getRecordForPath(path);
    } catch (e) {
      if (!(e instanceof KeeperError)) throw e;
      exists = false;
    }
    if (exists) throw new KeeperError('NodeExists');
    if (ephemeralKind(parentStat.ephemeralOwner, this.opts.extendedTypes) === 'normal') {
      throw new KeeperError('NoChildrenForEphemerals');
    }
    const newCversion = (parentCVersion + 1) | 0;
    // The opcode picks the txn; the mode (the flag) picks the change record's owner. They disagree
    // only for raw requests: create2 with the container flag makes a plain node (observed) while
    // the outstanding record says container, as Java's prep does.
    let body: unknown;
    if (type === 'createContainer') body = { path, data: op.data, acl, parentCVersion: newCversion };
    else if (type === 'createTTL') body = { path, data: op.data, acl, parentCVersion: newCversion, ttl };
    else body = { path, data: op.data, acl, ephemeral: isEphemeralMode(mode), parentCVersion: newCversion };
    let owner: SessionId = 0n;
    if (mode === 'container') owner = CONTAINER_EPHEMERAL_OWNER;
    else if (isTtlMode(mode)) owner = ttlOwner(ttl);
    else if (isEphemeralMode(mode)) owner = ctx.sessionId;
    const parent = this.duplicate(parentRecord, zxid);
    parent.childCount++;
    (parent.stat as StatPersisted).cversion = newCversion;
    (parent.stat as StatPersisted).pzxid = zxid;
    this.addChangeRecord(parent);
    this.addChangeRecord({
      zxid,
      path,
      stat: createStat(zxid, hdr.time, owner),
      childCount: 0,
      acl,
      data: op.data,
    });
    return body;
  }
}

/** The txn builders pRequest hands a request to (PrepRequestProcessor's, reached through ZkDatabase). */
export type TxnPrep = Pick<
  PrepRequestProcessor,
  'prepRequest' | 'prepCreateSession' | 'prepCloseSession' | 'prepDeleteContainer'
>;

/**
 * PrepRequestProcessor#pRequest: the session side first — a new session is tracked and owned by the
 * connection it came through, a closing one is marked closing, any other request's session is
 * checked (SessionTrackerImpl#checkSession) — then the txn. `tracker` is null on a server that does
 * not track sessions.
 */
export function pRequest(
  prep: TxnPrep,
  tracker: SessionTracker | null,
  origin: Origin,
  body: ForwardedRequest,
  zxid: number,
  now: number,
): Txn {
  switch (body.op) {
    case 'createSession':
      tracker?.track(origin.sessionId, body.timeout, now);
      // createSession: zks.setOwner(id, request.getOwner()).
      tracker?.setOwner(origin.sessionId, origin.owner ?? LOCAL_OWNER);
      return prep.prepCreateSession(origin, body.timeout, zxid, now);
    case 'closeSession':
      tracker?.setClosing(origin.sessionId);
      return prep.prepCloseSession(origin, zxid, now);
    case 'deleteContainer':
      return prep.prepDeleteContainer(body.path, zxid, now);
    case 'write': {
      const hdr: TxnHeader = {
        clientId: origin.sessionId,
        cxid: origin.cxid,
        zxid,
        time: now,
        type: 'error',
      };
      // checkSession: a request of a session that is gone becomes an error txn...
      if (tracker && !tracker.isLive(origin.sessionId)) return errorTxn(hdr, 'SessionExpired');
      // ...and so does one through another connection than the one the session last (re)connected
      // through: SessionMovedException, an error txn (it still takes a zxid).
      if (tracker && !tracker.checkOwner(origin.sessionId, origin.owner ?? LOCAL_OWNER))
        return errorTxn(hdr, 'SessionMoved');
      return prep.prepRequest(body.request, origin, zxid, now);
    }
  }
}
