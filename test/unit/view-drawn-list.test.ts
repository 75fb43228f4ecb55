import { describe, expect, it } from 'vitest';
import { DrawnList, KeyedList } from '../../src/sim/view/drawn-list.ts';
import { flatEqual, keepEqual } from '../../src/sim/view/same-items.ts';

describe('keepEqual', () => {
  it('keeps the earlier object for each equal item and the earlier list when all are equal', () => {
    const prev = [
      { a: 1, b: [1, 2] },
      { a: 2, b: [] },
    ];
    const same = keepEqual(prev, [
      { a: 1, b: [1, 2] },
      { a: 2, b: [] },
    ]);
    expect(same).toBe(prev);
    const next = keepEqual(prev, [
      { a: 1, b: [1, 2] },
      { a: 3, b: [] },
    ]);
    expect(next).not.toBe(prev);
    expect(next[0]).toBe(prev[0]);
    expect(next[1]).toEqual({ a: 3, b: [] });
  });

  it('tells a list that only grew or shrank from the earlier one', () => {
    const prev = [{ a: 1 }];
    expect(keepEqual(prev, [{ a: 1 }, { a: 2 }])).not.toBe(prev);
    expect(keepEqual(prev, [])).not.toBe(prev);
  });

  it('compares flat records field by field, including a missing field', () => {
    expect(flatEqual({ a: 1, b: null }, { a: 1, b: null })).toBe(true);
    expect(flatEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(flatEqual({ a: [1] }, { a: [2] })).toBe(false);
  });
});

describe('DrawnList', () => {
  it('draws again only when its raw values change', () => {
    const list = new DrawnList<{ id: string }>();
    const draw = (ids: number[]) => ids.map((i) => ({ id: `0x${i.toString(16)}` }));
    expect(list.get([1, 2])).toBeUndefined();
    const first = list.keep([1, 2], draw([1, 2]));
    expect(list.get([1, 2])).toBe(first);
    expect(list.get([1, 3])).toBeUndefined();
    const second = list.keep([1, 3], draw([1, 3]));
    expect(second[0]).toBe(first[0]);
    expect(second[1]).toEqual({ id: '0x3' });
    expect(list.get([1, 3])).toBe(second);
  });

  it('keeps a copy of the raw values, so a caller may refill one array for every call', () => {
    const list = new DrawnList<{ n: number }>();
    const raw = [1];
    const first = list.keep(raw, [{ n: 1 }]);
    raw[0] = 2;
    expect(list.get(raw)).toBeUndefined();
    const second = list.keep(raw, [{ n: 2 }]);
    expect(second).not.toBe(first);
    expect(list.get(raw)).toBe(second);
  });
});

describe('KeyedList', () => {
  it('draws an item once per key and value, and keeps the list while every item is the same', () => {
    const list = new KeyedList<number, { id: number; at: number }>();
    let draws = 0;
    const draw = (id: number, at: unknown) => {
      draws++;
      return { id, at: at as number };
    };
    const first = list.get([1, 2, 3], [10, 20, 30], draw);
    expect(list.get([1, 2, 3], [10, 20, 30], draw)).toBe(first);
    expect(draws).toBe(3);
    const moved = list.get([1, 2, 3], [10, 25, 30], draw);
    expect(draws).toBe(4);
    expect(moved).toEqual([
      { id: 1, at: 10 },
      { id: 2, at: 25 },
      { id: 3, at: 30 },
    ]);
    expect(moved[0]).toBe(first[0]);
    expect(moved[2]).toBe(first[2]);
    // A key that leaves and comes back with the same value is the same item again.
    expect(list.get([1, 3], [10, 30], draw)).toEqual([first[0], first[2]]);
    expect(draws).toBe(4);
  });
});
