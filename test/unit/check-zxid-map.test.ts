import { describe, expect, it } from 'vitest';
import { ZxidMap } from '../../src/sim/check/zxid-map.ts';

const zx = (epoch: number, counter: number) => epoch * 2 ** 32 + counter;

describe('ZxidMap', () => {
  it('answers as a Map would, for txn zxids, gaps, far zxids, odd keys and overwrites', () => {
    const m = new ZxidMap<number>();
    const ref = new Map<number, number>();
    const keys = [
      zx(1, 1),
      zx(1, 2),
      zx(1, 5),
      zx(2, 1),
      zx(1, 3),
      zx(1, 2_000_000), // far beyond the epoch's slots
      zx(3, 300), // a new epoch that does not start near 1
      zx(3, 2), // its slots start later, so this fills an array after a far key went to the Map
      0,
      5,
      -1,
      1.5,
      Number.NaN,
      2 ** 60,
      zx(1, 1), // overwritten
    ];
    keys.forEach((k, i) => {
      m.set(k, i);
      ref.set(k, i);
      for (const q of [...keys, zx(1, 4), zx(4, 1), 7]) expect([q, m.get(q)]).toEqual([q, ref.get(q)]);
    });
    for (const q of keys) expect(m.has(q)).toBe(true);
    expect(m.has(zx(1, 4))).toBe(false);
  });

  it('fills a counter that first went to the Map and later lies in its epoch’s array', () => {
    const m = new ZxidMap<string>();
    m.set(zx(1, 1), 'a');
    m.set(zx(1, 400), 'far');
    for (let c = 2; c < 400; c++) m.set(zx(1, c), `c${c}`);
    m.set(zx(1, 400), 'again');
    expect(m.get(zx(1, 400))).toBe('again');
    expect(m.get(zx(1, 399))).toBe('c399');
  });
});
