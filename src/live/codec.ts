// The simulator's client protocol (src/sim/server/protocol.ts) on ZooKeeper's real wire: what a
// ClientSession sends becomes the jute records ZooKeeper's Java client (ClientCnxn) writes, and the
// server's frames become the ServerToClient messages the session expects. One codec per
// connection: replies carry no opcode, so the codec remembers what each xid asked for
// (ClientCnxn#readResponse matches a reply to the head of its pending queue in the same way).
//
// Optional chroot, as ZooKeeper's connect string "host:port/app" has it: request paths are
// prefixed (ZooKeeper#prependChroot) and paths in replies and events stripped (ClientCnxn
// EventThread, ZooKeeper#create), so a script sees the same paths under any chroot.
import { ERROR_CODES, type ErrorName } from '../sim/server/errors.ts';
import { createOpcode } from '../sim/server/prep.ts';
import {
  type Acl,
  type ClientToServer,
  CREATE_MODE_FLAGS,
  type EventType,
  type MultiResult,
  type MultiSubOp,
  type OpResult,
  type Request,
  type ServerToClient,
  type Stat,
} from '../sim/server/protocol.ts';
import { JuteError, JuteReader, JuteWriter, type JuteReader as Reader } from './jute.ts';

/** ZooDefs.OpCode: the opcodes this client sends or reads. */
export const OpCode = {
  notification: 0,
  create: 1,
  delete: 2,
  exists: 3,
  getData: 4,
  setData: 5,
  getACL: 6,
  setACL: 7,
  sync: 9,
  ping: 11,
  getChildren: 8,
  getChildren2: 12,
  check: 13,
  multi: 14,
  create2: 15,
  removeWatches: 18,
  createContainer: 19,
  createTTL: 21,
  multiRead: 22,
  auth: 100,
  setWatches: 101,
  getEphemerals: 103,
  getAllChildrenNumber: 104,
  setWatches2: 105,
  addWatch: 106,
  closeSession: -11,
  error: -1,
} as const;

/** ClientCnxn's special xids: notifications, pings, auth packets, SetWatches. */
export const Xid = { notification: -1, ping: -2, auth: -4, setWatches: -8 } as const;

const CREATE_OPCODES = {
  create: OpCode.create,
  create2: OpCode.create2,
  createContainer: OpCode.createContainer,
  createTTL: OpCode.createTTL,
} as const;

/** Watcher.Event.EventType codes the simulator's clients know (1–4; the *WatchRemoved ones are local). */
const EVENT_TYPES: Record<number, EventType> = {
  1: 'NodeCreated',
  2: 'NodeDeleted',
  3: 'NodeDataChanged',
  4: 'NodeChildrenChanged',
};

const ERROR_NAMES = new Map<number, ErrorName>();
for (const [name, code] of Object.entries(ERROR_CODES))
  if (code !== 0) ERROR_NAMES.set(code, name as ErrorName);

/** KeeperException.Code by number; a code this table lacks reads as SystemError with the number kept in `unknownCode`. */
export function errorName(code: number): ErrorName {
  return ERROR_NAMES.get(code) ?? 'SystemError';
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** ClientCnxn's password before the first ConnectResponse: byte[16] of zeros. */
const EMPTY_PASSWD = new Uint8Array(16);

/** Session passwords travel in the simulator's messages as hex strings. */
export function passwdToHex(b: Uint8Array | null): string {
  return b === null ? '' : Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

function hexToPasswd(s: string): Uint8Array {
  if (s === '') return EMPTY_PASSWD;
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** What an outstanding xid asked for. */
type Pending = { kind: 'request'; request: Request } | { kind: 'close' };

export class WireCodec {
  private awaitingConnect = true;
  private readonly pending = new Map<number, Pending>();

  /** `chroot`: '' or an absolute path without a trailing slash ("/app"). */
  constructor(private readonly chroot = '') {
    if (chroot !== '' && (!chroot.startsWith('/') || chroot.endsWith('/')))
      throw new Error(`chroot must be an absolute path without a trailing slash, got '${chroot}'`);
  }

  /**
   * This connection carries a four-letter word: the server answers with plain text and closes it
   * (NIOServerCnxn#checkFourLetterWord), so its bytes are text, not frames.
   */
  answersRaw = false;

  /** A message as its frame (length prefix included); a four-letter word as its four bytes. */
  encode(msg: ClientToServer): Uint8Array {
    const w = new JuteWriter();
    switch (msg.type) {
      case 'FourLetterWord':
        // The word stands where a frame's length would: checkFourLetterWord reads it first.
        this.answersRaw = true;
        return utf8.encode(msg.word);
      case 'ConnectRequest':
        // ConnectRequest, then ClientCnxn.Packet#createBB's readOnly flag.
        w.int(msg.protocolVersion)
          .long(msg.lastZxidSeen)
          .int(msg.timeOut)
          .long(msg.sessionId)
          .buffer(hexToPasswd(msg.passwd))
          .bool(false);
        this.awaitingConnect = true;
        break;
      case 'Ping':
        w.int(Xid.ping).int(OpCode.ping);
        break;
      case 'CloseSession':
        w.int(msg.xid).int(OpCode.closeSession);
        this.pending.set(msg.xid, { kind: 'close' });
        break;
      case 'SetWatches': {
        // ClientCnxn.SendThread#primeConnection: SetWatches2 only when there are persistent watches.
        const persistent = msg.persistent.length > 0 || msg.persistentRecursive.length > 0;
        w.int(Xid.setWatches).int(persistent ? OpCode.setWatches2 : OpCode.setWatches);
        w.long(msg.relativeZxid);
        w.strings(msg.data.map(this.toServer))
          .strings(msg.exist.map(this.toServer))
          .strings(msg.child.map(this.toServer));
        if (persistent)
          w.strings(msg.persistent.map(this.toServer)).strings(msg.persistentRecursive.map(this.toServer));
        break;
      }
      case 'Request':
        w.int(msg.xid).int(opcodeOf(msg.request));
        this.request(w, msg.request);
        // Auth resent on reconnect uses xid -4 and is answered with it; nobody waits for it by xid.
        if (msg.xid !== Xid.auth) this.pending.set(msg.xid, { kind: 'request', request: msg.request });
        break;
    }
    return w.frame();
  }

  /** The request record that follows the RequestHeader (zookeeper.jute). */
  private request(w: JuteWriter, r: Request | MultiSubOp): void {
    switch (r.op) {
      case 'create':
        w.ustring(this.toServer(r.path)).buffer(data(r.data));
        acls(w, r.acl);
        // A raw request (zk.create's `flags` option) sends its flag as it is, known or not.
        w.int('flags' in r && typeof r.flags === 'number' ? r.flags : CREATE_MODE_FLAGS[r.mode]);
        // CreateTTLRequest: CreateRequest's fields and the ttl (-1 when the mode has none).
        if (createOpcode(r, false) === 'createTTL') w.long(r.ttl ?? -1);
        return;
      case 'delete':
      case 'check':
        w.ustring(this.toServer(r.path)).int(r.version);
        return;
      case 'set':
        w.ustring(this.toServer(r.path)).buffer(data(r.data)).int(r.version);
        return;
      case 'get':
      case 'exists':
      case 'children':
        // Inside a multiRead, Op.GetData / Op.GetChildren carry watch = false.
        w.ustring(this.toServer(r.path)).bool('watch' in r ? r.watch : false);
        return;
      case 'get_ephemerals':
        // GetEphemeralsRequest { ustring prefixPath }.
        w.ustring(this.toServer(r.prefix));
        return;
      case 'get_all_children_number':
        w.ustring(this.toServer(r.path));
        return;
      case 'sync':
      case 'get_acl':
        w.ustring(this.toServer(r.path));
        return;
      case 'set_acl':
        w.ustring(this.toServer(r.path));
        acls(w, r.acl);
        w.int(r.version);
        return;
      case 'add_watch':
        // AddWatchMode: PERSISTENT 0, PERSISTENT_RECURSIVE 1.
        w.ustring(this.toServer(r.path)).int(r.mode === 'persistent' ? 0 : 1);
        return;
      case 'remove_watches':
        w.ustring(this.toServer(r.path)).int(r.watcherType);
        return;
      case 'add_auth':
        // AuthPacket { int type (always 0); ustring scheme; buffer auth }.
        w.int(0).ustring(r.scheme).buffer(utf8.encode(r.auth));
        return;
      case 'multi':
      case 'multi_read':
        // MultiOperationRecord#serialize: MultiHeader(type, false, -1) and the op, per op; then
        // MultiHeader(-1, true, -1).
        for (const op of r.ops) {
          w.int(opcodeOf(op, true)).bool(false).int(-1);
          this.request(w, op);
        }
        w.int(-1).bool(true).int(-1);
        return;
    }
  }

  /** A frame from the server (without its length prefix) as a message; null for one nobody needs. */
  decode(frame: Uint8Array): ServerToClient | null {
    const r = new JuteReader(frame);
    if (this.awaitingConnect) {
      this.awaitingConnect = false;
      const protocolVersion = r.int();
      if (protocolVersion !== 0) throw new JuteError(`ConnectResponse protocolVersion ${protocolVersion}`);
      const timeOut = r.int();
      const sessionId = BigInt.asUintN(64, r.bigLong());
      const passwd = passwdToHex(r.buffer());
      // readOnly follows in 3.x servers; older ones stop here.
      if (r.remaining > 0) r.bool();
      return { type: 'ConnectResponse', protocolVersion: 0, timeOut, sessionId, passwd };
    }
    const xid = r.int();
    const zxid = r.long();
    const code = r.int();
    if (xid === Xid.notification) {
      const type = EVENT_TYPES[r.int()];
      r.int(); // KeeperState: always SyncConnected on the wire
      const path = this.toClient(r.ustring() ?? '/');
      return type ? { type: 'WatcherEvent', zxid, event: { type, path } } : null;
    }
    if (xid === Xid.ping) return { type: 'PingReply' };
    const p = this.pending.get(xid);
    this.pending.delete(xid);
    if (p?.kind === 'close') return { type: 'CloseSessionReply', xid, zxid };
    const err = code === 0 ? null : errorName(code);
    if (!p) return { type: 'Reply', xid, zxid, err, result: null };
    // A multi's results come with header error 0 (failed ops are inside); every other op has no body on error.
    const result = err === null ? this.response(r, p.request) : null;
    return { type: 'Reply', xid, zxid, err, result };
  }

  /** The response record for a request (zookeeper.jute). */
  private response(r: Reader, req: Request): OpResult | null {
    switch (req.op) {
      case 'create': {
        // Create2Response for create2, createContainer and createTTL; CreateResponse (the path
        // only) for a raw request sent as plain create.
        const path = this.toClient(r.ustring() ?? '');
        return r.remaining > 0 ? { path, stat: stat(r) } : { path };
      }
      case 'get':
        return { data: text(r.buffer()), stat: stat(r) };
      case 'exists':
      case 'set':
      case 'set_acl':
        return { stat: stat(r) };
      case 'children':
        return { children: r.strings(), stat: stat(r) };
      case 'get_acl': {
        const acl = readAcls(r);
        return { acl, stat: stat(r) };
      }
      case 'sync':
        // SyncResponse carries the server path; ZooKeeper#sync hands the caller its own path back.
        r.ustring();
        return { path: req.path };
      case 'multi':
      case 'multi_read':
        return { results: this.multiResults(r) };
      case 'get_ephemerals':
        return { ephemerals: r.strings().map((p) => this.toClient(p)) };
      case 'get_all_children_number':
        return { number: r.int() };
      default:
        return {};
    }
  }

  private multiResults(r: Reader): MultiResult[] {
    const out: MultiResult[] = [];
    for (;;) {
      const type = r.int();
      const done = r.bool();
      const err = r.int();
      if (done) return out;
      switch (type) {
        case OpCode.create:
          // Plain create: CreateResponse { path } (no Stat on the wire).
          out.push({ op: 'create', path: this.toClient(r.ustring() ?? '') });
          break;
        case OpCode.create2:
        case OpCode.createContainer:
        case OpCode.createTTL:
          out.push({ op: 'create', path: this.toClient(r.ustring() ?? ''), stat: stat(r) });
          break;
        case OpCode.setData:
          out.push({ op: 'set', stat: stat(r) });
          break;
        case OpCode.delete:
          out.push({ op: 'delete' });
          break;
        case OpCode.check:
          out.push({ op: 'check' });
          break;
        case OpCode.getData: {
          // A multiRead's GetDataResponse / GetChildrenResponse.
          const data = text(r.buffer());
          out.push({ op: 'get', data, stat: stat(r) });
          break;
        }
        case OpCode.getChildren:
          out.push({ op: 'children', children: r.strings() });
          break;
        case OpCode.error: {
          // ErrorResponse { int err }: 0 before the failing op (rolled back), -2 after it.
          const code = r.int();
          out.push({ op: 'error', err: code === 0 ? 'RolledBack' : errorName(code) });
          break;
        }
        default:
          throw new JuteError(`multi result of unknown type ${type} (err ${err})`);
      }
    }
  }

  // A relative path goes as it is (the server answers BadArguments, as it would without a chroot;
  // the Java client refuses it before sending).
  private readonly toServer = (path: string): string =>
    this.chroot === '' || !path.startsWith('/') ? path : path === '/' ? this.chroot : this.chroot + path;

  private toClient(path: string): string {
    if (this.chroot === '') return path;
    if (path === this.chroot) return '/';
    return path.startsWith(`${this.chroot}/`) ? path.slice(this.chroot.length) : path;
  }
}

/**
 * The opcode ZooKeeper's Java client sends for a request: a create's from its mode, as prep.ts has
 * it — create2 for a call (ZooKeeper#create with a Stat), and inside a multi what Op.create sends:
 * plain create for the plain modes (answered with the path only), createContainer / createTTL.
 */
export function opcodeOf(r: Request | MultiSubOp, inMulti = false): number {
  switch (r.op) {
    case 'create':
      return CREATE_OPCODES[createOpcode(r, inMulti)];
    case 'delete':
      return OpCode.delete;
    case 'set':
      return OpCode.setData;
    case 'check':
      return OpCode.check;
    case 'get':
      return OpCode.getData;
    case 'exists':
      return OpCode.exists;
    case 'children':
      // getChildren2 (children and Stat) for a call; a multiRead's Op.GetChildren is plain getChildren.
      return 'watch' in r ? OpCode.getChildren2 : OpCode.getChildren;
    case 'sync':
      return OpCode.sync;
    case 'get_acl':
      return OpCode.getACL;
    case 'set_acl':
      return OpCode.setACL;
    case 'add_watch':
      return OpCode.addWatch;
    case 'remove_watches':
      return OpCode.removeWatches;
    case 'add_auth':
      return OpCode.auth;
    case 'multi':
      return OpCode.multi;
    case 'multi_read':
      return OpCode.multiRead;
    case 'get_ephemerals':
      return OpCode.getEphemerals;
    case 'get_all_children_number':
      return OpCode.getAllChildrenNumber;
  }
}

const data = (s: string | null): Uint8Array | null => (s === null ? null : utf8.encode(s));
const text = (b: Uint8Array | null): string | null => (b === null ? null : fromUtf8.decode(b));

function acls(w: JuteWriter, list: readonly Acl[]): void {
  w.int(list.length);
  for (const a of list) w.int(a.perms).ustring(a.scheme).ustring(a.id);
}

function readAcls(r: Reader): Acl[] {
  const n = r.int();
  const out: Acl[] = [];
  for (let i = 0; i < n; i++) {
    const perms = r.int();
    const scheme = r.ustring() ?? '';
    const id = r.ustring() ?? '';
    out.push({ perms, scheme, id });
  }
  return out;
}

/** Stat in jute order: czxid, mzxid, ctime, mtime, version, cversion, aversion, ephemeralOwner, dataLength, numChildren, pzxid. */
function stat(r: Reader): Stat {
  const czxid = r.long();
  const mzxid = r.long();
  const ctime = r.long();
  const mtime = r.long();
  const version = r.int();
  const cversion = r.int();
  const aversion = r.int();
  const ephemeralOwner = BigInt.asUintN(64, r.bigLong());
  const dataLength = r.int();
  const numChildren = r.int();
  const pzxid = r.long();
  return {
    czxid,
    mzxid,
    pzxid,
    ctime,
    mtime,
    version,
    cversion,
    aversion,
    ephemeralOwner,
    dataLength,
    numChildren,
  };
}
