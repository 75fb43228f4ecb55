// How many bytes a client message takes on the wire, the way jute serializes it, and the limit the
// server puts on it (jute.maxbuffer).
//
// Frames are `int len` + `len` bytes. NIOServerCnxn#readLength reads the 4-byte length first and,
// `if (len < 0 || len > BinaryInputArchive.maxBuffer) throw new IOException("Len error " + len)`:
// doIO catches it and closes the connection — nothing of the request is read, let alone applied.
// BinaryInputArchive.maxBuffer is Integer.getInteger("jute.maxbuffer", 0xfffff), and it bounds the
// length field's value: the frame WITHOUT its 4-byte prefix. (BinaryInputArchive#checkLength puts the
// same bound, plus zookeeper.jute.maxbuffer.extrasize, on each buffer/string read inside a record; a
// field is never longer than its frame, so the frame check is the one that decides.)
//
// Sizes follow zookeeper.jute and BinaryOutputArchive: int 4, long 8, boolean 1; ustring and buffer
// are an int length + the UTF-8 bytes (null → length -1, 4 bytes); vector<T> is an int count + the
// items (null → -1, 4 bytes); a record is its fields in order, with no framing of its own.
//   RequestHeader { int xid; int type }                                        8
//   CreateRequest { ustring path; buffer data; vector<ACL> acl; int flags }    create, create2, createContainer
//   CreateTTLRequest { …CreateRequest's fields…; long ttl }                    createTTL
//   ACL { int perms; Id id }, Id { ustring scheme; ustring id }
//   DeleteRequest / CheckVersionRequest { ustring path; int version }
//   SetDataRequest { ustring path; buffer data; int version }
//   GetDataRequest / ExistsRequest / GetChildren(2)Request { ustring path; boolean watch }
//   SyncRequest / GetACLRequest { ustring path }
//   SetACLRequest { ustring path; vector<ACL> acl; int version }
//   AddWatchRequest { ustring path; int mode }, RemoveWatchesRequest { ustring path; int type }
//   AuthPacket { int type; ustring scheme; buffer auth }
//   SetWatches2 { long relativeZxid; vector<ustring> ×5 }
//   ConnectRequest { int protocolVersion; long lastZxidSeen; int timeOut; long sessionId; buffer passwd }
//     followed by `boolean readOnly` (ClientCnxn.Packet#createBB), no RequestHeader
// A multi is MultiOperationRecord#serialize: per op a MultiHeader { int type; boolean done; int err }
// (9 bytes) and the op's request record, then a closing MultiHeader(-1, true, -1); no count.
// Ping and closeSession are a RequestHeader alone.
import { utf8Length } from './datatree.ts';
import { createOpcode } from './prep.ts';
import type { Acl, ClientToServer, MultiSubOp, Request } from './protocol.ts';

/** jute.maxbuffer's default: 0xfffff = 1,048,575 bytes (BinaryInputArchive.maxBuffer). */
export const DEFAULT_MAX_BUFFER = 0xfffff;

const INT = 4;
const LONG = 8;
const BOOL = 1;
const HEADER = INT + INT; // RequestHeader
const MULTI_HEADER = INT + BOOL + INT;
/** ClientCnxn's session password is always a byte[16] (zeros before the first ConnectResponse). */
const PASSWD_BYTES = 16;

/** ustring / buffer: an int length and the bytes; null is length -1 and no bytes. */
const ustring = (s: string | null): number => INT + (s === null ? 0 : utf8Length(s));
const strings = (list: readonly string[]): number => list.reduce((n, s) => n + ustring(s), INT);
const acls = (list: readonly Acl[]): number =>
  list.reduce((n, a) => n + INT + ustring(a.scheme) + ustring(a.id), INT);

/** A request record (no header): what follows the RequestHeader, or a MultiHeader inside a multi. */
function recordSize(r: Request | MultiSubOp): number {
  switch (r.op) {
    case 'create':
      // CreateTTLRequest for the TTL modes (ZooKeeper#create with ttl), CreateRequest otherwise.
      return (
        ustring(r.path) +
        ustring(r.data) +
        acls(r.acl) +
        INT +
        (createOpcode(r, false) === 'createTTL' ? LONG : 0)
      );
    case 'delete':
    case 'check':
      return ustring(r.path) + INT;
    case 'set':
      return ustring(r.path) + ustring(r.data) + INT;
    case 'get':
    case 'exists':
    case 'children':
      // Op.GetData / Op.GetChildren inside a multi serialize their request with watch = false.
      return ustring(r.path) + BOOL;
    case 'sync':
    case 'get_acl':
      return ustring(r.path);
    case 'set_acl':
      return ustring(r.path) + acls(r.acl) + INT;
    case 'add_watch':
    case 'remove_watches':
      return ustring(r.path) + INT;
    case 'add_auth':
      return INT + ustring(r.scheme) + ustring(r.auth);
    case 'multi':
    case 'multi_read':
      return r.ops.reduce((n, op) => n + MULTI_HEADER + recordSize(op), MULTI_HEADER);
    case 'get_ephemerals':
      return ustring(r.prefix);
    case 'get_all_children_number':
      return ustring(r.path);
  }
}

/** The request frame's length field: RequestHeader + record (the 4-byte prefix not counted). */
export function requestSize(r: Request): number {
  return HEADER + recordSize(r);
}

/** The length field of any client → server frame. */
export function messageSize(m: ClientToServer): number {
  switch (m.type) {
    case 'ConnectRequest':
      return INT + LONG + INT + LONG + INT + PASSWD_BYTES + BOOL;
    case 'Request':
      return requestSize(m.request);
    case 'Ping':
    case 'CloseSession':
      return HEADER;
    case 'FourLetterWord':
      // The word itself stands where the length would (checkFourLetterWord runs first): no frame.
      return 0;
    case 'SetWatches':
      return (
        HEADER +
        LONG +
        strings(m.data) +
        strings(m.exist) +
        strings(m.child) +
        strings(m.persistent) +
        strings(m.persistentRecursive)
      );
  }
}
