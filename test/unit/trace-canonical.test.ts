// The fast canonical writer (cached key orders), the chunked line hasher, the per-txn digest memo
// and the kernel stamping `t` on the body give exactly the bytes and hashes of the straightforward
// definitions: sort every object's keys, hash every line, serialize every txn (docs/trace.md).
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { World } from '../../src/sim/kernel/world.ts';
import type { Txn } from '../../src/sim/server/txn.ts';
import { canonicalLine, hex } from '../../src/sim/trace/canonical.ts';
import { txnDigest } from '../../src/sim/trace/digest.ts';
import type { TraceBody, TraceEvent, TraceValue } from '../../src/sim/trace/event.ts';
import { LineHasher } from '../../src/sim/trace/line-hasher.ts';
import { TraceRecorder, traceHash } from '../../src/sim/trace/recorder.ts';

/** The definition: keys sorted at every depth, undefined fields dropped, bigints as 0x-hex. */
function reference(v: TraceValue | undefined): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'bigint':
      return JSON.stringify(hex(v));
    case 'number':
    case 'string':
    case 'boolean':
      return JSON.stringify(v);
    case 'object': {
      if (Array.isArray(v)) return '[' + v.map((x) => reference(x)).join(',') + ']';
      const keys = Object.keys(v)
        .filter((k) => v[k] !== undefined)
        .sort();
      return '{' + keys.map((k) => JSON.stringify(k) + ':' + reference(v[k])).join(',') + '}';
    }
    default:
      throw new Error('not a trace value');
  }
}

// Few key names, so the same key lists (in varying insertion orders) recur, as event kinds do.
const key = fc.oneof(
  fc.constantFrom('t', 'kind', 'zxid', 'a', 'B', 'é', '10', '2', '"q"', 'a\u0000b', '\ud800'),
  fc.string({ maxLength: 4 }),
);
const value = fc.letrec<{ v: TraceValue | undefined }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.array(tie('v').filter((x) => x !== undefined) as fc.Arbitrary<TraceValue>, { maxLength: 4 }),
    fc.dictionary(key, fc.option(tie('v'), { nil: undefined }), { maxKeys: 6 }) as fc.Arbitrary<TraceValue>,
  ),
})).v;

describe('canonical form', () => {
  it('equals the sort-every-object definition for any value, whatever the keys’ insertion order', () => {
    fc.assert(
      fc.property(value, (v) => {
        if (v === undefined) return;
        expect(canonicalLine(v as unknown as TraceEvent)).toBe(reference(v));
      }),
      { numRuns: 3000 },
    );
  });

  it('tells apart key lists that a joined string would confuse', () => {
    const a = { 'a,b': 1, c: 2 } as unknown as TraceEvent;
    const b = { a: 1, 'b,c': 2 } as unknown as TraceEvent;
    expect(canonicalLine(a)).toBe('{"a,b":1,"c":2}');
    expect(canonicalLine(b)).toBe('{"a":1,"b,c":2}');
    expect(canonicalLine({ b: 1, a: 2 } as unknown as TraceEvent)).toBe('{"a":2,"b":1}');
    expect(canonicalLine({ a: 2, b: 1 } as unknown as TraceEvent)).toBe('{"a":2,"b":1}');
  });

  it('writes hex as the plain conversion does, for repeated values and past what it remembers', () => {
    const plain = (n: number | bigint) =>
      '0x' + (typeof n === 'bigint' ? BigInt.asUintN(64, n) : n).toString(16);
    const values: (number | bigint)[] = [0, 1, 1n, -1n, 2 ** 32 + 7, 0x100000097, 2n ** 63n, -0];
    for (let i = 0; i < 5000; i++) values.push(0x100000000 + i, BigInt(i) << 56n);
    for (const round of [1, 2])
      for (const n of values) expect(hex(n), `${typeof n} ${n}, round ${round}`).toBe(plain(n));
  });

  it('refuses what it refused before: non-finite numbers, undefined array items, functions', () => {
    expect(() => canonicalLine({ x: Number.NaN } as unknown as TraceEvent)).toThrow(/not finite/);
    expect(() => canonicalLine({ x: [undefined] } as unknown as TraceEvent)).toThrow(/cannot be serialized/);
    expect(() => canonicalLine({ x: () => 1 } as unknown as TraceEvent)).toThrow(/cannot be serialized/);
  });
});

describe.each([
  ['native (Node)', true],
  ['portable (noble, as in browsers)', false],
])('line hasher, %s', (_, native) => {
  it('uses the implementation asked for (Node has a native one)', () => {
    expect(new LineHasher({ native }).native).toBe(native);
  });

  it('hashes any split of the text into lines as one SHA-256 of its UTF-8 bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 40 }), { maxLength: 60 }), (parts) => {
        const lines = parts.map((p) => p + '\n');
        const h = new LineHasher({ native });
        for (const l of lines) h.add(l);
        expect(bytesToHex(h.digest())).toBe(bytesToHex(sha256(utf8ToBytes(lines.join('')))));
      }),
    );
  });

  it('gives the running digest at any point and goes on hashing across chunk boundaries', () => {
    const h = new LineHasher({ native });
    let text = '';
    for (let i = 0; i < 5000; i++) {
      const line = `{"i":${i},"s":"${'é'.repeat(i % 50)}"}\n`;
      h.add(line);
      text += line;
      if (i % 997 === 0) expect(bytesToHex(h.digest())).toBe(bytesToHex(sha256(utf8ToBytes(text))));
    }
    expect(text.length).toBeGreaterThan(3 * 64 * 1024);
    expect(bytesToHex(h.digest())).toBe(bytesToHex(sha256(utf8ToBytes(text))));
  });
});

describe('trace hash', () => {
  it('recorder, streamed recorder and traceHash agree with hashing each line', () => {
    const events = Array.from(
      { length: 3000 },
      (_, i) =>
        ({
          t: i,
          kind: 'lua.log',
          client: `c${i % 7}`,
          message: 'x'.repeat(i % 90),
        }) as unknown as TraceEvent,
    );
    const expected = bytesToHex(
      sha256(utf8ToBytes(events.map((e) => reference(e as never) + '\n').join(''))),
    );
    const kept = new TraceRecorder();
    const streamed = new TraceRecorder();
    const lines: string[] = [];
    streamed.stream((l) => lines.push(l));
    for (const e of events) {
      kept.record(e);
      streamed.record(e);
    }
    expect(kept.hash()).toBe(expected);
    expect(streamed.hash()).toBe(expected);
    expect(traceHash(events)).toBe(expected);
    expect(lines.join('')).toBe(kept.jsonl());
  });
});

describe('txn digest', () => {
  const txn = (path: string): Txn =>
    ({
      hdr: { clientId: 0x1234n, cxid: 3, zxid: 0x100000001, time: 5, type: 'create' },
      body: { path, data: 'x', acl: [], ephemeral: false, parentCVersion: 1 },
    }) as unknown as Txn;

  it('is the FNV-1a of the txn’s canonical line, the same for equal txns and again for one txn', () => {
    const a = txn('/a');
    const line = reference({ t: 0, kind: 'txn', hdr: a.hdr, body: a.body } as unknown as TraceValue);
    let h = 0x811c9dc5;
    for (let i = 0; i < line.length; i++) h = Math.imul(h ^ line.charCodeAt(i), 0x01000193);
    const fnv = (h >>> 0).toString(16).padStart(8, '0');
    expect(txnDigest(a)).toBe(fnv);
    expect(txnDigest(a)).toBe(fnv);
    expect(txnDigest(txn('/a'))).toBe(fnv);
    expect(txnDigest(txn('/b'))).not.toBe(fnv);
  });
});

describe('World.trace', () => {
  it('stamps the time on the body, and a body emitted twice becomes two events with their own times', () => {
    const events: TraceEvent[] = [];
    const world = new World(
      1,
      { latency: { distribution: 'uniform', min: 1, jitter: 0 }, detectMs: 10 },
      (e) => events.push(e),
    );
    const body: TraceBody = { kind: 'net.heal' };
    world.at(5, () => world.trace(body));
    world.at(9, () => world.trace(body));
    world.runUntil(10);
    expect(events.map((e) => e.t)).toEqual([5, 9]);
    expect(events[0]).not.toBe(events[1]);
  });
});
