// Picture patches: applying what changed between two pictures gives the second one exactly, nothing
// changed gives no patch, patches survive a structured clone, and the result shares every unchanged
// field and list item with the base, which is never modified.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyPatches, diffPicture } from '../../src/sim/view/picture-patch.ts';

const leaf = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom('x', 'y'),
  fc.boolean(),
  fc.constant(null),
);
const item = fc.oneof(leaf, fc.record({ id: fc.nat(3), at: fc.nat(3) }), fc.array(leaf, { maxLength: 2 }));
const field = fc.oneof(leaf, item, fc.array(item, { maxLength: 8 }));
const picture = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), field, { maxKeys: 6 });
type Pic = Record<string, unknown>;

/** A variation of a picture: fields replaced, added or removed, list items changed, added or removed. */
const nearby = (p: Pic): fc.Arbitrary<Pic> =>
  fc
    .array(fc.tuple(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), fc.nat(9), item, field), { maxLength: 4 })
    .map((edits) => {
      const out: Pic = { ...p };
      for (const [k, how, it, f] of edits) {
        const v = out[k];
        if (Array.isArray(v) && how < 6) {
          const list = [...v];
          if (how < 3 && list.length > 0) list[how % list.length] = it;
          else if (how < 5) list.push(it);
          else list.pop();
          out[k] = list;
        } else if (how < 8) out[k] = f;
        else delete out[k];
      }
      return out;
    });

const pair = picture.chain((prev) => fc.tuple(fc.constant(prev), fc.oneof(nearby(prev), picture)));

describe('picture patches', () => {
  it('applying diff(prev, next) to prev gives next; no patch means equal; prev is not modified', () => {
    fc.assert(
      fc.property(pair, ([prev, next]) => {
        const before = structuredClone(prev);
        const patch = diffPicture(prev, next);
        if (patch === undefined) expect(next).toEqual(prev);
        else {
          expect(applyPatches(prev, [patch])).toEqual(next);
          expect(next).not.toEqual(prev);
        }
        expect(prev).toEqual(before);
      }),
      { numRuns: 3000 },
    );
  });

  it('applies a chain of patches at once as one by one, through a structured clone', () => {
    fc.assert(
      fc.property(
        picture.chain((p0) =>
          nearby(p0).chain((p1) => nearby(p1).chain((p2) => nearby(p2).map((p3) => [p0, p1, p2, p3]))),
        ),
        (pics) => {
          const patches = pics.slice(1).map((p, i) => diffPicture(pics[i]!, p) ?? {});
          expect(applyPatches(pics[0]!, structuredClone(patches))).toEqual(pics[3]);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('names only the changed items of a long list, and shares the rest', () => {
    const sessions = Array.from({ length: 200 }, (_, i) => ({ session: `0x${i}`, at: 1000 + i }));
    const prev = { role: 'LEADING', logTail: [{ zxid: '0x1' }], expiries: sessions };
    const next = { ...prev, expiries: sessions.map((s, i) => (i === 7 ? { ...s, at: 5000 } : { ...s })) };
    const patch = diffPicture(prev, next)!;
    expect(patch).toEqual({
      lists: { expiries: { length: 200, at: [7], items: [{ session: '0x7', at: 5000 }] } },
    });
    const out = applyPatches(prev, [patch]);
    expect(out).toEqual(next);
    expect(out.logTail).toBe(prev.logTail);
    expect(out.expiries[6]).toBe(prev.expiries[6]);
  });

  it('sends a log tail that moved on by one txn as a shift and the new entry', () => {
    const entries = Array.from({ length: 21 }, (_, i) => ({ zxid: `0x${i}`, committed: true }));
    const prev = { logTail: entries.slice(0, 20) };
    const next = { logTail: entries.slice(1, 21) };
    const patch = diffPicture(prev, next)!;
    expect(patch).toEqual({ lists: { logTail: { length: 20, shift: 1, at: [19], items: [entries[20]] } } });
    const out = applyPatches(prev, [patch]);
    expect(out).toEqual(next);
    expect(out.logTail[0]).toBe(entries[1]);
  });

  it('turns any list into any other through shifts, kept items and new ones', () => {
    const item = fc.record({ id: fc.nat(5), v: fc.nat(2) });
    fc.assert(
      fc.property(
        fc.array(item, { maxLength: 12 }),
        fc.nat(12),
        fc.array(item, { maxLength: 6 }),
        (xs, k, extra) => {
          const prev = { list: xs };
          // Items kept from `prev` are the same objects, as a picture keeps them.
          const next = { list: [...xs.slice(Math.min(k, xs.length)), ...extra] };
          const patches = [diffPicture(prev, next) ?? {}];
          expect(applyPatches(prev, structuredClone(patches))).toEqual(next);
          expect(applyPatches(prev, patches)).toEqual(next);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
