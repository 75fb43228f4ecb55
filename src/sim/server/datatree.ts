// The replicated tree (server/DataTree + DataNode of ZooKeeper 3.8.0): nodes with their persisted stat,
// the per-session ephemeral sets, container and TTL bookkeeping, the two watch tables, and processTxn,
// which every replica runs for every committed txn (and at restart for every logged one).
import type { ErrorName } from './errors.ts';
import { KeeperError } from './errors.ts';
import type { JavaHashSetState } from './java-hashset.ts';
import { JavaHashSet } from './java-hashset.ts';
import { childName, parentForWatch, rawParent } from './pathutils.ts';
import type { Acl, EventType, SessionId, Stat, WatchedEvent } from './protocol.ts';
import { OPEN_ACL_UNSAFE, READ_ACL_UNSAFE } from './protocol.ts';
import type { SubTxn, Txn, TxnBodies, TxnHeader, TxnType } from './txn.ts';
import type { WatcherKey, WatcherMode } from './watchmanager.ts';
import { WatchManager } from './watchmanager.ts';

export type { WatcherKey } from './watchmanager.ts';

/** A watch event addressed to one connection; `zxid` is the txn that fired it (−1 when no txn did). */
export interface Notification {
  watcher: WatcherKey;
  zxid: number;
  event: WatchedEvent;
  /**
   * The ACL of the node the event is about (the parent's for NodeChildrenChanged), as DataTree passes
   * it to WatchManager#triggerWatch since 3.8.4 (ZOOKEEPER-4799, CVE-2024-23944): the connection's
   * process(event, acl) delivers it only with READ. Absent for setWatches' replayed events, which
   * go out unchecked (process(event) with no ACL).
   */
  acl?: readonly Acl[];
}

/** StatPersisted: what a node stores. numChildren, dataLength and the client cversion are derived. */
export interface StatPersisted {
  czxid: number;
  mzxid: number;
  ctime: number;
  mtime: number;
  version: number;
  /** Number of children ever created (only creates count). */
  cversion: number;
  aversion: number;
  /** Signed 64-bit, as Java's long: containers and TTL nodes use negative markers. */
  ephemeralOwner: SessionId;
  pzxid: number;
}

export const PROC_ZOOKEEPER = '/zookeeper';
export const QUOTA_ZOOKEEPER = '/zookeeper/quota';
export const CONFIG_ZOOKEEPER = '/zookeeper/config';

// EphemeralType constants.
export const CONTAINER_EPHEMERAL_OWNER = -(2n ** 63n);
const EXTENDED_MASK = 0xff00000000000000n;
const RESERVED_BITS_MASK = 0x00ffff0000000000n;
/** EphemeralType.TTL#maxValue: 2^40 − 1 ms. */
export const TTL_MAX = 2 ** 40 - 1;

export type EphemeralKind = 'void' | 'normal' | 'container' | 'ttl';

/**
 * EphemeralType#get. With extended types off, a TTL-shaped owner is just a (strange) session id, as in
 * Java; with them on, an extended marker with unknown feature bits is rejected there (IllegalArgument)
 * and here reported as 'normal' so nothing crashes.
 */
export function ephemeralKind(owner: SessionId, extendedTypes: boolean): EphemeralKind {
  // Most nodes have no owner: answered before any 64-bit arithmetic (each allocates a BigInt).
  if (owner === 0n) return 'void';
  const o = BigInt.asIntN(64, owner);
  if (extendedTypes && (BigInt.asUintN(64, o) & EXTENDED_MASK) === EXTENDED_MASK) {
    return (BigInt.asUintN(64, o) & RESERVED_BITS_MASK) === 0n ? 'ttl' : 'normal';
  }
  if (o === CONTAINER_EPHEMERAL_OWNER) return 'container';
  return o === 0n ? 'void' : 'normal';
}

/** Whether EphemeralType.TTL#toEphemeralOwner accepts `ttl`. */
export function isValidTtl(ttl: number): boolean {
  return Number.isSafeInteger(ttl) && ttl > 0 && ttl <= TTL_MAX;
}

/** EphemeralType.TTL#toEphemeralOwner (caller validates): 0xFF00… | ttl as a signed long. */
export function ttlOwner(ttl: number): SessionId {
  return BigInt.asIntN(64, EXTENDED_MASK | BigInt(ttl));
}

/** EphemeralType.TTL#getValue. */
export function ttlOf(owner: SessionId): number {
  return Number(BigInt.asUintN(64, owner) & BigInt(TTL_MAX));
}

/** Byte length of the UTF-8 encoding (what dataLength reports). */
export function utf8Length(s: string | null): number {
  if (s === null) return 0;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/** `new HashSet<>(8)` in DataNode#addChild; the table itself is allocated on the first add. */
const CHILDREN_INITIAL_CAPACITY = 8;

/**
 * The children of every node that never had one. It answers as a `new HashSet<>(8)` never added to;
 * adding goes through DataNode#addChild, which makes the node its own.
 */
class NoChildren extends JavaHashSet {
  override add(): boolean {
    throw new Error('children are added through DataNode#addChild');
  }
}
const NO_CHILDREN: JavaHashSet = new NoChildren(CHILDREN_INITIAL_CAPACITY);

export class DataNode {
  /**
   * Null until the first child, as in ZooKeeper's DataNode (addChild makes the set): most nodes are
   * leaves, and an empty set was 80 bytes each (100k znodes on 3 servers: ~24 MB).
   */
  private kids: JavaHashSet | null;

  constructor(
    public data: string | null,
    /** Shared with every node that has the same list (DataTree#aclCache): never modified, replaced by setACL. */
    public acl: Acl[],
    public stat: StatPersisted,
    children: JavaHashSet | null = null,
  ) {
    this.kids = children;
  }

  /** Read only: a child is added with addChild. */
  get children(): JavaHashSet {
    return this.kids ?? NO_CHILDREN;
  }

  /** DataNode#addChild: the set is made at the first child. */
  addChild(name: string): boolean {
    this.kids ??= new JavaHashSet(CHILDREN_INITIAL_CAPACITY);
    return this.kids.add(name);
  }
}

/** DataTree#createStat. */
export function createStat(zxid: number, time: number, ephemeralOwner: SessionId): StatPersisted {
  return {
    czxid: zxid,
    mzxid: zxid,
    ctime: time,
    mtime: time,
    version: 0,
    cversion: 0,
    aversion: 0,
    ephemeralOwner,
    pzxid: zxid,
  };
}

/**
 * A copy of a stat, written out rather than spread: every stat then has the one hidden class
 * createStat gives it, where a spread's copies got a class V8 made again in each run, and the tree's
 * code (createNode's parent.stat, ...) was compiled again for each new one (issue #13).
 */
export function copyStat(s: StatPersisted): StatPersisted {
  return {
    czxid: s.czxid,
    mzxid: s.mzxid,
    ctime: s.ctime,
    mtime: s.mtime,
    version: s.version,
    cversion: s.cversion,
    aversion: s.aversion,
    ephemeralOwner: s.ephemeralOwner,
    pzxid: s.pzxid,
  };
}

function emptyStat(): StatPersisted {
  return createStat(0, 0, 0n);
}

/** What DataTree#processTxn reports (ProcessTxnResult). */
export interface TxnOutcome {
  type: string;
  err: ErrorName | null;
  path?: string;
  stat?: Stat;
  multiResult?: TxnOutcome[];
}

export interface NodeSnapshot {
  path: string;
  data: string | null;
  acl: Acl[];
  stat: StatPersisted;
  children: JavaHashSetState;
}

export interface TreeSnapshot {
  /** Depth-first from "/", children in iteration order (DataTree#serializeNode). */
  nodes: NodeSnapshot[];
  ephemerals: { session: SessionId; paths: JavaHashSetState }[];
  lastProcessedZxid: number;
}

function copyAcl(acl: readonly Acl[]): Acl[] {
  return acl.map((a) => ({ perms: a.perms, scheme: a.scheme, id: a.id }));
}

/** Distinct ACL lists a tree shares (beyond them a node keeps its own copy). */
const ACLS_SHARED = 1024;

export class DataTree {
  /** Keyed by path; the root is "/" and also answers to "" (DataTree's "rather than fight it" alias). */
  private readonly nodes = new Map<string, DataNode>();
  private readonly ephemerals = new Map<SessionId, JavaHashSet>();
  private readonly containers = new Set<string>();
  private readonly ttls = new Set<string>();
  /**
   * One list per distinct ACL, as ZooKeeper's DataTree keeps them (ReferenceCountedACLCache#convertAcls:
   * a node holds a reference to the shared list). Most nodes carry the same one; a copy each was
   * ~110 bytes a znode (100k znodes on 3 servers: ~33 MB).
   */
  private readonly aclCache = new Map<string, Acl[]>();
  readonly dataWatches = new WatchManager();
  readonly childWatches = new WatchManager();
  lastProcessedZxid = 0;

  /**
   * Paths whose picture may have changed since the views last asked (null: nobody asks). Only the
   * views read it (docs/views.md): a 2,000-znode tree is redrawn by what changed, not whole.
   */
  private touched: Set<string> | null = null;

  /** Collects the events fired while a txn is applied. */
  private fired: Notification[] | null = null;
  private firingZxid = -1;

  constructor(readonly extendedTypes: boolean) {
    // DataTree constructor: /, /zookeeper, /zookeeper/quota with the OPEN ACL (acl id −1), and
    // addConfigNode: /zookeeper/config, READ-only, set through setACL(…, −1) so its aversion is −1.
    const root = new DataNode('', copyAcl(OPEN_ACL_UNSAFE), emptyStat());
    this.nodes.set('/', root);
    root.addChild('zookeeper');
    const proc = new DataNode('', copyAcl(OPEN_ACL_UNSAFE), emptyStat());
    this.nodes.set(PROC_ZOOKEEPER, proc);
    proc.addChild('quota');
    this.nodes.set(QUOTA_ZOOKEEPER, new DataNode('', copyAcl(OPEN_ACL_UNSAFE), emptyStat()));
    proc.addChild('config');
    const config = new DataNode('', copyAcl(READ_ACL_UNSAFE), emptyStat());
    config.stat.aversion = -1;
    this.nodes.set(CONFIG_ZOOKEEPER, config);
  }

  /** The tree's list equal to `acl` (its own copy beyond ACLS_SHARED distinct lists). */
  private sharedAcl(acl: readonly Acl[]): Acl[] {
    // Lengths make the key unambiguous whatever the scheme and id hold.
    let key = '';
    for (const a of acl) key += `${a.perms},${a.scheme.length}:${a.scheme}${a.id.length}:${a.id};`;
    const known = this.aclCache.get(key);
    if (known !== undefined) return known;
    const copy = copyAcl(acl);
    if (this.aclCache.size < ACLS_SHARED) this.aclCache.set(key, copy);
    return copy;
  }

  getNode(path: string): DataNode | undefined {
    return this.nodes.get(path === '' ? '/' : path);
  }

  /** DataTree#isSpecialPath: nodes that can never be deleted. */
  isSpecialPath(path: string): boolean {
    return path === '/' || path === PROC_ZOOKEEPER || path === QUOTA_ZOOKEEPER || path === CONFIG_ZOOKEEPER;
  }

  /** DataTree#getNodeCount: nodes.size(), which counts the root twice ("" and "/"), as mntr shows. */
  getNodeCount(): number {
    return this.nodes.size + 1;
  }

  /**
   * DataTree#getAllChildrenNumber: "/" → nodes.size() − 2 (Java keys the root under both "" and "/"),
   * otherwise the number of paths starting with path + "/".
   */
  allChildrenNumber(path: string): number {
    if (path === '/') return this.getNodeCount() - 2;
    let n = 0;
    for (const p of this.nodes.keys()) if (p.startsWith(`${path}/`)) n++;
    return n;
  }

  /** Every node path, depth-first from "/" in children iteration order. */
  allPaths(): string[] {
    const out: string[] = [];
    const visit = (path: string): void => {
      const node = this.nodes.get(path);
      if (!node) return;
      out.push(path);
      for (const c of node.children) visit(path === '/' ? `/${c}` : `${path}/${c}`);
    };
    visit('/');
    return out;
  }

  kind(owner: SessionId): EphemeralKind {
    return ephemeralKind(owner, this.extendedTypes);
  }

  /** DataNode#copyStat: derived fields, the v3 cversion, and 0 as owner for containers/TTL nodes. */
  statOf(node: DataNode): Stat {
    const s = node.stat;
    const numChildren = node.children.size;
    return {
      czxid: s.czxid,
      mzxid: s.mzxid,
      pzxid: s.pzxid,
      ctime: s.ctime,
      mtime: s.mtime,
      version: s.version,
      cversion: (Math.imul(s.cversion, 2) - numChildren) | 0,
      aversion: s.aversion,
      ephemeralOwner: this.kind(s.ephemeralOwner) === 'normal' ? s.ephemeralOwner : 0n,
      dataLength: utf8Length(node.data),
      numChildren,
    };
  }

  // ---- mutations (each called only from processTxn) ----

  /** DataTree#createNode. */
  createNode(
    path: string,
    data: string | null,
    acl: readonly Acl[],
    ephemeralOwner: SessionId,
    parentCVersion: number,
    zxid: number,
    time: number,
  ): Stat {
    const parentName = rawParent(path);
    const name = childName(path);
    const parent = this.getNode(parentName);
    if (!parent) throw new KeeperError('NoNode');
    if (parent.children.has(name)) throw new KeeperError('NodeExists');
    let cv = parentCVersion;
    if (cv === -1) cv = (parent.stat.cversion + 1) | 0;
    // Only move cversion/pzxid forward: replaying a create whose node a fuzzy snapshot already lost
    // must not take them back.
    if (cv > parent.stat.cversion) {
      parent.stat.cversion = cv;
      parent.stat.pzxid = zxid;
    }
    const child = new DataNode(data, this.sharedAcl(acl), createStat(zxid, time, ephemeralOwner));
    parent.addChild(name);
    this.nodes.set(path, child);
    this.touch(parentName);
    this.touch(path);
    const kind = this.kind(ephemeralOwner);
    if (kind === 'container') this.containers.add(path);
    else if (kind === 'ttl') this.ttls.add(path);
    else if (ephemeralOwner !== 0n) {
      let set = this.ephemerals.get(ephemeralOwner);
      if (!set) {
        set = new JavaHashSet();
        this.ephemerals.set(ephemeralOwner, set);
      }
      set.add(path);
    }
    this.fire(this.dataWatches, path, 'NodeCreated', child.acl);
    this.fire(this.childWatches, parentForWatch(path), 'NodeChildrenChanged', parent.acl);
    return this.statOf(child);
  }

  /** DataTree#deleteNode. */
  deleteNode(path: string, zxid: number): void {
    const parentName = rawParent(path);
    const parent = this.getNode(parentName);
    if (!parent) throw new KeeperError('NoNode');
    parent.children.delete(childName(path));
    this.touch(parentName);
    // Only if larger: a create replayed after this delete may already have set a higher pzxid.
    if (zxid > parent.stat.pzxid) parent.stat.pzxid = zxid;
    const node = this.nodes.get(path);
    if (!node || path === '/') throw new KeeperError('NoNode');
    this.nodes.delete(path);
    this.touch(path);
    const owner = node.stat.ephemeralOwner;
    const kind = this.kind(owner);
    if (kind === 'container') this.containers.delete(path);
    else if (kind === 'ttl') this.ttls.delete(path);
    else if (owner !== 0n) this.ephemerals.get(owner)?.delete(path);
    const processed = this.fire(this.dataWatches, path, 'NodeDeleted', node.acl);
    this.fire(this.childWatches, path, 'NodeDeleted', node.acl, processed);
    this.fire(this.childWatches, parentForWatch(path), 'NodeChildrenChanged', parent.acl);
  }

  /** DataTree#setData: `version` is the already-incremented version from the txn. */
  setData(path: string, data: string | null, version: number, zxid: number, time: number): Stat {
    const node = this.getNode(path);
    if (!node) throw new KeeperError('NoNode');
    node.data = data;
    node.stat.mtime = time;
    node.stat.mzxid = zxid;
    node.stat.version = version;
    this.touch(path);
    const stat = this.statOf(node);
    this.fire(this.dataWatches, path, 'NodeDataChanged', node.acl);
    return stat;
  }

  /** DataTree#setACL: fires nothing. */
  setACL(path: string, acl: readonly Acl[], version: number): Stat {
    const node = this.getNode(path);
    if (!node) throw new KeeperError('NoNode');
    node.stat.aversion = version;
    node.acl = this.sharedAcl(acl);
    this.touch(path);
    return this.statOf(node);
  }

  /** DataTree#setCversionPzxid, used when replaying a create that hits NodeExists. */
  private setCversionPzxid(path: string, newCversion: number, zxid: number): void {
    const p = path.endsWith('/') ? path.substring(0, path.length - 1) : path;
    const node = this.getNode(p);
    if (!node) throw new KeeperError('NoNode');
    let cv = newCversion;
    if (cv === -1) cv = (node.stat.cversion + 1) | 0;
    if (cv > node.stat.cversion) {
      node.stat.cversion = cv;
      node.stat.pzxid = zxid;
      this.touch(p === '' ? '/' : p);
    }
  }

  private touch(path: string): void {
    this.touched?.add(path === '' ? '/' : path);
  }

  /**
   * The paths changed since the last call, and from now on tracked; null on the first call (the
   * caller draws the whole tree once).
   */
  takeTouched(): Set<string> | null {
    const was = this.touched;
    this.touched = new Set();
    return was;
  }

  private fire(
    table: WatchManager,
    path: string,
    type: EventType,
    acl: readonly Acl[],
    suppress?: ReadonlySet<WatcherKey>,
  ): ReadonlySet<WatcherKey> {
    const { fire, matched } = table.triggerWatch(path, type, suppress);
    if (this.fired) {
      for (const watcher of fire)
        this.fired.push({ watcher, zxid: this.firingZxid, event: { type, path }, acl });
    }
    return matched;
  }

  // ---- processTxn ----

  /** DataTree#processTxn, returning the outcome and the watch events it fired, in firing order. */
  processTxn(txn: Txn): { outcome: TxnOutcome; notifications: Notification[] } {
    const outer = this.fired;
    this.fired = [];
    this.firingZxid = txn.hdr.zxid;
    try {
      const outcome = this.apply(txn.hdr, txn.body as unknown, false);
      return { outcome, notifications: this.fired };
    } finally {
      this.fired = outer;
    }
  }

  private apply(hdr: TxnHeader, body: unknown, isSubTxn: boolean): TxnOutcome {
    const rc: TxnOutcome = { type: hdr.type, err: null };
    try {
      switch (hdr.type) {
        case 'create':
        case 'create2': {
          const b = bodyAs(body, 'create');
          rc.path = b.path;
          const owner = b.ephemeral ? hdr.clientId : 0n;
          rc.stat = this.createNode(b.path, b.data, b.acl, owner, b.parentCVersion, hdr.zxid, hdr.time);
          break;
        }
        case 'createTTL': {
          const b = bodyAs(body, 'createTTL');
          rc.path = b.path;
          const owner = ttlOwner(b.ttl);
          rc.stat = this.createNode(b.path, b.data, b.acl, owner, b.parentCVersion, hdr.zxid, hdr.time);
          break;
        }
        case 'createContainer': {
          const b = bodyAs(body, 'createContainer');
          rc.path = b.path;
          const owner = CONTAINER_EPHEMERAL_OWNER;
          rc.stat = this.createNode(b.path, b.data, b.acl, owner, b.parentCVersion, hdr.zxid, hdr.time);
          break;
        }
        case 'delete':
        case 'deleteContainer': {
          const b = bodyAs(body, 'delete');
          rc.path = b.path;
          this.deleteNode(b.path, hdr.zxid);
          break;
        }
        case 'setData': {
          const b = bodyAs(body, 'setData');
          rc.path = b.path;
          rc.stat = this.setData(b.path, b.data, b.version, hdr.zxid, hdr.time);
          break;
        }
        case 'setACL': {
          const b = bodyAs(body, 'setACL');
          rc.path = b.path;
          rc.stat = this.setACL(b.path, b.acl, b.version);
          break;
        }
        case 'closeSession': {
          const local = this.ephemerals.get(hdr.clientId);
          this.ephemerals.delete(hdr.clientId);
          this.killSession(hdr.zxid, local, bodyAs(body, 'closeSession').paths2Delete);
          break;
        }
        case 'error':
          rc.err = bodyAs(body, 'error').err;
          break;
        case 'check':
          rc.path = bodyAs(body, 'check').path;
          break;
        case 'multi':
          rc.multiResult = this.applyMulti(hdr, bodyAs(body, 'multi').txns);
          for (const sub of rc.multiResult) {
            if (sub.err !== null && sub.err !== 'RolledBack' && rc.err === null) rc.err = sub.err;
          }
          break;
        default:
          // createSession: only the session table changes (ZKDatabase), not the tree.
          break;
      }
    } catch (e) {
      if (!(e instanceof KeeperError)) throw e;
      rc.err = e.code;
    }
    if (hdr.type === 'create' && rc.err === 'NodeExists' && rc.path !== undefined) {
      // processTxn's replay fix-up: a fuzzy snapshot may already hold a re-created node; still move the
      // parent's cversion/pzxid to what this create would have set.
      try {
        this.setCversionPzxid(rawParent(rc.path), bodyAs(body, 'create').parentCVersion, hdr.zxid);
      } catch (e) {
        if (!(e instanceof KeeperError)) throw e;
        rc.err = e.code;
      }
    }
    if (!isSubTxn && hdr.zxid > this.lastProcessedZxid) this.lastProcessedZxid = hdr.zxid;
    return rc;
  }

  /**
   * The multi case of processTxn: if any sub-txn is an error, none is applied; the ones before the
   * failing op report 0 ("RolledBack"), the failing one its code, the ones after RuntimeInconsistency.
   */
  private applyMulti(hdr: TxnHeader, txns: SubTxn[]): TxnOutcome[] {
    const failed = txns.some((t) => t.type === 'error');
    let postFailed = false;
    const out: TxnOutcome[] = [];
    for (const sub of txns) {
      let type: string = sub.type;
      let body: unknown = sub.body;
      if (sub.type === 'error') postFailed = true;
      if (failed && sub.type !== 'error') {
        type = 'error';
        body = { err: postFailed ? 'RuntimeInconsistency' : 'RolledBack' };
      }
      const subHdr: TxnHeader = {
        clientId: hdr.clientId,
        cxid: hdr.cxid,
        zxid: hdr.zxid,
        time: hdr.time,
        type,
      };
      const subRc = this.apply(subHdr, body, true);
      out.push(subRc);
    }
    return out;
  }

  /**
   * DataTree#killSession: delete the txn's paths in their order, then anything the session still owns
   * locally that the txn did not list (only possible when replicas diverged; Java warns and deletes).
   */
  private killSession(zxid: number, local: JavaHashSet | undefined, paths2Delete: readonly string[]): void {
    this.deleteNodes(zxid, paths2Delete);
    if (!local) return;
    for (const p of paths2Delete) local.delete(p);
    this.deleteNodes(zxid, local.toArray());
  }

  private deleteNodes(zxid: number, paths: readonly string[]): void {
    for (const p of paths) {
      try {
        this.deleteNode(p, zxid);
      } catch (e) {
        if (!(e instanceof KeeperError)) throw e;
      }
    }
  }

  // ---- reads (FinalRequestProcessor does the ACL checks before calling these) ----

  /** DataTree#getData: the watch is only set when the node exists. */
  getData(path: string, watcher: WatcherKey | null): { data: string | null; stat: Stat } {
    const node = this.getNode(path);
    if (!node) throw new KeeperError('NoNode');
    if (watcher !== null) this.dataWatches.addWatch(path, watcher);
    return { data: node.data, stat: this.statOf(node) };
  }

  /** DataTree#statNode: the watch is set before the existence check, so it also covers a missing node. */
  statNode(path: string, watcher: WatcherKey | null): Stat {
    if (watcher !== null) this.dataWatches.addWatch(path, watcher);
    const node = this.getNode(path);
    if (!node) throw new KeeperError('NoNode');
    return this.statOf(node);
  }

  /** DataTree#getChildren: names in HashSet iteration order. */
  getChildren(path: string, watcher: WatcherKey | null): { children: string[]; stat: Stat } {
    const node = this.getNode(path);
    if (!node) throw new KeeperError('NoNode');
    const children = node.children.toArray();
    const stat = this.statOf(node);
    if (watcher !== null) this.childWatches.addWatch(path, watcher);
    return { children, stat };
  }

  getACL(path: string): { acl: Acl[]; stat: Stat } {
    const node = this.getNode(path);
    if (!node) throw new KeeperError('NoNode');
    return { acl: copyAcl(node.acl), stat: this.statOf(node) };
  }

  // ---- watches ----

  /** DataTree#addWatch: a persistent or recursive watch goes into both tables. */
  addWatch(path: string, watcher: WatcherKey, mode: Exclude<WatcherMode, 'standard'>): void {
    this.dataWatches.addWatch(path, watcher, mode);
    this.childWatches.addWatch(path, watcher, mode);
  }

  /** DataTree#removeWatch for WatcherType Children (1), Data (2), Any (3). */
  removeWatch(path: string, type: 1 | 2 | 3, watcher: WatcherKey): boolean {
    if (type === 1) return this.childWatches.removeWatch(path, watcher);
    if (type === 2) return this.dataWatches.removeWatch(path, watcher);
    const c = this.childWatches.removeWatch(path, watcher);
    const d = this.dataWatches.removeWatch(path, watcher);
    return c || d;
  }

  /** DataTree#removeCnxn. */
  removeCnxn(watcher: WatcherKey): void {
    this.dataWatches.removeWatcher(watcher);
    this.childWatches.removeWatcher(watcher);
  }

  /**
   * DataTree#setWatches: events for what changed after relativeZxid go straight to the connection
   * (not through the watch tables, so no dedup); the rest are re-registered. Persistent watches are
   * re-registered without replaying anything.
   */
  setWatches(
    relativeZxid: number,
    w: {
      data: string[];
      exist: string[];
      child: string[];
      persistent: string[];
      persistentRecursive: string[];
    },
    watcher: WatcherKey,
  ): Notification[] {
    const out: Notification[] = [];
    const send = (type: EventType, path: string): void => {
      out.push({ watcher, zxid: -1, event: { type, path } });
    };
    for (const path of w.data) {
      const node = this.getNode(path);
      if (!node) send('NodeDeleted', path);
      else if (node.stat.mzxid > relativeZxid) send('NodeDataChanged', path);
      else this.dataWatches.addWatch(path, watcher);
    }
    for (const path of w.exist) {
      if (this.getNode(path)) send('NodeCreated', path);
      else this.dataWatches.addWatch(path, watcher);
    }
    for (const path of w.child) {
      const node = this.getNode(path);
      if (!node) send('NodeDeleted', path);
      else if (node.stat.pzxid > relativeZxid) send('NodeChildrenChanged', path);
      else this.childWatches.addWatch(path, watcher);
    }
    for (const path of w.persistent) {
      this.childWatches.addWatch(path, watcher, 'persistent');
      this.dataWatches.addWatch(path, watcher, 'persistent');
    }
    for (const path of w.persistentRecursive) {
      this.childWatches.addWatch(path, watcher, 'persistentRecursive');
      this.dataWatches.addWatch(path, watcher, 'persistentRecursive');
    }
    return out;
  }

  /** DataTree#getWatchCount. */
  watchCount(): number {
    return this.dataWatches.size() + this.childWatches.size();
  }

  // ---- sessions, containers ----

  /** DataTree#getEphemerals: a clone of the session's set (JDK 17 HashSet#clone, see java-hashset.ts). */
  ephemeralSet(session: SessionId): JavaHashSet {
    return this.ephemerals.get(session)?.clone() ?? new JavaHashSet();
  }

  containerPaths(): string[] {
    return [...this.containers];
  }

  ttlPaths(): string[] {
    return [...this.ttls];
  }

  /** ZKDatabase#initConfigInZKDatabase: the ensemble config, written with version −1 outside any txn. */
  initConfigNode(data: string, zxid: number, time: number): void {
    const node = this.nodes.get(CONFIG_ZOOKEEPER);
    if (!node) return;
    node.data = data;
    node.stat.mtime = time;
    node.stat.mzxid = zxid;
    node.stat.version = -1;
    this.touch(CONFIG_ZOOKEEPER);
  }

  // ---- snapshots ----

  serialize(): TreeSnapshot {
    const nodes: NodeSnapshot[] = [];
    for (const path of this.allPaths()) {
      const n = this.nodes.get(path);
      if (!n) continue;
      nodes.push({
        path,
        data: n.data,
        acl: copyAcl(n.acl),
        stat: copyStat(n.stat),
        children: n.children.state(),
      });
    }
    const ephemerals: TreeSnapshot['ephemerals'] = [];
    for (const [session, set] of this.ephemerals) ephemerals.push({ session, paths: set.state() });
    return { nodes, ephemerals, lastProcessedZxid: this.lastProcessedZxid };
  }

  /**
   * Rebuild from serialize(). Children sets come back with their capacity and order (a real server
   * re-adds children in snapshot order, which can reorder a set that once grew and then shrank; we keep
   * the order so that a restart does not reshuffle getChildren).
   */
  static deserialize(extendedTypes: boolean, snap: TreeSnapshot): DataTree {
    const t = new DataTree(extendedTypes);
    t.nodes.clear();
    for (const ns of snap.nodes) {
      // A set that never had a table (capacity 0) is one never added to: the node gets none yet.
      const children =
        ns.children.capacity === 0 && ns.children.items.length === 0
          ? null
          : JavaHashSet.fromState(ns.children, CHILDREN_INITIAL_CAPACITY);
      const node = new DataNode(ns.data, t.sharedAcl(ns.acl), copyStat(ns.stat), children);
      t.nodes.set(ns.path, node);
      if (ns.path === '/') continue;
      const kind = t.kind(ns.stat.ephemeralOwner);
      if (kind === 'container') t.containers.add(ns.path);
      else if (kind === 'ttl') t.ttls.add(ns.path);
    }
    for (const e of snap.ephemerals) t.ephemerals.set(e.session, JavaHashSet.fromState(e.paths));
    t.lastProcessedZxid = snap.lastProcessedZxid;
    return t;
  }
}

/**
 * A txn body read as the record for `type` (its shape follows hdr.type: txn.ts). A module function,
 * not a closure made per txn: under tsx every named closure also costs a defineProperty (issue #13).
 */
function bodyAs<K extends TxnType>(body: unknown, _type: K): TxnBodies[K] {
  return body as TxnBodies[K];
}
