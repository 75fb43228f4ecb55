// jute sizes of client requests (src/sim/server/request-size.ts), computed by hand from the records
// of zookeeper.jute: RequestHeader {int xid; int type} = 8; ustring/buffer = int length + bytes;
// vector = int count + items; ACL {int perms; Id {ustring scheme; ustring id}}.
import { describe, expect, it } from 'vitest';
import { type ClientToServer, OPEN_ACL_UNSAFE, type Request } from '../../src/sim/server/protocol.ts';
import { DEFAULT_MAX_BUFFER, messageSize, requestSize } from '../../src/sim/server/request-size.ts';

// ACL world:anyone = perms 4 + scheme (4 + 5) + id (4 + 6) = 23; the list: 4 + 23 = 27.
const OPEN = 27;

describe('request sizes (jute)', () => {
  it('the default limit is jute.maxbuffer = 0xfffff', () => {
    expect(DEFAULT_MAX_BUFFER).toBe(1_048_575);
  });

  it('create /big2 with 1,048,525 bytes is 2 bytes over the default limit', () => {
    // header 8 + path (4 + 5) + data (4 + 1,048,525) + acl 27 + flags 4 = 1,048,577
    const r = {
      op: 'create',
      path: '/big2',
      data: 'x'.repeat(1_048_525),
      acl: OPEN_ACL_UNSAFE,
      mode: 'persistent',
    } as const;
    expect(requestSize(r)).toBe(1_048_577);
    expect(requestSize({ ...r, data: 'x'.repeat(1_048_523) })).toBe(DEFAULT_MAX_BUFFER);
  });

  it('createTTL adds its long ttl; null data is a length -1 and no bytes', () => {
    const ttl = {
      op: 'create',
      path: '/t',
      data: 'ab',
      acl: OPEN_ACL_UNSAFE,
      mode: 'persistent_ttl',
      ttl: 5,
    } as const;
    expect(requestSize(ttl)).toBe(8 + 6 + 6 + OPEN + 4 + 8);
    const container = {
      op: 'create',
      path: '/t',
      data: null,
      acl: OPEN_ACL_UNSAFE,
      mode: 'container',
    } as const;
    expect(requestSize(container)).toBe(8 + 6 + 4 + OPEN + 4);
  });

  it('paths and data count UTF-8 bytes', () => {
    // "/é": 3 bytes; "€": 3 bytes
    expect(requestSize({ op: 'set', path: '/é', data: '€', version: -1 })).toBe(8 + (4 + 3) + (4 + 3) + 4);
  });

  it('reads, delete, sync, ACLs, watches, auth', () => {
    expect(requestSize({ op: 'delete', path: '/a', version: -1 })).toBe(18);
    expect(requestSize({ op: 'get', path: '/a', watch: true })).toBe(15);
    expect(requestSize({ op: 'exists', path: '/a', watch: false })).toBe(15);
    expect(requestSize({ op: 'children', path: '/a', watch: false })).toBe(15);
    expect(requestSize({ op: 'sync', path: '/' })).toBe(8 + 5);
    expect(requestSize({ op: 'get_acl', path: '/a' })).toBe(14);
    expect(requestSize({ op: 'set_acl', path: '/a', acl: OPEN_ACL_UNSAFE, version: 0 })).toBe(
      8 + 6 + OPEN + 4,
    );
    expect(requestSize({ op: 'add_watch', path: '/a', mode: 'persistent' })).toBe(18);
    expect(requestSize({ op: 'remove_watches', path: '/a', watcherType: 3 })).toBe(18);
    // AuthPacket {int type; ustring scheme; buffer auth}
    expect(requestSize({ op: 'add_auth', scheme: 'digest', auth: 'alice:secret' })).toBe(8 + 4 + 10 + 16);
  });

  it('multi: a 9-byte MultiHeader before each op and a closing one, no count', () => {
    const multi: Request = {
      op: 'multi',
      ops: [
        { op: 'check', path: '/a', version: 1 },
        { op: 'delete', path: '/b', version: -1 },
      ],
    };
    expect(requestSize(multi)).toBe(8 + 9 + 10 + 9 + 10 + 9);
    expect(requestSize({ op: 'multi', ops: [] })).toBe(17);
    const big = {
      op: 'create',
      path: '/m',
      data: 'x'.repeat(1000),
      acl: OPEN_ACL_UNSAFE,
      mode: 'persistent',
    } as const;
    expect(requestSize({ op: 'multi', ops: [big, big] })).toBe(8 + 2 * (9 + 6 + 1004 + OPEN + 4) + 9);
  });

  it('ping, closeSession, ConnectRequest and SetWatches2', () => {
    expect(messageSize({ type: 'Ping' })).toBe(8);
    expect(messageSize({ type: 'CloseSession', xid: 3 })).toBe(8);
    // int + long + int + long + buffer(16) + boolean readOnly
    const connect = {
      type: 'ConnectRequest',
      protocolVersion: 0,
      lastZxidSeen: 0,
      timeOut: 4000,
      sessionId: 0n,
      passwd: '',
    } as const;
    expect(messageSize(connect)).toBe(45);
    const sw: ClientToServer = {
      type: 'SetWatches',
      relativeZxid: 7,
      data: ['/a'],
      exist: [],
      child: [],
      persistent: [],
      persistentRecursive: [],
    };
    expect(messageSize(sw)).toBe(8 + 8 + (4 + 6) + 4 * 4);
    expect(messageSize({ type: 'Request', xid: 1, request: { op: 'get', path: '/a', watch: true } })).toBe(
      15,
    );
  });
});
