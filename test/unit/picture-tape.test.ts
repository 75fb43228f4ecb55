// PatchTape: the patches a diff writes flat read back as the patches diffPicture makes (applied, the
// same pictures), across chunk boundaries and after truncation; what it keeps goes through `share`.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PatchTape } from '../../src/sim/view/patch-tape.ts';
import { applyPatches, diffPicture, type Patch } from '../../src/sim/view/picture-patch.ts';

type Pic = Record<string, unknown>;
const item = fc.oneof(fc.nat(3), fc.record({ id: fc.nat(3), at: fc.nat(3) }));
const picture: fc.Arbitrary<Pic> = fc.dictionary(
  fc.constantFrom('a', 'b', 'c', 'd'),
  fc.oneof(fc.nat(3), fc.constant(null), fc.array(item, { maxLength: 6 })),
  { maxKeys: 4 },
);

describe('PatchTape', () => {
  it('gives back the patches diffs find, in any range, after truncation and more pushes', () => {
    fc.assert(
      fc.property(
        fc.array(picture, { minLength: 1, maxLength: 40 }),
        fc.nat(40),
        fc.array(picture, { maxLength: 20 }),
        fc.tuple(fc.nat(60), fc.nat(60)),
        fc.integer({ min: 1, max: 5 }),
        (pics, cut, more, [a, b], perChunk) => {
          const tape = new PatchTape(perChunk);
          const patches: Patch[] = [];
          // Kept only when the pictures differ, as diffPicture gives a patch only then.
          const push = (prev: Pic, next: Pic) => {
            const p = diffPicture(prev, next);
            expect(tape.pushDiff(prev, next)).toBe(p !== undefined);
            if (p !== undefined) patches.push(p);
          };
          for (let i = 1; i < pics.length; i++) push(pics[i - 1]!, pics[i]!);
          const n = Math.min(cut, patches.length);
          tape.truncate(n);
          patches.length = n;
          let last = applyPatches(pics[0]!, patches);
          for (const p of more) {
            push(last, p);
            last = p;
          }
          expect(tape.length).toBe(patches.length);
          const from = Math.min(a, b) % (patches.length + 1);
          const to = Math.max(from, Math.max(a, b) % (patches.length + 1));
          expect(applyPatches(pics[0]!, tape.slice(0, to))).toEqual(
            applyPatches(pics[0]!, patches.slice(0, to)),
          );
          expect(applyPatches({}, tape.slice(from, to))).toEqual(applyPatches({}, patches.slice(from, to)));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('keeps what `share` gives for set fields and list items', () => {
    const kept = { id: 1 };
    const tape = new PatchTape(4, (field, v) => (field === 'x' ? kept : v));
    tape.pushDiff({ x: 0, y: 1 }, { x: { id: 1 }, y: 2 });
    const [b, c] = [{ id: 5 }, { id: 6 }];
    tape.pushDiff({ x: [{ id: 0 }, b, c] }, { x: [{ id: 1 }, b, c] });
    const [p, q] = tape.slice(0, 2);
    expect(p!.set!['x']).toBe(kept);
    expect(p!.set!['y']).toBe(2);
    expect(q!.lists!['x']!.items[0]).toBe(kept);
  });

  it('reads back ops on more fields than have numbers, and list changes past what one header holds', () => {
    const tape = new PatchTape(8);
    const objects = (n: number) => Array.from({ length: n }, (_, i) => ({ i }));
    /** The list moved on by `shift`, with new items at its end (the same length). */
    const movedOn = (list: object[], shift: number) => [...list.slice(shift), ...objects(shift)];
    const many: Pic = {};
    for (let i = 0; i < 70; i++) many[`f${i}`] = i;
    const long = objects(2000);
    const atLimit = objects(1023);
    const short = objects(5);
    const pictures: [Pic, Pic][] = [
      [{}, many],
      [
        { ...many, f69: long },
        { ...many, f68: undefined, f69: movedOn(long, 1) },
      ],
      [{ f1: atLimit }, { f1: movedOn(atLimit, 1) }],
      [{ f2: short }, { f2: movedOn(short, 2) }],
    ];
    delete pictures[1]![1]['f68'];
    for (const [prev, next] of pictures) expect(tape.pushDiff(prev, next)).toBe(true);
    const read = tape.slice(0, 4);
    expect(read.map((p, i) => applyPatches(pictures[i]![0], [p]))).toEqual(pictures.map(([, next]) => next));
    expect(read).toEqual(pictures.map(([prev, next]) => diffPicture(prev, next)));
    expect(read[1]!.del).toEqual(['f68']);
    expect(read[1]!.lists!['f69']).toMatchObject({ length: 2000, shift: 1, at: [1999] });
    expect(read[2]!.lists!['f1']).toEqual({ length: 1023, shift: 1, at: [1022], items: [{ i: 0 }] });
    expect(read[3]!.lists!['f2']).toMatchObject({ length: 5, shift: 2, at: [3, 4] });
  });
});
