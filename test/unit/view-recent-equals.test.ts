// RecentEquals: an equal value seen lately under the same key is given back instead; a different
// value under the same key never is; the table forgets its oldest keys beyond its bound.
import { describe, expect, it } from 'vitest';
import { RecentEquals } from '../../src/sim/view/recent-equals.ts';

describe('RecentEquals', () => {
  it('shares equal values, never unequal ones', () => {
    const r = new RecentEquals<{ zxid: string; acks: number[] | null }>(8);
    const a = { zxid: '0x1', acks: [1, 2] };
    expect(r.share('k', a)).toBe(a);
    expect(r.share('k', { zxid: '0x1', acks: [1, 2] })).toBe(a);
    const b = { zxid: '0x1', acks: [1] };
    expect(r.share('k', b)).toBe(b);
    expect(r.share('k', { zxid: '0x1', acks: [1] })).toBe(b);
  });

  it('keeps a value per sub under one key, and the newest sixteen subs', () => {
    const r = new RecentEquals<{ zxid: string; state: number }>(8);
    const kept = Array.from({ length: 17 }, (_, state) => r.share('0x1', { zxid: '0x1', state }, state));
    // Equal values under other subs are not looked at: the sub narrows the search.
    const other = { zxid: '0x1', state: 3 };
    expect(r.share('0x1', other, 99)).toBe(other);
    for (let state = 4; state <= 16; state++)
      expect(r.share('0x1', { zxid: '0x1', state }, state)).toBe(kept[state]);
    const oldest = { zxid: '0x1', state: 0 };
    expect(r.share('0x1', oldest, 0)).toBe(oldest);
  });

  it('forgets the oldest keys beyond its bound', () => {
    const r = new RecentEquals<{ n: number }>(4);
    const first = { n: 0 };
    r.share('0', first);
    for (let i = 1; i <= 4; i++) r.share(String(i), { n: i });
    const again = { n: 0 };
    expect(r.share('0', again)).toBe(again);
    const recent = { n: 4 };
    expect(r.share('4', recent)).not.toBe(recent);
  });
});
