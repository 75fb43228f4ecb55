// PatchTape: patches written flat read back as the same patches (applied, the same pictures), across
// chunk boundaries and after truncation; what it keeps goes through `share`.
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
  it('gives back the patches pushed, in any range, after truncation and more pushes', () => {
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
          const push = (prev: Pic, next: Pic) => {
            const p = diffPicture(prev, next) ?? {};
            patches.push(p);
            tape.push(p);
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

  it('keeps the same patches written as a diff finds them (pushDiff) as made into Patch objects first', () => {
    fc.assert(
      fc.property(
        fc.array(picture, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 5 }),
        (pics, perChunk) => {
          const objects = new PatchTape(perChunk);
          const direct = new PatchTape(perChunk);
          for (let i = 1; i < pics.length; i++) {
            const p = diffPicture(pics[i - 1]!, pics[i]!);
            if (p !== undefined) objects.push(p);
            expect(direct.pushDiff(pics[i - 1]!, pics[i]!)).toBe(p !== undefined);
          }
          expect(direct.length).toBe(objects.length);
          expect(direct.slice(0, direct.length)).toEqual(objects.slice(0, objects.length));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('keeps what `share` gives for set fields and list items', () => {
    const kept = { id: 1 };
    const tape = new PatchTape(4, (field, v) => (field === 'x' ? kept : v));
    tape.push({ set: { x: { id: 1 }, y: 2 }, lists: { x: { length: 1, at: [0], items: [{ id: 1 }] } } });
    const [p] = tape.slice(0, 1);
    expect(p!.set!['x']).toBe(kept);
    expect(p!.set!['y']).toBe(2);
    expect(p!.lists!['x']!.items[0]).toBe(kept);
  });

  it('reads back ops on more fields than have numbers, and list changes past what one header holds', () => {
    const tape = new PatchTape(8);
    const set: Record<string, unknown> = {};
    for (let i = 0; i < 70; i++) set[`f${i}`] = i;
    const patches: Patch[] = [
      { set },
      { lists: { f69: { length: 2000, shift: 1, at: [1999], items: ['x'] } }, del: ['f68'] },
      { lists: { f1: { length: 1023, shift: 1, at: [1022], items: ['y'] } } },
      { lists: { f2: { length: 5, shift: 2, at: [4], items: ['z'] } } },
    ];
    for (const p of patches) tape.push(p);
    expect(tape.slice(0, 4).map((p) => applyPatches({}, [p]))).toEqual(
      patches.map((p) => applyPatches({}, [p])),
    );
    expect(tape.slice(2, 3)[0]!.lists!['f1']).toEqual({ length: 1023, shift: 1, at: [1022], items: ['y'] });
  });
});
