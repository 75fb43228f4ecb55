// CanonicalWriter (canonical lines written as UTF-8 bytes) and LineHasher#addEvent: the same bytes
// as the canonical line's text, whatever the line's size, and nothing left behind by an event that
// cannot be written (docs/trace.md, "What it costs").
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { CanonicalWriter, canonicalLine } from '../../src/sim/trace/canonical.ts';
import type { TraceEvent } from '../../src/sim/trace/event.ts';
import { LineHasher } from '../../src/sim/trace/line-hasher.ts';

const ev = (fields: Record<string, unknown>) =>
  ({ t: 1, kind: 'lua.log', ...fields }) as unknown as TraceEvent;
const decode = (w: CanonicalWriter) => new TextDecoder().decode(w.bytes.subarray(0, w.length));

describe('CanonicalWriter', () => {
  it('writes each line and its newline as the UTF-8 of the canonical text, growing as needed', () => {
    const w = new CanonicalWriter(8);
    const events = [
      ev({ message: 'plain', n: 0, big: 2 ** 31, neg: -7, frac: 1028.321, tiny: 1e-7, z: -0 }),
      ev({ message: 'é\u2028"\\\n\u0001\ud800 😀'.repeat(5000), id: 0x100000003n, list: [1, [], {}] }),
    ];
    for (const e of events) w.line(e);
    expect(decode(w)).toBe(events.map((e) => canonicalLine(e) + '\n').join(''));
    expect(canonicalLine(events[0]!)).toBe(
      '{"big":2147483648,"frac":1028.321,"kind":"lua.log","message":"plain","n":0,"neg":-7,"t":1,"tiny":1e-7,"z":0}',
    );
  });

  it('leaves the buffer as it was when an event cannot be written', () => {
    const w = new CanonicalWriter();
    w.line(ev({ message: 'kept' }));
    const before = decode(w);
    expect(() => w.line(ev({ message: 'lost', n: Number.NaN }))).toThrow(/not finite/);
    expect(decode(w)).toBe(before);
  });
});

describe.each([
  ['native (Node)', true],
  ['portable (noble)', false],
])('LineHasher#addEvent, %s', (_, native) => {
  it('hashes events as their lines, across chunks, and skips one that cannot be written', () => {
    const h = new LineHasher({ native });
    let text = '';
    for (let i = 0; i < 3000; i++) {
      const e = ev({ i, s: 'ü'.repeat(i % 40) });
      h.addEvent(e);
      text += canonicalLine(e) + '\n';
      if (i === 1500) expect(() => h.addEvent(ev({ bad: Number.POSITIVE_INFINITY }))).toThrow(/not finite/);
    }
    expect(bytesToHex(h.digest())).toBe(bytesToHex(sha256(utf8ToBytes(text))));
  });
});
