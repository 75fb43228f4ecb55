// PictureLog: the picture at any index is the last one added with a key at or below it, however
// the log is asked (forward, backward, at random) and after cuts; it keeps patches, not pictures.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PICTURES_PER_CHECKPOINT, PictureLog } from '../../src/conductor/picture-log.ts';

type Pic = { role: string; zxid: number; sessions: { id: number; at: number }[] };

const pic: fc.Arbitrary<Pic> = fc.record({
  role: fc.constantFrom('LOOKING', 'FOLLOWING', 'LEADING'),
  zxid: fc.nat(5),
  sessions: fc.array(fc.record({ id: fc.nat(3), at: fc.nat(3) }), { maxLength: 4 }),
});

describe('PictureLog', () => {
  it('gives the last picture with key ≤ index, in any order of asking and after cuts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(pic, fc.nat(2)), { maxLength: 150 }),
        fc.array(fc.nat(400), { maxLength: 40 }),
        fc.nat(400),
        fc.array(fc.tuple(pic, fc.nat(2)), { maxLength: 40 }),
        (steps, asks, cutAt, after) => {
          const initial: Pic = { role: 'NONE', zxid: 0, sessions: [] };
          const log = new PictureLog(initial);
          const added: [number, Pic][] = [];
          let key = 1;
          for (const [p, gap] of steps) {
            key += gap;
            added.push([key, p]);
            log.add(key, structuredClone(p));
          }
          const expected = (entries: [number, Pic][], index: number) =>
            entries.filter(([k]) => k <= index).at(-1)?.[1] ?? initial;
          for (const a of asks) expect(log.at(a % (key + 3))).toEqual(expected(added, a % (key + 3)));
          const cut = cutAt % (key + 3);
          log.cut(cut);
          const kept = added.filter(([k]) => k <= cut);
          let k2 = Math.max(cut, key === 1 ? 1 : 0) + 1;
          for (const [p, gap] of after) {
            k2 += gap;
            kept.push([k2, p]);
            log.add(k2, structuredClone(p));
          }
          for (const a of asks) expect(log.at(a % (k2 + 3))).toEqual(expected(kept, a % (k2 + 3)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps one patch per changed picture and a whole one only every PICTURES_PER_CHECKPOINT', () => {
    const sessions = Array.from({ length: 200 }, (_, i) => ({ id: i, at: 0 }));
    const log = new PictureLog<Pic>({ role: 'LEADING', zxid: 0, sessions });
    let current = sessions;
    for (let i = 1; i <= 1000; i++) {
      current = current.map((s, j) => (j === i % 200 ? { ...s, at: i } : s));
      log.add(i, { role: 'LEADING', zxid: i, sessions: current });
    }
    log.add(1001, { role: 'LEADING', zxid: 1000, sessions: current }); // unchanged: nothing kept
    expect(log.size).toBe(1000);
    expect(log.at(500).sessions[100]!.at).toBe(500);
    expect(log.at(500).sessions[101]!.at).toBe(301);
    expect(log.at(500).zxid).toBe(500);
    // Consecutive pictures share the sessions they did not change.
    expect(log.at(501).sessions[3]).toBe(log.at(500).sessions[3]);
    expect(PICTURES_PER_CHECKPOINT).toBeGreaterThan(1);
  });

  it('keeps in checkpoints and patches what `share` gives instead of what was drawn', () => {
    const kept = { id: 7, at: 7 };
    const share = (field: string, v: unknown) =>
      field === 'sessions' && Array.isArray(v) ? v.map((s) => (s.id === 7 ? kept : s)) : v;
    const log = new PictureLog<Pic>({ role: 'NONE', zxid: 0, sessions: [] }, share);
    for (let i = 1; i <= PICTURES_PER_CHECKPOINT + 2; i++)
      log.add(i, { role: 'LEADING', zxid: i, sessions: [{ id: 7, at: 7 }] });
    expect(log.at(1).sessions[0]).toBe(kept);
    expect(log.at(PICTURES_PER_CHECKPOINT + 1).sessions[0]).toBe(kept);
    expect(log.at(PICTURES_PER_CHECKPOINT + 2)).toEqual({
      role: 'LEADING',
      zxid: PICTURES_PER_CHECKPOINT + 2,
      sessions: [kept],
    });
  });
});
