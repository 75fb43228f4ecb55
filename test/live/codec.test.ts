import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OpCode, WireCodec } from '../../src/live/codec.ts';
import { FrameSplitter, JuteWriter } from '../../src/live/jute.ts';
import type { Acl, ClientToServer, Request } from '../../src/sim/server/protocol.ts';
import { messageSize } from '../../src/sim/server/request-size.ts';

// Byte-for-byte against an independent client: the frames python3-kazoo builds for the same
// requests (test/live/kazoo-golden.py writes the fixture).
const golden: Record<string, string> = JSON.parse(
  readFileSync(new URL('./kazoo-golden.json', import.meta.url), 'utf8'),
).frames;

const OPEN: Acl[] = [{ perms: 31, scheme: 'world', id: 'anyone' }];
const DIGEST: Acl[] = [
  { perms: 1, scheme: 'digest', id: 'u:hash=' },
  { perms: 31, scheme: 'ip', id: '127.0.0.1' },
];
const req = (xid: number, request: Request): ClientToServer => ({ type: 'Request', xid, request });

const cases: Record<string, ClientToServer> = {
  'connect-new': {
    type: 'ConnectRequest',
    protocolVersion: 0,
    lastZxidSeen: 0,
    timeOut: 10000,
    sessionId: 0n,
    passwd: '',
  },
  'connect-again': {
    type: 'ConnectRequest',
    protocolVersion: 0,
    lastZxidSeen: 0x100000005,
    timeOut: 4000,
    sessionId: 0x0100000abc000001n,
    passwd: '000102030405060708090a0b0c0d0e0f',
  },
  ping: { type: 'Ping' },
  close: { type: 'CloseSession', xid: 9 },
  'create2-ephemeral-seq': req(1, {
    op: 'create',
    path: '/lock/n-',
    data: 'c1',
    acl: OPEN,
    mode: 'ephemeral_sequential',
  }),
  'create2-null-data-acl': req(2, { op: 'create', path: '/a', data: null, acl: DIGEST, mode: 'persistent' }),
  delete: req(3, { op: 'delete', path: '/a', version: -1 }),
  'exists-watch': req(4, { op: 'exists', path: '/a', watch: true }),
  get: req(5, { op: 'get', path: '/a/é', watch: false }),
  set: req(6, { op: 'set', path: '/a', data: 'vé2', version: 7 }),
  'children2-watch': req(7, { op: 'children', path: '/', watch: true }),
  'get-acl': req(8, { op: 'get_acl', path: '/a' }),
  'set-acl': req(10, { op: 'set_acl', path: '/a', acl: DIGEST, version: 2 }),
  sync: req(11, { op: 'sync', path: '/a' }),
  check: req(12, { op: 'check', path: '/a', version: 4 }),
  auth: req(13, { op: 'add_auth', scheme: 'digest', auth: 'ops:secret' }),
  multi: req(14, {
    op: 'multi',
    ops: [
      { op: 'check', path: '/a', version: 1 },
      { op: 'create', path: '/a/b', data: 'x', acl: OPEN, mode: 'persistent_sequential' },
      { op: 'set', path: '/a', data: 'y', version: -1 },
      { op: 'delete', path: '/a/c', version: 0 },
    ],
  }),
};

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const bytes = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));

describe('WireCodec requests', () => {
  it('covers every golden frame', () => {
    expect(Object.keys(cases).sort()).toEqual(Object.keys(golden).sort());
  });

  for (const [name, msg] of Object.entries(cases)) {
    it(`${name}: the same bytes as kazoo, and the length request-size.ts computes`, () => {
      const frame = new WireCodec().encode(msg);
      expect(hex(frame)).toBe(golden[name]);
      expect(frame.length - 4).toBe(messageSize(msg));
    });
  }

  it('the requests kazoo 2.8 lacks: createContainer, createTTL, addWatch, removeWatches, SetWatches2', () => {
    const c = new WireCodec();
    const container = c.encode(req(1, { op: 'create', path: '/c', data: '', acl: OPEN, mode: 'container' }));
    const ttl = c.encode(
      req(2, { op: 'create', path: '/t', data: '', acl: OPEN, mode: 'persistent_ttl', ttl: 500 }),
    );
    const add = c.encode(req(3, { op: 'add_watch', path: '/w', mode: 'persistent_recursive' }));
    const remove = c.encode(req(4, { op: 'remove_watches', path: '/w', watcherType: 3 }));
    const sw = c.encode({
      type: 'SetWatches',
      relativeZxid: 7,
      data: ['/d'],
      exist: [],
      child: [],
      persistent: [],
      persistentRecursive: ['/r'],
    });
    const opcode = (f: Uint8Array) => new DataView(f.buffer).getInt32(8);
    expect(opcode(container)).toBe(OpCode.createContainer);
    expect(opcode(ttl)).toBe(OpCode.createTTL);
    // CreateTTLRequest ends with the ttl as a long; the flags before it are PERSISTENT_WITH_TTL (5).
    expect(hex(ttl.slice(-12))).toBe(`00000005${'00000000000001f4'}`);
    expect(hex(add.slice(8))).toBe(`${'0000006a'}000000022f7700000001`);
    expect(hex(remove.slice(8))).toBe(`${'00000012'}000000022f7700000003`);
    expect(opcode(sw)).toBe(OpCode.setWatches2);
    for (const f of [container, ttl, add, remove]) expect(f.length - 4).toBeGreaterThan(8);
  });

  it('prefixes a chroot to every request path, and "/" becomes the chroot itself', () => {
    const c = new WireCodec('/run-1');
    const plain = new WireCodec();
    expect(hex(c.encode(req(1, { op: 'get', path: '/', watch: false })))).toBe(
      hex(plain.encode(req(1, { op: 'get', path: '/run-1', watch: false }))),
    );
    expect(hex(c.encode(req(2, { op: 'delete', path: '/x', version: -1 })))).toBe(
      hex(plain.encode(req(2, { op: 'delete', path: '/run-1/x', version: -1 }))),
    );
  });
});

/** A server frame built field by field (ReplyHeader, then the response record). */
function reply(xid: number, zxid: number, err: number, body?: (w: JuteWriter) => void): Uint8Array {
  const w = new JuteWriter().int(xid).long(zxid).int(err);
  body?.(w);
  return w.bytes();
}
const stat = (w: JuteWriter, czxid: number, version: number) =>
  w
    .long(czxid)
    .long(czxid)
    .long(1000)
    .long(2000)
    .int(version)
    .int(0)
    .int(0)
    .long(0n)
    .int(2)
    .int(0)
    .long(czxid);

describe('WireCodec replies', () => {
  it('reads a ConnectResponse, then replies by the op each xid asked for', () => {
    const c = new WireCodec();
    c.encode(cases['connect-new']!);
    const connect = new JuteWriter()
      .int(0)
      .int(4000)
      .long(0x100000abcn)
      .buffer(new Uint8Array(16).fill(7))
      .bool(false);
    expect(c.decode(connect.bytes())).toEqual({
      type: 'ConnectResponse',
      protocolVersion: 0,
      timeOut: 4000,
      sessionId: 0x100000abcn,
      passwd: '07'.repeat(16),
    });
    c.encode(req(5, { op: 'get', path: '/a', watch: false }));
    const got = c.decode(reply(5, 9, 0, (w) => stat(w.buffer(new TextEncoder().encode('hé')), 3, 1)));
    expect(got).toMatchObject({ type: 'Reply', xid: 5, zxid: 9, err: null, result: { data: 'hé' } });
    expect(got?.type === 'Reply' && got.result?.stat).toMatchObject({ czxid: 3, version: 1, dataLength: 2 });
    c.encode(req(6, { op: 'delete', path: '/a', version: 0 }));
    expect(c.decode(reply(6, 10, -103))).toEqual({
      type: 'Reply',
      xid: 6,
      zxid: 10,
      err: 'BadVersion',
      result: null,
    });
    expect(c.decode(reply(-2, 10, 0))).toEqual({ type: 'PingReply' });
  });

  it('reads a failed multi: rolled back (0), the failing code, RuntimeInconsistency after', () => {
    const c = new WireCodec();
    c.decode(new JuteWriter().int(0).int(4000).long(1n).buffer(new Uint8Array(16)).bytes());
    c.encode(cases.multi!);
    const frame = reply(14, 20, 0, (w) => {
      w.int(-1).bool(false).int(0).int(0);
      w.int(-1).bool(false).int(-110).int(-110);
      w.int(-1).bool(false).int(-2).int(-2);
      w.int(-1).bool(true).int(-1);
    });
    expect(c.decode(frame)).toMatchObject({
      result: {
        results: [
          { op: 'error', err: 'RolledBack' },
          { op: 'error', err: 'NodeExists' },
          { op: 'error', err: 'RuntimeInconsistency' },
        ],
      },
    });
  });

  it('strips the chroot from events and created paths', () => {
    const c = new WireCodec('/run-1');
    c.decode(new JuteWriter().int(0).int(4000).long(1n).buffer(new Uint8Array(16)).bytes());
    const event = new JuteWriter().int(-1).long(-1).int(0).int(4).int(3).ustring('/run-1/q').bytes();
    expect(c.decode(event)).toEqual({
      type: 'WatcherEvent',
      zxid: -1,
      event: { type: 'NodeChildrenChanged', path: '/q' },
    });
    c.encode(req(1, { op: 'create', path: '/q/n-', data: '', acl: OPEN, mode: 'persistent_sequential' }));
    const created = c.decode(reply(1, 5, 0, (w) => stat(w.ustring('/run-1/q/n-0000000000'), 5, 0)));
    expect(created?.type === 'Reply' && created.result?.path).toBe('/q/n-0000000000');
  });

  it('splits a byte stream into frames however it is chunked', () => {
    const frames = [new JuteWriter().int(1).frame(), new JuteWriter().ustring('abc').frame()];
    const all = new Uint8Array([...frames[0]!, ...frames[1]!]);
    const s = new FrameSplitter();
    const out = [...s.push(all.slice(0, 3)), ...s.push(all.slice(3, 9)), ...s.push(all.slice(9))];
    expect(out.map(hex)).toEqual([hex(frames[0]!.slice(4)), hex(frames[1]!.slice(4))]);
    expect(() => new FrameSplitter(10).push(new JuteWriter().int(11).bytes())).toThrow(/bad frame length 11/);
    expect(bytes('00').length).toBe(1);
  });
});
